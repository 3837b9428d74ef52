import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { chmod, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { setLocale } from "../i18n/index.js";
import { listSource, openSource, readSource, readSourceHead, type SourceProgress, SourcesError } from "./index.js";

const TEXT = `${'{"type":"domain-name","spec_version":"2.1","value":"x.example"}\n'.repeat(2000)}`;

let dir = "";
let server: Server;
let base = "";

before(async () => {
  setLocale("en");
  dir = await mkdtemp(join(tmpdir(), "centinela-sources-"));
  server = createServer((req, res) => {
    if (req.url === "/plain") res.end(TEXT);
    else if (req.url === "/gz") res.end(gzipSync(TEXT));
    else if (req.url === "/auth") res.end(req.headers.authorization ?? "none");
    else {
      res.statusCode = 404;
      res.end("gone");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: Buffer | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function text(spec: string): Promise<string> {
  return (await readSource(spec)).text;
}

const code = (expected: string, message?: RegExp) => (error: unknown) => {
  assert.ok(error instanceof SourcesError, String(error));
  assert.equal(error.code, expected);
  if (message) assert.match(error.message, message);
  return true;
};

describe("sources", () => {
  it("reads plain and gzip files alike, counting the bytes read as stored", async () => {
    const plain = await file("a.json", TEXT);
    const gz = gzipSync(TEXT);
    const zipped = await file("a.json.gz", gz);
    assert.equal(await text(plain), TEXT);
    const seen: SourceProgress[] = [];
    const source = await openSource(zipped, { onProgress: (p) => seen.push(p) });
    const chunks: Buffer[] = [];
    for await (const chunk of source.stream) chunks.push(chunk as Buffer);
    assert.equal(Buffer.concat(chunks).toString("utf8"), TEXT);
    assert.equal(source.gzip, true);
    assert.deepEqual([source.size, source.bytesRead()], [gz.length, gz.length]);
    assert.deepEqual(seen.at(-1), { read: gz.length, total: gz.length });
  });

  it("reads an empty file as no bytes", async () => {
    assert.equal(await text(await file("empty", "")), "");
  });

  it("fetches URLs, plain or gzip, sending the headers given", async () => {
    assert.equal(await text(`${base}/plain`), TEXT);
    assert.equal(await text(`${base}/gz`), TEXT);
    const auth = await readSource(`${base}/auth`, { headers: { authorization: "Bearer t" } });
    assert.equal(auth.text, "Bearer t");
  });

  it("names the source and what is wrong: missing, a folder, HTTP status, network", async () => {
    await assert.rejects(readSource(join(dir, "nope.json")), code("SOURCE_NOT_FOUND", /nope\.json: no such file/));
    await assert.rejects(openSource(dir), code("SOURCE_IS_FOLDER", /is a folder/));
    await assert.rejects(readSource(`${base}/missing`), code("SOURCE_HTTP_STATUS", /\/missing: HTTP 404/));
    await assert.rejects(readSource("http://127.0.0.1:1/x"), code("SOURCE_NETWORK", /127\.0\.0\.1:1\/x: .*network/));
  });

  it("fails to open a missing file at once, leaving no stream to fail later", async () => {
    const unhandled: unknown[] = [];
    const listener = (error: unknown) => unhandled.push(error);
    process.on("uncaughtException", listener);
    try {
      await assert.rejects(openSource("/nonexistent/centinela/input.json"), code("SOURCE_NOT_FOUND"));
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off("uncaughtException", listener);
    }
    assert.deepEqual(unhandled, []);
  });

  it("refuses a file it may not read", async (t) => {
    if (process.getuid?.() === 0) {
      t.skip("root reads every file");
      return;
    }
    const locked = await file("locked", "x");
    await chmod(locked, 0o000);
    await assert.rejects(readSource(locked), code("SOURCE_UNREADABLE", /locked: cannot be read \(EACCES\)/));
  });

  it("stops at the size limit, before reading a file too large, or part-way through a gzip", async () => {
    const plain = await file("big.json", TEXT);
    await assert.rejects(readSource(plain, { maxBytes: 1000 }), code("SOURCE_TOO_LARGE", /more than 1,000 bytes/));
    // A gzip small on disk that inflates past the limit: a bomb stops at the limit.
    const bomb = await file("bomb.gz", gzipSync(Buffer.alloc(50_000_000)));
    await assert.rejects(readSource(bomb, { maxBytes: 1_000_000 }), code("SOURCE_TOO_LARGE"));
  });

  it("tells a truncated gzip from a damaged one", async () => {
    const gz = gzipSync(TEXT);
    const cut = await file("cut.gz", gz.subarray(0, Math.floor(gz.length / 2)));
    await assert.rejects(text(cut), code("SOURCE_GZIP_TRUNCATED", /cut\.gz: the gzip data ends early/));
    const broken = Buffer.from(gz);
    broken.fill(0x41, 20, 60);
    await assert.rejects(text(await file("broken.gz", broken)), code("SOURCE_GZIP_DAMAGED"));
  });

  it("gives the head of a source, even of a truncated gzip", async () => {
    const gz = gzipSync(TEXT);
    const cut = await file("cut-head.gz", gz.subarray(0, Math.floor(gz.length / 2)));
    const head = await readSourceHead(cut, 100);
    assert.equal(head, TEXT.slice(0, 100));
    assert.equal(await readSourceHead(await file("short", "ab"), 100), "ab");
  });

  it("lists the matching files of a folder, sorted; a file or URL as itself", async () => {
    const folder = join(dir, "nvd");
    await mkdir(join(folder, "sub"), { recursive: true });
    for (const n of ["b.json", "a.json.gz", "notes.txt", "sub/c.json"]) await writeFile(join(folder, n), "{}");
    assert.deepEqual(await listSource(folder, { match: /\.json(\.gz)?$/ }), [
      join(folder, "a.json.gz"),
      join(folder, "b.json"),
    ]);
    assert.deepEqual(await listSource(folder, { match: /\.json$/, recursive: true }), [
      join(folder, "b.json"),
      join(folder, "sub/c.json"),
    ]);
    assert.deepEqual(await listSource(`${base}/plain`), [`${base}/plain`]);
    await assert.rejects(listSource(join(dir, "none")), code("SOURCE_NOT_FOUND"));
  });

  it("closes the file when the reader stops early", async (t) => {
    if (!existsSync("/proc/self/fd")) {
      t.skip("needs /proc/self/fd to count open files");
      return;
    }
    const big = await file("long.json", TEXT.repeat(50));
    const before = readdirSync("/proc/self/fd").length;
    const source = await openSource(big);
    for await (const _chunk of source.stream) break;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(readdirSync("/proc/self/fd").length, before);
  });
});
