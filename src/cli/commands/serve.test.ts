import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { setTimeout } from "node:timers/promises";
import { AUTH_CACHE_MS } from "../../server/index.js";
import { openStore } from "../../store/index.js";
import { CURSOR_SECRET_SETTING } from "../../taxii/index.js";
import { PROJECT_ROOT } from "../../testing/index.js";
import { runCli } from "../run-in-process.fixture.js";
import { centinela as centinelaOn, type Served, serveTarget, TARGETS, type Target } from "./cli-target.fixture.js";

const SAMPLE = join(PROJECT_ROOT, "examples", "sample-bundle.json");

function centinela(args: string[], env: Record<string, string> = {}) {
  const base = { ...process.env, ...env };
  delete base.CENTINELA_DB;
  return runCli(args, { env: base, cwd: PROJECT_ROOT });
}

/** A SQLite store in `data`, for the tests that place several stores in one folder. */
function atData(data: string): Target {
  return { name: "sqlite", args: ["--data", data], env: {}, location: { dataDir: data }, dispose: async () => {} };
}

/** Starts `centinela serve --port 0 --data DATA`. */
const serveAt = (data: string, env: Record<string, string>, extra: string[] = []) =>
  serveTarget(atData(data), env, extra);

describe("centinela serve, accounts, push and feeds", () => {
  it("runs the server, manages accounts, pushes, and syncs a feed under TLP and grants", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-serve-"));
    const hub = join(dir, "hub");
    const member = join(dir, "member");
    const server = await serveAt(hub, { CENTINELA_ADMIN_PASSWORD: "admin-pw-123" });
    t.after(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    assert.match(server.stderr(), /created user "admin" with the password from CENTINELA_ADMIN_PASSWORD/);
    assert.equal(server.stderr().includes("admin-pw-123"), false);
    const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");

    const pushed = await centinela(["push", SAMPLE, "--to", root, "--collection", "default", "--user", "admin"], {
      CENTINELA_PUSH_PASSWORD: "admin-pw-123",
    });
    assert.equal(pushed.code, 0, pushed.stderr);
    assert.match(pushed.stdout, /total=11\tsuccesses=11\tfailures=0\tpending=0/);

    assert.equal((await centinela(["org", "add", "Partner", "--data", hub])).code, 0);
    assert.equal(
      (await centinela(["user", "add", "mach", "--org", "Partner", "--role", "partner", "--data", hub])).code,
      0,
    );
    const token = (await centinela(["token", "create", "mach", "--data", hub])).stdout.trim();
    assert.match(token, /^cnt_/);
    assert.equal((await centinela(["collection", "grant", "default", "Partner", "--read", "--data", hub])).code, 0);
    assert.match((await centinela(["collection", "grants", "default", "--data", hub])).stdout, /read\n/);

    const added = await centinela(
      ["feeds", "add", "taxii", root, "--collection", "default", "--id", "hub", "--data", member],
      {
        CENTINELA_FEED_TOKEN: token,
      },
    );
    assert.equal(added.code, 0, added.stderr);
    const listed = await centinela(["feeds", "list", "--data", member]);
    assert.equal(listed.stdout.includes(token), false);
    assert.match(listed.stdout, /hub\ttaxii\t.*\tauth=token\t/);
    const synced = await centinela(["feeds", "sync", "--data", member, "--page-size", "4"], { LANG: "en_US.UTF-8" });
    assert.equal(synced.code, 0, synced.stderr);
    // The partner sees CLEAR, GREEN, and the AMBER the hub's organization put into a collection it may read.
    assert.match(synced.stdout, /hub\tpages=3\tnew=11\t/);
    assert.match((await centinela(["feeds", "sync", "--data", member], { LANG: "es_MX.UTF-8" })).stdout, /nuevos=0\t/);

    const tokenId = /^(tok-\S+)/m.exec((await centinela(["token", "list", "mach", "--data", hub])).stdout)?.[1] ?? "";
    assert.equal((await centinela(["token", "revoke", tokenId, "--data", hub])).code, 0);
    // The revocation came from another process: the server's sign-in cache holds it at most AUTH_CACHE_MS.
    await setTimeout(AUTH_CACHE_MS + 200);
    const refused = await centinela(["feeds", "sync", "hub", "--data", member], { LANG: "en_US.UTF-8" });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /answered 401/);
  });

  it("runs several server processes on one port, and a `next` from one is accepted by the others", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-workers-"));
    const server = await serveAt(join(dir, "hub"), { CENTINELA_ADMIN_PASSWORD: "admin-pw-123" }, ["--workers", "2"]);
    t.after(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");
    const pushed = await centinela(["push", SAMPLE, "--to", root, "--collection", "default", "--user", "admin"], {
      CENTINELA_PUSH_PASSWORD: "admin-pw-123",
    });
    assert.equal(pushed.code, 0, pushed.stderr);
    const headers = {
      accept: "application/taxii+json;version=2.1",
      authorization: `Basic ${Buffer.from("admin:admin-pw-123").toString("base64")}`,
    };
    // Pages of 2 over 11 objects: six requests, handed round-robin to the two processes.
    const seen: string[] = [];
    let next: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = `limit=2${next ? `&next=${encodeURIComponent(next)}` : ""}`;
      const response = await fetch(`${root}collections/default/objects/?${query}`, { headers });
      assert.equal(response.status, 200, await response.clone().text());
      const body = (await response.json()) as { more?: boolean; next?: string; objects?: Array<{ id: string }> };
      for (const object of body.objects ?? []) seen.push(object.id);
      if (!body.more) break;
      next = body.next;
    }
    assert.equal(seen.length, 11);
    assert.equal(new Set(seen).size, 11);
    assert.equal((await centinela(["serve", "--workers", "zero"])).code, 2);
  });

  it("believes X-Forwarded-For only from the proxies of --trust-proxy or $CENTINELA_TRUST_PROXY, and refuses bad lists", async (t) => {
    for (const [args, env, message] of [
      [["--trust-proxy", "proxy.example"], {}, /--trust-proxy: "proxy\.example" is not an IP address/],
      [["--trust-proxy", "0.0.0.0/0"], {}, /would trust every address/],
      [["--trust-proxy", " , "], {}, /--trust-proxy needs the addresses of the reverse proxies/],
      [[], { CENTINELA_TRUST_PROXY: "10.0.0.0/33" }, /CENTINELA_TRUST_PROXY: "10\.0\.0\.0\/33" has a prefix length/],
    ] as const) {
      const refused = await centinela(["serve", "--port", "0", ...args], env);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, message);
    }
    const dir = await mkdtemp(join(tmpdir(), "centinela-proxy-"));
    const server = await serveAt(join(dir, "hub"), {
      CENTINELA_ADMIN_PASSWORD: PASSWORD,
      CENTINELA_TRUST_PROXY: "10.0.0.0/8, 127.0.0.1",
    });
    t.after(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    assert.match(
      server.stderr(),
      /(?:clients named by X-Forwarded-For from|clientes nombrados por X-Forwarded-For desde) 10\.0\.0\.0\/8, 127\.0\.0\.1/,
    );
    const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");
    const posted = await fetch(`${root}collections/default/objects/`, {
      method: "POST",
      headers: { ...HEADERS, "content-type": HEADERS.accept, "x-forwarded-for": "198.51.100.30" },
      body: JSON.stringify({ objects: (JSON.parse(await readFile(SAMPLE, "utf8")) as { objects: unknown[] }).objects }),
    });
    assert.equal(posted.status, 202, await posted.clone().text());
    const store = await openStore({ dataDir: join(dir, "hub") });
    const log = await store.directory.listAudit(0, 1000);
    await store.close();
    assert.ok(
      log.some((e) => e.address === "198.51.100.30"),
      "the client behind the proxy is recorded",
    );
  });

  it("takes --rate-limit, --address-rate-limit and their variables, refuses bad rates, and limits a real serve", async (t) => {
    for (const [args, env, message] of [
      [["--rate-limit", "fast"], {}, /--rate-limit: "fast" is not a rate/],
      [["--address-rate-limit", "-1"], {}, /--address-rate-limit: "-1" is not a rate/],
      [[], { CENTINELA_RATE_LIMIT: "5/week" }, /CENTINELA_RATE_LIMIT: "5\/week" is not a rate/],
    ] as const) {
      const refused = await centinela(["serve", "--port", "0", ...args], env);
      assert.equal(refused.code, 2, refused.stderr);
      assert.match(refused.stderr, message);
    }
    const dir = await mkdtemp(join(tmpdir(), "centinela-rate-"));
    const server = await serveAt(
      join(dir, "hub"),
      { CENTINELA_ADMIN_PASSWORD: PASSWORD, CENTINELA_RATE_LIMIT: "3/min" },
      ["--address-rate-limit", "off"],
    );
    t.after(async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(server.url, { headers: HEADERS })).status);
    // Discovery is public: only the address limit (off here) counts it. The API root is signed in.
    assert.deepEqual(statuses, [200, 200, 200, 200]);
    const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");
    for (let i = 0; i < 3; i++) statuses.push((await fetch(root, { headers: HEADERS })).status);
    const refused = await fetch(root, { headers: HEADERS });
    assert.deepEqual(statuses.slice(4), [200, 200, 200]);
    assert.equal(refused.status, 429);
    const wait = Number(refused.headers.get("retry-after"));
    assert.ok(wait >= 1 && wait <= 20, `Retry-After ${wait}: one request every 20 s`);
  });
});

const PASSWORD = "admin-pw-123";
const HEADERS = {
  accept: "application/taxii+json;version=2.1",
  authorization: `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`,
};

interface Page {
  status: number;
  ids: string[];
  more: boolean;
  next?: string;
}

/** One page of the default collection's objects, read as admin over TAXII. */
async function readPage(server: Served, query: string): Promise<Page> {
  const root = server.url.replace(/\/taxii2\/$/, "/taxii2/main/");
  const response = await fetch(`${root}collections/default/objects/?${query}`, { headers: HEADERS });
  const body = (await response.json()) as { more?: boolean; next?: string; objects?: Array<{ id: string }> };
  return {
    status: response.status,
    ids: (body.objects ?? []).map((o) => o.id),
    more: body.more === true,
    ...(body.next ? { next: body.next } : {}),
  };
}

const after = (next: string) => `limit=4&next=${encodeURIComponent(next)}`;

/** A fresh store on the target's database and a way to serve it; every server is stopped before the store goes. */
async function freshStore(t: TestContext, make: (t: TestContext) => Promise<Target | null>) {
  const target = await make(t);
  if (!target) return null;
  const servers: Served[] = [];
  t.after(async () => {
    for (const server of servers) await server.stop();
    await target.dispose();
  });
  const serve = async (env: Record<string, string>) => {
    const server = await serveTarget(target, env);
    servers.push(server);
    return server;
  };
  return { target, serve };
}

for (const [name, make] of TARGETS) {
  describe(`centinela serve after the README's quick start (${name})`, () => {
    it("imports into default on a fresh store, then the first start makes admin, grants default, and admin reads every object", async (t) => {
      const fresh = await freshStore(t, make);
      if (!fresh) return;
      const { target } = fresh;
      const imported = await centinelaOn(target, ["import", "examples/", "--collection", "default", "-q", "--json"]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal((JSON.parse(imported.stdout) as { new: number }).new, 11);

      const server = await fresh.serve({ CENTINELA_ADMIN_PASSWORD: PASSWORD });
      assert.match(server.stderr(), /created user "admin" with the password from CENTINELA_ADMIN_PASSWORD/);
      const local = (await centinelaOn(target, ["org", "list"])).stdout;
      const localId = /^(org-\S+)\tlocal$/m.exec(local)?.[1];
      assert.ok(localId, local);
      assert.match(
        (await centinelaOn(target, ["collection", "grants", "default"])).stdout,
        new RegExp(`${localId}.*read.*write`),
      );
      // All eleven: CLEAR, GREEN, and the AMBER the operator put into a collection admin's organization may read.
      const page = await readPage(server, "limit=100");
      assert.equal(page.status, 200);
      assert.equal(page.ids.length, 11);
      const sample = JSON.parse((await centinelaOn(target, ["export"])).stdout) as { objects: Array<{ id: string }> };
      assert.deepEqual([...page.ids].sort(), sample.objects.map((o) => o.id).sort());
    });

    it("keeps `next` valid across restarts with the key kept in the store, never printed; CENTINELA_CURSOR_SECRET wins", async (t) => {
      const fresh = await freshStore(t, make);
      if (!fresh) return;
      const { target } = fresh;
      assert.equal((await centinelaOn(target, ["import", SAMPLE, "--collection", "default", "-q"])).code, 0);
      const env = { CENTINELA_ADMIN_PASSWORD: PASSWORD };

      const first = await fresh.serve(env);
      const page1 = await readPage(first, "limit=4");
      assert.equal(page1.more, true);
      await first.stop();
      const second = await fresh.serve(env);
      const seen = [...page1.ids];
      let next = page1.next;
      while (next) {
        const page = await readPage(second, after(next));
        assert.equal(page.status, 200, "a `next` from before the restart is accepted");
        seen.push(...page.ids);
        next = page.more ? page.next : undefined;
      }
      assert.equal(seen.length, 11);
      assert.equal(new Set(seen).size, 11);
      const kept = await readPage(second, "limit=4");
      await second.stop();

      const store = await openStore(target.location);
      const secret = await store.directory.ensureSetting(
        { userId: null, orgId: null, address: "test" },
        CURSOR_SECRET_SETTING,
        "not-the-stored-one",
      );
      await store.close();
      assert.notEqual(secret, "not-the-stored-one");
      assert.equal(first.stderr().includes(secret) || second.stderr().includes(secret), false);

      // The environment's key is used instead of the store's: each refuses the other's `next`.
      const configured = { ...env, CENTINELA_CURSOR_SECRET: "a-configured-cursor-key-of-40-characters" };
      const third = await fresh.serve(configured);
      assert.equal((await readPage(third, after(kept.next!))).status, 400);
      const mine = await readPage(third, "limit=4");
      assert.equal((await readPage(third, after(mine.next!))).status, 200);
      await third.stop();
      const fourth = await fresh.serve(env);
      assert.equal((await readPage(fourth, after(mine.next!))).status, 400);
      assert.equal((await readPage(fourth, after(kept.next!))).status, 200);

      const short = await centinelaOn(target, ["serve", "--port", "0"], undefined, {
        CENTINELA_CURSOR_SECRET: "short",
      });
      assert.equal(short.code, 2);
      assert.match(short.stderr, /CENTINELA_CURSOR_SECRET must be at least 32 characters/);
    });
  });
}
