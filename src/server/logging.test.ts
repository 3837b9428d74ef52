import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { generateToken, hashPassword, tokenHash } from "../access/index.js";
// The plugins `serve` mounts, so the log is the one a service writes (a test-only use of them).
import { consolePlugin, createSessions } from "../console/index.js";
import { type Actor, openStore } from "../store/index.js";
import { createServer, defaultPlugins } from "./index.js";
import { REQUEST_ID_HEADER, redactUrl, serviceLogger } from "./logging.js";

const CLI: Actor = { userId: null, orgId: null, address: "cli" };
const PASSWORD = "Contraseña-Muy-Secreta-2026";

describe("the service log", () => {
  it("writes one JSON line per request with its id, and never a password, token or cookie", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-log-"));
    const store = await openStore({ dataDir: dir });
    const org = await store.directory.createOrganization(CLI, "CSIRT Nacional");
    const ana = { username: "ana", orgId: org.id, role: "admin" as const, passwordHash: null };
    const userId = (await store.directory.createUser(CLI, ana)).id;
    await store.directory.setPassword(CLI, userId, await hashPassword(PASSWORD));
    const token = generateToken();
    await store.directory.createToken(CLI, { userId, tokenHash: tokenHash(token), name: "t", expires: null });
    const lines: string[] = [];
    const sessions = await createSessions(store.directory);
    const app = await createServer({
      store,
      plugins: [...defaultPlugins({ store }), consolePlugin({ store, sessions })],
      logger: serviceLogger("info", { write: (line: string) => lines.push(line) }),
      metrics: { token: "metrics-token-0123456789abcdef" },
    });
    t.after(async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const basic = `Basic ${Buffer.from(`ana:${PASSWORD}`).toString("base64")}`;

    const withBasic = await app.inject({
      method: "GET",
      url: "/api/v1/orgs",
      headers: { authorization: basic, [REQUEST_ID_HEADER]: "lb-7f3a.42" },
    });
    assert.equal(withBasic.statusCode, 200, withBasic.body);
    assert.equal(withBasic.headers[REQUEST_ID_HEADER], "lb-7f3a.42");
    const withToken = await app.inject({
      method: "GET",
      url: `/taxii2/?access_token=${token}&x=1`,
      headers: { authorization: `Bearer ${token}`, [REQUEST_ID_HEADER]: "bad id\nwith a line" },
    });
    assert.equal(withToken.statusCode, 200, withToken.body);
    const generated = String(withToken.headers[REQUEST_ID_HEADER]);
    assert.match(generated, /^[0-9a-f-]{36}$/, "an id that is not sane is replaced");
    const wrong = await app.inject({
      method: "GET",
      url: "/api/v1/orgs",
      headers: { authorization: `Basic ${Buffer.from("ana:not-the-password").toString("base64")}` },
    });
    assert.equal(wrong.statusCode, 401);
    const signIn = await app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: "ana", password: PASSWORD },
    });
    assert.equal(signIn.statusCode, 200, signIn.body);
    const cookie = String(signIn.headers["set-cookie"]).split(";")[0] ?? "";
    assert.ok(cookie.length > 20);
    const withCookie = await app.inject({ method: "GET", url: "/api/v1/orgs", headers: { cookie } });
    assert.equal(withCookie.statusCode, 200);
    await app.inject({
      method: "GET",
      url: "/metrics",
      headers: { authorization: "Bearer metrics-token-0123456789abcdef" },
    });
    // A module that logs an object with credentials in it has them blanked too.
    app.log.warn({ headers: { authorization: basic, cookie }, password: PASSWORD, feed: { token } }, "careless");

    const text = lines.join("");
    for (const secret of [
      PASSWORD,
      token,
      basic.slice(6),
      cookie.slice(cookie.indexOf("=") + 1),
      "metrics-token-0123456789abcdef",
    ]) {
      assert.equal(text.includes(secret), false, `the log holds a secret: ${secret.slice(0, 8)}…`);
    }
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = entries.filter((e) => e.msg === "request");
    assert.equal(requests.length, 6, "one line per request");
    const first = requests[0] as Record<string, unknown>;
    assert.equal(first.reqId, "lb-7f3a.42");
    assert.deepEqual(first.req, { method: "GET", url: "/api/v1/orgs" });
    assert.equal(first.route, "/api/v1/orgs");
    assert.equal(first.status, 200);
    assert.equal(first.user, "ana");
    assert.equal(first.level, 30);
    assert.equal(typeof first.ms, "number");
    assert.equal(requests[1]?.reqId, generated);
    assert.deepEqual(requests[1]?.req, { method: "GET", url: "/taxii2/?access_token=[Redacted]&x=1" });
    assert.equal(requests[2]?.status, 401);
    assert.equal(requests[2]?.user, null);
    assert.equal(requests[4]?.user, "ana", "the session's user");
    const careless = entries.find((e) => e.msg === "careless") as Record<string, Record<string, unknown>>;
    assert.deepEqual(careless.headers, { authorization: "[Redacted]", cookie: "[Redacted]" });
    assert.equal(careless.password as unknown, "[Redacted]");
    assert.deepEqual(careless.feed, { token: "[Redacted]" });
  });

  it("drops per-request lines at warn", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-log-"));
    const store = await openStore({ dataDir: dir });
    const lines: string[] = [];
    const app = await createServer({
      store,
      plugins: [],
      logger: serviceLogger("warn", { write: (line: string) => lines.push(line) }),
    });
    t.after(async () => {
      await app.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    assert.equal((await app.inject({ method: "GET", url: "/healthz" })).statusCode, 200);
    assert.deepEqual(lines, []);
  });

  it("redacts query values whose names say secret", () => {
    assert.equal(
      redactUrl("/a?limit=5&token=abc&Password=x&next=n1"),
      "/a?limit=5&token=[Redacted]&Password=[Redacted]&next=n1",
    );
    assert.equal(redactUrl("/a"), "/a");
    assert.equal(redactUrl("/a?api%5Fkey=1&flag"), "/a?api%5Fkey=[Redacted]&flag");
  });
});
