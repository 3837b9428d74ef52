import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { hashPassword } from "../access/index.js";
import { createServer, defaultPlugins } from "../server/index.js";
import { type Actor, openStore, type Store } from "../store/index.js";
import { consolePlugin, createSessions, SESSION_COOKIE } from "./index.js";

const CLI: Actor = { userId: null, orgId: null, address: "cli" };
const ORIGIN = "http://localhost:80";

describe("console: sessions and static files", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "centinela-console-"));
    const dist = join(dir, "dist");
    mkdirSync(join(dist, "assets"), { recursive: true });
    writeFileSync(join(dist, "index.html"), "<!doctype html><title>Centinela</title>");
    writeFileSync(join(dist, "assets", "app-abc123.js"), "console.log(1)");
    store = await openStore({ dataDir: dir });
    const csirt = await store.directory.createOrganization(CLI, "CSIRT");
    const a = await store.directory.createOrganization(CLI, "Operador A");
    const hash = await hashPassword("correcto-caballo-batería");
    await store.directory.createUser(CLI, { username: "admin", orgId: csirt.id, role: "admin", passwordHash: hash });
    await store.directory.createUser(CLI, { username: "rita", orgId: a.id, role: "reader", passwordHash: hash });
    const sessions = await createSessions(store.directory);
    app = await createServer({
      store,
      plugins: [...defaultPlugins({ store }), consolePlugin({ store, sessions, distDir: `${dist}/` })],
      signInLimit: { failures: 5, windowMs: 60_000 },
    });
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async (username: string, password = "correcto-caballo-batería", address = "10.0.0.1") =>
    app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username, password },
      remoteAddress: address,
    });
  const cookieOf = (res: { headers: Record<string, unknown> }) => {
    const header = String(res.headers["set-cookie"]);
    return header.slice(0, header.indexOf(";"));
  };

  it("signs in with the directory's password and sets a strict, HttpOnly cookie", async () => {
    const res = await signIn("rita");
    assert.equal(res.statusCode, 200);
    const body = res.json();
    assert.equal(body.signedIn, true);
    assert.equal(body.user.username, "rita");
    assert.equal(body.organization.name, "Operador A");
    assert.deepEqual(body.capabilities, {
      readInventory: true,
      writeInventory: false,
      national: false,
      administer: false,
      readIntelligence: true,
      readIncidents: true,
      reportIncident: false,
      updateIncident: false,
      submitIncident: false,
      readAlerts: true,
      updateAlerts: false,
      allAlerts: false,
    });
    const header = String(res.headers["set-cookie"]);
    assert.match(
      header,
      new RegExp(`^${SESSION_COOKIE}=[\\w-]+\\.[\\w-]+; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict$`),
    );
    const who = await app.inject({ method: "GET", url: "/api/v1/session", headers: { cookie: cookieOf(res) } });
    assert.equal(who.json().user.role, "reader");
  });

  it("says who is not signed in without an error status, and refuses a forged cookie", async () => {
    const none = await app.inject({ method: "GET", url: "/api/v1/session" });
    assert.equal(none.statusCode, 200);
    assert.deepEqual(none.json(), { signedIn: false });
    const good = cookieOf(await signIn("admin"));
    const forged = good.replace(/.\.(.)/, (_m, c) => `${c === "A" ? "B" : "A"}.${c}`);
    const res = await app.inject({ method: "GET", url: "/api/v1/session", headers: { cookie: forged } });
    assert.deepEqual(res.json(), { signedIn: false });
  });

  it("answers a wrong password or user with 401 and a message, and bad bodies with 400", async () => {
    const wrong = await signIn("rita", "incorrecta");
    assert.equal(wrong.statusCode, 401);
    assert.equal(wrong.json().code, "CONSOLE_UNAUTHORIZED");
    assert.equal(wrong.json().message, "usuario o contraseña incorrectos");
    const english = await app.inject({
      method: "POST",
      url: "/api/v1/session",
      payload: { username: "rita", password: "incorrecta" },
      headers: { "accept-language": "en" },
      remoteAddress: "10.0.0.9",
    });
    assert.equal(english.json().message, "wrong username or password");
    assert.equal(wrong.headers["www-authenticate"], undefined, "no Basic challenge: a browser would prompt");
    assert.equal(wrong.headers["set-cookie"], undefined);
    assert.equal((await signIn("nadie")).statusCode, 401);
    const empty = await app.inject({ method: "POST", url: "/api/v1/session", payload: { username: "rita" } });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().code, "SERVER_BAD_REQUEST");
    const junk = await app.inject({
      method: "POST",
      url: "/api/v1/session",
      headers: { "content-type": "application/json" },
      payload: "{nope",
    });
    assert.equal(junk.statusCode, 400);
  });

  it("counts failed sign-ins with the server's limit: 429 after too many", async () => {
    for (let i = 0; i < 5; i++) await signIn("rita", "mal", "10.9.9.9");
    const res = await signIn("rita", "correcto-caballo-batería", "10.9.9.9");
    assert.equal(res.statusCode, 429);
    assert.equal(res.json().code, "CONSOLE_TOO_MANY_REQUESTS");
    assert.ok(Number(res.headers["retry-after"]) > 0);
  });

  it("is accepted by the API; writes need the console's own Origin", async () => {
    const cookie = cookieOf(await signIn("admin"));
    const list = await app.inject({ method: "GET", url: "/api/v1/orgs/CSIRT/assets", headers: { cookie } });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(list.json().assets, []);
    const body = { name: "sw-core-1", addresses: ["10.1.1.1"] };
    const noOrigin = await app.inject({
      method: "POST",
      url: "/api/v1/orgs/CSIRT/assets",
      headers: { cookie },
      payload: body,
    });
    assert.equal(noOrigin.statusCode, 403);
    assert.match(noOrigin.json().message, /must come from the console itself/);
    const evil = await app.inject({
      method: "POST",
      url: "/api/v1/orgs/CSIRT/assets",
      headers: { cookie, origin: "https://evil.example" },
      payload: body,
    });
    assert.equal(evil.statusCode, 403);
    const own = await app.inject({
      method: "POST",
      url: "/api/v1/orgs/CSIRT/assets",
      headers: { cookie, origin: ORIGIN, host: "localhost:80" },
      payload: body,
    });
    assert.equal(own.statusCode, 201, own.body);
  });

  it("keeps the API's own rules for a session: a reader cannot write, nor see another organization", async () => {
    const cookie = cookieOf(await signIn("rita"));
    const headers = { cookie, origin: ORIGIN, host: "localhost:80" };
    const write = await app.inject({
      method: "POST",
      url: "/api/v1/orgs/Operador A/assets",
      headers,
      payload: { name: "x" },
    });
    assert.equal(write.statusCode, 403);
    const other = await app.inject({ method: "GET", url: "/api/v1/orgs/CSIRT/assets", headers });
    assert.equal(other.statusCode, 404);
    const national = await app.inject({ method: "GET", url: "/api/v1/actions/national", headers });
    assert.equal(national.statusCode, 403);
  });

  it("signs out: the cookie is cleared and no longer accepted", async () => {
    const cookie = cookieOf(await signIn("admin"));
    const out = await app.inject({
      method: "DELETE",
      url: "/api/v1/session",
      headers: { cookie, origin: ORIGIN, host: "localhost:80" },
    });
    assert.equal(out.statusCode, 204);
    assert.match(String(out.headers["set-cookie"]), new RegExp(`^${SESSION_COOKIE}=; Path=/; Max-Age=0`));
    const after = await app.inject({ method: "GET", url: "/api/v1/orgs/CSIRT/assets", headers: { cookie } });
    assert.equal(after.statusCode, 401);
    // The console's own answer: a Basic challenge would make the browser open its password prompt.
    assert.equal(after.json().code, "CONSOLE_SESSION_ENDED");
    assert.match(after.json().message, /^la sesión de la consola terminó/);
    const ended = await app.inject({
      method: "GET",
      url: "/api/v1/orgs/CSIRT/assets",
      headers: { cookie, "accept-language": "en" },
    });
    assert.match(ended.json().message, /^the console session has ended/);
    assert.equal(after.headers["www-authenticate"], undefined);
    // Without any cookie, a script still gets the challenge that names the schemes.
    const none = await app.inject({ method: "GET", url: "/api/v1/orgs/CSIRT/assets" });
    assert.equal(none.statusCode, 401);
    assert.match(String(none.headers["www-authenticate"]), /Basic/);
  });

  it("ends the session when the password changes or the user is disabled", async () => {
    const cookie = cookieOf(await signIn("rita"));
    const rita = await store.directory.findUser("rita");
    await store.directory.setPassword(CLI, rita?.id as string, await hashPassword("otra-contraseña-larga"));
    const res = await app.inject({ method: "GET", url: "/api/v1/session", headers: { cookie } });
    assert.deepEqual(res.json(), { signedIn: false });
  });

  it("serves the console: index.html for its pages, cached hashed assets, JSON 404 for unknown API paths", async () => {
    for (const url of ["/", "/activos", "/inteligencia/indicator--1?x=1"]) {
      const res = await app.inject({ method: "GET", url });
      assert.equal(res.statusCode, 200, url);
      assert.match(res.body, /<title>Centinela<\/title>/);
      assert.match(String(res.headers["content-security-policy"]), /default-src 'self'/);
      assert.equal(res.headers["cache-control"], "no-cache");
    }
    const asset = await app.inject({ method: "GET", url: "/assets/app-abc123.js" });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers["cache-control"]), /immutable/);
    const api = await app.inject({ method: "GET", url: "/api/v1/nothing-here" });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().code, "CONSOLE_NOT_FOUND");
    const taxii = await app.inject({
      method: "GET",
      url: "/taxii2/",
      headers: { accept: "application/taxii+json;version=2.1" },
    });
    assert.equal(taxii.statusCode, 200);
  });
});

describe("console: not built", () => {
  it("answers 503 with what to run when web/dist is missing", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "centinela-console-"));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const store = await openStore({ dataDir: dir });
    t.after(() => store.close());
    const sessions = await createSessions(store.directory);
    const app = await createServer({
      store,
      plugins: [...defaultPlugins({ store }), consolePlugin({ store, sessions, distDir: join(dir, "none/") })],
    });
    t.after(() => app.close());
    const res = await app.inject({ method: "GET", url: "/" });
    assert.equal(res.statusCode, 503);
    assert.match(res.json().message, /npm run build -w web/);
  });
});
