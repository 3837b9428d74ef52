import assert from "node:assert/strict";
import { connect } from "node:net";
import { after, before, describe, it } from "node:test";
import { apiPlugin } from "../api/index.js";
import { createFixture, listenFixture, type TaxiiFixture } from "../taxii/test-fixture.js";
import { createServer } from "./server.js";

/** What came back on one raw connection: every byte, and how it ended. */
interface Exchange {
  text: string;
  /** The socket error (ECONNRESET…), null when the server closed cleanly. */
  error: string | null;
}

/** Sends `bytes` on a new connection, half-closes unless `keepOpen`, and reads until the server closes (at most 5 s). */
function exchange(port: number, bytes: string, keepOpen = false): Promise<Exchange> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let text = "";
    let error: string | null = null;
    socket.setEncoding("latin1");
    socket.on("data", (d: string) => {
      text += d;
    });
    socket.on("error", (e: NodeJS.ErrnoException) => {
      error = e.code ?? e.message;
    });
    socket.on("close", () => resolve({ text, error }));
    socket.write(bytes, () => {
      if (!keepOpen) socket.end();
    });
    setTimeout(() => {
      error ??= "TIMEOUT";
      socket.destroy();
    }, 5000).unref();
  });
}

/** The HTTP responses in `text`, each with status, headers and body (by Content-Length). */
function responses(text: string): Array<{ status: number; headers: Record<string, string>; body: string }> {
  const found = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf("\r\n\r\n");
    assert.ok(end > 0, `a whole header block in ${JSON.stringify(rest.slice(0, 200))}`);
    const [statusLine = "", ...lines] = rest.slice(0, end).split("\r\n");
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers["content-length"]);
    const body = rest.slice(end + 4, end + 4 + length);
    assert.equal(Buffer.byteLength(body, "latin1"), length, `the whole body of ${statusLine}`);
    found.push({ status: Number(statusLine.split(" ")[1]), headers, body });
    rest = rest.slice(end + 4 + length);
  }
  return found;
}

const TAXII = "application/taxii+json;version=2.1";
const TRUNCATED = '{"objects":[{"type":"indicator"';

describe("error answers over a real socket: hostile and broken requests get their whole answer", () => {
  let f: TaxiiFixture;
  let port: number;
  let apiPort: number;
  let api: Awaited<ReturnType<typeof createServer>>;
  before(async () => {
    f = await createFixture({ bodyLimit: 4096, requestTimeoutMs: 600 });
    port = Number(new URL(await listenFixture(f)).port);
    api = await createServer({ store: f.store, plugins: [apiPlugin({ store: f.store })], bodyLimit: 4096 });
    await api.listen({ host: "127.0.0.1", port: 0 });
    apiPort = (api.server.address() as { port: number }).port;
  });
  after(async () => {
    await api.close();
    await f.close();
  });

  const post = (path: string, length: number, body: string, type = TAXII) =>
    `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${f.users.alice.token}\r\nAccept: ${TAXII}\r\n` +
    `Content-Type: ${type}\r\nAccept-Language: en\r\nContent-Length: ${length}\r\n\r\n${body}`;

  it("answers a body shorter than its Content-Length, then half-closed, with the route's 400", async () => {
    const got = await exchange(port, post("/taxii2/main/collections/c1/objects/", 100, TRUNCATED));
    assert.equal(got.error, null, "closed cleanly, not reset");
    const [answer, ...more] = responses(got.text);
    assert.equal(more.length, 0, "one answer, nothing after it");
    assert.equal(answer?.status, 400);
    assert.match(answer?.headers["content-type"] ?? "", /^application\/taxii\+json;version=2\.1/);
    assert.equal(answer?.headers.connection, "close");
    assert.deepEqual(JSON.parse(answer?.body ?? ""), {
      title: "Incomplete body",
      description: "the body is shorter or longer than its Content-Length; send it whole",
      error_code: "SERVER_BAD_BODY",
      http_status: "400",
    });
  });

  it("answers a client that stalls mid-body when the request time is up, in the route's format", async () => {
    const got = await exchange(port, post("/taxii2/main/collections/c1/objects/", 100, TRUNCATED), true);
    const [answer, ...more] = responses(got.text);
    assert.equal(more.length, 0);
    assert.equal(answer?.status, 400);
    assert.equal(JSON.parse(answer?.body ?? "").error_code, "SERVER_BAD_BODY");
    assert.notEqual(got.error, "TIMEOUT", "the server answered and closed by itself");
  });

  it("answers the REST API's short body as a problem document", async () => {
    const got = await exchange(apiPort, post(`/api/v1/orgs/${f.orgs.a}/assets`, 100, TRUNCATED, "application/json"));
    assert.equal(got.error, null);
    const [answer, ...more] = responses(got.text);
    assert.equal(more.length, 0);
    assert.equal(answer?.status, 400);
    assert.match(answer?.headers["content-type"] ?? "", /^application\/problem\+json/);
    assert.equal(JSON.parse(answer?.body ?? "").code, "SERVER_BAD_BODY");
  });

  it("adds nothing after an answer given before the body came (unknown path), when the body is then cut short", async () => {
    const got = await exchange(port, post("/taxii2/nowhere/", 100, TRUNCATED));
    assert.equal(got.error, null);
    const all = responses(got.text);
    assert.deepEqual(
      all.map((r) => r.status),
      [404],
    );
  });

  it("answers a malformed request in the format of the path its request line names, and closes cleanly", async () => {
    const taxii = await exchange(port, "GET /taxii2/ HTTP/1.1\r\nAccept-Language: en\r\nHo st: x\r\n\r\n");
    assert.equal(taxii.error, null);
    const [answer] = responses(taxii.text);
    assert.equal(answer?.status, 400);
    assert.match(answer?.headers["content-type"] ?? "", /^application\/taxii\+json/);
    assert.match(JSON.parse(answer?.body ?? "").description, /^malformed HTTP request: Invalid header token/);
    const other = responses((await exchange(port, "BLAH\r\n\r\n")).text);
    assert.match(other[0]?.headers["content-type"] ?? "", /^application\/problem\+json/);
    const huge = responses(
      (await exchange(port, `GET /taxii2/ HTTP/1.1\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`)).text,
    );
    assert.equal(huge[0]?.status, 431);
    assert.equal(JSON.parse(huge[0]?.body ?? "").error_code, "SERVER_HEADERS_TOO_LARGE");
  });

  it("answers a body over the limit with 413 while the client is still sending", async () => {
    const got = await exchange(port, post("/taxii2/main/collections/c1/objects/", 50_000, "x".repeat(20_000)), true);
    const [answer] = responses(got.text);
    assert.equal(answer?.status, 413);
    assert.equal(JSON.parse(answer?.body ?? "").error_code, "SERVER_TOO_LARGE");
  });

  it("gives each of 60 hostile requests one whole answer and no reset", async () => {
    const bodies = [TRUNCATED, "{", "", "null", '{"objects":', "\u0000\u00ff", "[]"];
    const cases: Array<Promise<Exchange>> = [];
    for (let i = 0; i < 60; i++) {
      const body = bodies[i % bodies.length] ?? "";
      const length = Buffer.byteLength(body, "latin1") + (i % 3) * 37;
      cases.push(exchange(port, post("/taxii2/main/collections/c1/objects/", length, body)));
    }
    for (const [i, got] of (await Promise.all(cases)).entries()) {
      assert.equal(got.error, null, `request ${i}: ${JSON.stringify(got.text.slice(0, 120))}`);
      const all = responses(got.text);
      assert.equal(all.length, 1, `request ${i}`);
      assert.ok((all[0]?.status ?? 0) >= 400 && (all[0]?.status ?? 0) < 500, `request ${i}: ${all[0]?.status}`);
      assert.match(all[0]?.headers["content-type"] ?? "", /^application\/taxii\+json/, `request ${i}`);
    }
  });
});
