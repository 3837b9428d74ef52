import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { connect, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openStore } from "../../store/index.js";
import { dataTarget, type Served, serveTarget } from "./cli-target.fixture.js";

/**
 * SIGTERM to the real `node bin/centinela.js serve` process (what a service manager sends): a
 * process of its own is the point here, so these tests spawn it. An upload half sent when the
 * signal comes is read to its end and stored, new connections are refused, and the exit code is 0;
 * an upload that stalls past --shutdown-grace is cut, with exit code 1.
 */

const PASSWORD = "admin-pw-123";
const INDICATOR = {
  type: "indicator",
  spec_version: "2.1",
  id: "indicator--7c4b3e1a-0000-4000-8000-00000000beef",
  created: "2026-01-01T00:00:00.000Z",
  modified: "2026-01-01T00:00:00.000Z",
  pattern: "[ipv4-addr:value = '203.0.113.77']",
  pattern_type: "stix",
  valid_from: "2026-01-01T00:00:00Z",
};

/** Reads from `socket` until `pattern` is in what came, and resolves to all of it. */
function readUntil(socket: Socket, pattern: RegExp, seen: { text: string }): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (pattern.test(seen.text)) {
        socket.off("data", onData);
        socket.off("close", onClose);
        resolve(seen.text);
      }
    };
    const onData = (chunk: Buffer) => {
      seen.text += chunk.toString("utf8");
      check();
    };
    const onClose = () => reject(new Error(`connection closed before ${pattern}: ${seen.text}`));
    socket.on("data", onData);
    socket.on("close", onClose);
    check();
  });
}

/** Resolves once the server's standard error holds `pattern`. */
async function stderrHas(server: Served, pattern: RegExp): Promise<void> {
  while (!pattern.test(server.stderr())) await new Promise((r) => setTimeout(r, 20));
}

/** Opens a POST of the indicator to the default collection and sends its headers and half its body. */
async function halfPost(server: Served): Promise<{ socket: Socket; rest: string; seen: { text: string } }> {
  const url = new URL(server.url.replace(/\/taxii2\/$/, "/taxii2/main/collections/default/objects/"));
  const body = JSON.stringify({ objects: [INDICATOR] });
  const socket = connect(Number(url.port), url.hostname);
  await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
  const seen = { text: "" };
  socket.write(
    [
      `POST ${url.pathname} HTTP/1.1`,
      `Host: ${url.host}`,
      `Authorization: Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`,
      "Content-Type: application/taxii+json;version=2.1",
      "Accept: application/taxii+json;version=2.1",
      `Content-Length: ${Buffer.byteLength(body)}`,
      // The server's "100 Continue" says the request has begun: the signal then comes mid-request.
      "Expect: 100-continue",
      "Connection: keep-alive",
      "",
      "",
    ].join("\r\n"),
  );
  await readUntil(socket, /^HTTP\/1\.1 100 Continue\r\n\r\n/, seen);
  const half = Math.floor(body.length / 2);
  socket.write(body.slice(0, half));
  seen.text = "";
  return { socket, rest: body.slice(half), seen };
}

/** Resolves to the process's exit code. */
function exitCode(server: Served): Promise<number | null> {
  if (server.child.exitCode !== null) return Promise.resolve(server.child.exitCode);
  return new Promise((resolve) => server.child.once("exit", (code) => resolve(code)));
}

describe("serve stops cleanly on SIGTERM", () => {
  it("finishes an upload in progress, stores it, refuses new connections, exits 0", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-stop-"));
    const data = join(dir, "data");
    const server = await serveTarget(dataTarget(data), { CENTINELA_ADMIN_PASSWORD: PASSWORD });
    t.after(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const { socket, rest, seen } = await halfPost(server);
    const ended = exitCode(server);
    server.child.kill("SIGTERM");
    await stderrHas(server, /stopping \(SIGTERM\)/);
    // No new connection is taken once the stop has begun.
    const port = Number(new URL(server.url).port);
    const refused = await new Promise<string>((resolve) => {
      const s = connect(port, "127.0.0.1");
      s.once("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      s.once("connect", () => {
        s.destroy();
        resolve("connected");
      });
    });
    assert.equal(refused, "ECONNREFUSED");
    socket.write(rest);
    const answer = await readUntil(socket, /\r\n\r\n[\s\S]*"success_count":\s*1/, seen);
    assert.match(answer, /^HTTP\/1\.1 202 /);
    // The keep-alive connection ends with its answer, so the stop need not wait for the client.
    assert.match(answer, /\r\nconnection: close\r\n/i);
    assert.equal(await ended, 0, server.stderr());
    assert.match(server.stderr(), /stopped: the requests ended and the store is closed/);
    socket.destroy();
    // The object the upload carried is in the store.
    const store = await openStore({ dataDir: data });
    try {
      const versions = await store.getVersions({ kind: "system", orgId: null, userId: null }, INDICATOR.id);
      assert.equal(versions.length, 1);
    } finally {
      await store.close();
    }
    // The request is in the log, with its id, and the stop too.
    const log = server.stdout();
    assert.match(log, /"route":"\/taxii2\/main\/collections\/:collectionId\/objects\/","status":202/);
    assert.match(log, /"msg":"stopping: no new connections; finishing the requests in progress"/);
  });

  it("cuts an upload that stalls past --shutdown-grace and exits 1", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-stop-"));
    const server = await serveTarget(dataTarget(join(dir, "data")), { CENTINELA_ADMIN_PASSWORD: PASSWORD }, [
      "--shutdown-grace",
      "1",
    ]);
    t.after(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const { socket } = await halfPost(server);
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const ended = exitCode(server);
    server.child.kill("SIGTERM");
    await closed;
    assert.equal(await ended, 1);
    assert.match(server.stderr(), /did not end within 1 s: they were cut/);
  });
});
