import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { readStixStream } from "./bundle-reader.js";
import { openStixInput } from "./input.js";

const OBJECT = '{"type":"domain-name","spec_version":"2.1","value":"x.example"}';

async function withFile(content: Buffer | string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-input-"));
  try {
    const path = join(dir, "input");
    await writeFile(path, content);
    await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readAll(path: string): Promise<string> {
  const input = await openStixInput(path);
  const chunks: Buffer[] = [];
  for await (const chunk of input.stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

describe("openStixInput", () => {
  it("reads plain and gzip files alike, and counts the bytes read on disk", async () => {
    const text = `${OBJECT}\n`.repeat(1000);
    await withFile(text, async (path) => assert.equal(await readAll(path), text));
    const gz = gzipSync(text);
    await withFile(gz, async (path) => {
      const input = await openStixInput(path);
      const chunks: Buffer[] = [];
      for await (const chunk of input.stream) chunks.push(chunk as Buffer);
      assert.equal(Buffer.concat(chunks).toString("utf8"), text);
      assert.equal(input.size, gz.length);
      assert.equal(input.bytesRead(), gz.length);
    });
  });

  it("reads an empty file as no bytes", async () => {
    await withFile("", async (path) => assert.equal(await readAll(path), ""));
  });

  it("reports a corrupt gzip file as an error of the stream", async () => {
    const gz = gzipSync(`${OBJECT}\n`.repeat(1000));
    gz.fill(0x41, 20, 60);
    await withFile(gz, async (path) => {
      await assert.rejects(readAll(path), (error: Error & { code?: string }) =>
        /Z_DATA_ERROR|incorrect|invalid/i.test(`${error.code} ${error.message}`),
      );
    });
  });

  it("closes the file when the reader stops early", async (t) => {
    if (!existsSync("/proc/self/fd")) {
      t.skip("needs /proc/self/fd to count open files");
      return;
    }
    await withFile(`${OBJECT}\n`.repeat(200_000), async (path) => {
      const before = readdirSync("/proc/self/fd").length;
      const input = await openStixInput(path);
      for await (const item of readStixStream(input.stream)) {
        assert.equal(item.kind, "object");
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(readdirSync("/proc/self/fd").length, before);
    });
  });
});
