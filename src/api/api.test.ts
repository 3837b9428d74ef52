import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { generateToken, tokenHash } from "../access/index.js";
// The host the API runs on (a test-only use of the module above this one).
import { bootstrapStore, createServer, defaultPlugins } from "../server/index.js";
import { type Actor, openStore, type Store } from "../store/index.js";
import { sharedData } from "../testing/index.js";
import { syncVulns } from "../vulns/index.js";
import { apiPlugin } from "./index.js";

const CLI: Actor = { userId: null, orgId: null, address: "cli" };
const CITRIX = "cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.0-91.10:*:*:*:-:*:*:*";

describe("exposure REST API", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  const tokens: Record<string, string> = {};
  const orgs: Record<string, string> = {};

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "centinela-api-"));
    store = await openStore({ dataDir: dir });
    for (const name of ["CSIRT", "A", "B"]) orgs[name] = (await store.directory.createOrganization(CLI, name)).id;
    const users: [string, string, "admin" | "analyst" | "reader"][] = [
      ["admin", "CSIRT", "admin"],
      ["ana", "A", "analyst"],
      ["rita", "A", "reader"],
      ["bob", "B", "analyst"],
    ];
    for (const [username, org, role] of users) {
      const user = await store.directory.createUser(CLI, {
        username,
        orgId: orgs[org] as string,
        role,
        passwordHash: null,
      });
      const token = generateToken();
      await store.directory.createToken(CLI, {
        userId: user.id,
        tokenHash: tokenHash(token),
        name: "t",
        expires: null,
      });
      tokens[username] = token;
    }
    app = await createServer({ store, plugins: [apiPlugin({ store })], bodyLimit: 64 * 1024 });
  });

  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const call = (user: string | null, method: "GET" | "POST" | "PATCH" | "DELETE", url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: user ? { authorization: `Bearer ${tokens[user]}` } : {},
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  it("refuses requests without valid credentials", async () => {
    const none = await call(null, "GET", "/api/v1/orgs/A/assets");
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, "SERVER_UNAUTHORIZED");
    assert.match(String(none.headers["www-authenticate"]), /Bearer/);
    const forged = await app.inject({
      method: "GET",
      url: "/api/v1/orgs/A/assets",
      headers: { authorization: "Bearer nope" },
    });
    assert.equal(forged.statusCode, 401);
  });

  it("creates, re-posts by natural key, reads, patches and deletes assets", async () => {
    const body = {
      name: "router-1",
      addresses: ["10.1.1.1"],
      role: "network-edge",
      software: [{ name: "adc", cpe: CITRIX }],
    };
    const created = await call("ana", "POST", "/api/v1/orgs/A/assets", body);
    assert.equal(created.statusCode, 201, created.body);
    const asset = created.json();
    assert.equal(asset.key, "ip:10.1.1.1|");
    assert.equal(asset.software[0].cpe, CITRIX);
    const again = await call("ana", "POST", "/api/v1/orgs/A/assets", body);
    assert.equal(again.statusCode, 200);
    assert.equal(again.json().id, asset.id);
    const list = await call("rita", "GET", "/api/v1/orgs/A/assets?limit=10");
    assert.equal(list.json().assets.length, 1);
    const patched = await call("ana", "PATCH", `/api/v1/orgs/A/assets/${asset.id}`, {
      criticality: "critical",
      internetExposed: true,
    });
    assert.equal(patched.json().criticality, "critical");
    const extra = await call("ana", "POST", "/api/v1/orgs/A/assets", { name: "tmp" });
    assert.equal((await call("ana", "DELETE", `/api/v1/orgs/A/assets/${extra.json().id}`)).statusCode, 204);
    assert.equal((await call("ana", "GET", `/api/v1/orgs/A/assets/${extra.json().id}`)).statusCode, 404);
  });

  it("rejects bad input with codes: unknown role, bad CPE, malformed JSON, oversized body, unknown field", async () => {
    const role = await call("ana", "POST", "/api/v1/orgs/A/assets", { name: "x", role: "overlord" });
    assert.equal(role.statusCode, 400);
    assert.equal(role.json().code, "SERVER_BAD_REQUEST");
    assert.equal(role.headers["content-type"], "application/problem+json; charset=utf-8");
    assert.equal(role.json().status, 400);
    assert.equal(role.json().detail, role.json().message);
    const cpe = await call("ana", "POST", "/api/v1/orgs/A/assets", {
      name: "x",
      software: [{ name: "s", cpe: "cpe:2.3:a:too:few" }],
    });
    assert.equal(cpe.statusCode, 400);
    assert.match(cpe.json().message, /CPE_FIELD_COUNT/);
    assert.equal(cpe.json().code, "CPE_FIELD_COUNT", "the assets module's own code");
    const json = await app.inject({
      method: "POST",
      url: "/api/v1/orgs/A/sites",
      headers: { authorization: `Bearer ${tokens.ana}`, "content-type": "application/json" },
      payload: '{"name": "x"',
    });
    assert.equal(json.statusCode, 400);
    assert.equal(json.json().code, "SERVER_BAD_JSON");
    const big = await call("ana", "POST", "/api/v1/orgs/A/assets", { name: "x", owner: "y".repeat(70_000) });
    assert.equal(big.statusCode, 413);
    assert.equal(big.json().code, "SERVER_TOO_LARGE");
    const unknown = await call("ana", "POST", "/api/v1/orgs/A/assets", { name: "x", password: "p" });
    assert.equal(unknown.statusCode, 400);
  });

  it("keeps every organization's inventory to itself; readers cannot change it", async () => {
    const mine = await call("bob", "POST", "/api/v1/orgs/B/assets", { name: "b-host" });
    const idB = mine.json().id as string;
    for (const [method, url] of [
      ["GET", "/api/v1/orgs/B/assets"],
      ["GET", `/api/v1/orgs/B/assets/${idB}`],
      ["GET", "/api/v1/orgs/B/sites"],
      ["GET", "/api/v1/orgs/B/software"],
      ["GET", "/api/v1/orgs/B/actions"],
      ["DELETE", `/api/v1/orgs/B/assets/${idB}`],
      ["GET", `/api/v1/orgs/A/assets/${idB}`],
      ["DELETE", `/api/v1/orgs/A/assets/${idB}`],
    ] as const) {
      const r = await call("ana", method, url);
      assert.equal(r.statusCode, 404, `${method} ${url}`);
      // The API's own (an organization out of scope) or the store's (an asset out of scope): both 404.
      assert.match(r.json().code, /^(API|STORE)_NOT_FOUND$/, `${method} ${url}`);
    }
    const siteB = (await call("bob", "POST", "/api/v1/orgs/B/sites", { name: "B1" })).json();
    const linked = await call("ana", "POST", "/api/v1/orgs/A/assets", { name: "sneaky", siteId: siteB.id });
    assert.equal(linked.statusCode, 404);
    const patch = await call("ana", "PATCH", `/api/v1/orgs/A/assets/${idB}`, { name: "stolen" });
    assert.equal(patch.statusCode, 404);
    assert.equal((await call("admin", "GET", `/api/v1/orgs/B/assets/${idB}`)).json().name, "b-host");
    const reader = await call("rita", "POST", "/api/v1/orgs/A/sites", { name: "s" });
    assert.equal(reader.statusCode, 403);
    assert.equal(reader.json().code, "API_FORBIDDEN");
    const national = await call("ana", "GET", "/api/v1/actions/national");
    assert.equal(national.statusCode, 403);
  });

  it("manages sites and software", async () => {
    const site = await call("ana", "POST", "/api/v1/orgs/A/sites", { name: "Planta Norte", state: "MX-NLE" });
    assert.equal(site.statusCode, 201);
    assert.equal((await call("ana", "POST", "/api/v1/orgs/A/sites", { name: "Planta Norte" })).statusCode, 409);
    assert.equal((await call("ana", "POST", "/api/v1/orgs/A/sites", { name: "x", state: "MX-XXX" })).statusCode, 400);
    const renamed = await call("ana", "PATCH", `/api/v1/orgs/A/sites/${site.json().id}`, { name: "Planta Sur" });
    assert.equal(renamed.json().name, "Planta Sur");
    const other = await call("ana", "POST", "/api/v1/orgs/A/sites", { name: "Planta Este" });
    const clash = await call("ana", "PATCH", `/api/v1/orgs/A/sites/${other.json().id}`, { name: "Planta Sur" });
    assert.equal(clash.statusCode, 409, clash.body);
    assert.equal(clash.json().code, "STORE_DUPLICATE");
    assert.match(clash.json().message, /"Planta Sur" already exists/);
    assert.equal((await call("ana", "DELETE", `/api/v1/orgs/A/sites/${other.json().id}`)).statusCode, 204);
    assert.equal((await call("ana", "DELETE", `/api/v1/orgs/A/sites/${site.json().id}`)).statusCode, 204);
    const host = (await call("ana", "POST", "/api/v1/orgs/A/assets", { name: "srv" })).json();
    const sw = await call("ana", "POST", "/api/v1/orgs/A/software", {
      assetId: host.id,
      name: "log4j",
      purl: "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
    });
    assert.equal(sw.statusCode, 201, sw.body);
    assert.equal(sw.json().origin, "manual");
    const badPurl = await call("ana", "POST", "/api/v1/orgs/A/software", {
      assetId: host.id,
      name: "x",
      purl: "maven/x",
    });
    assert.equal(badPurl.statusCode, 400);
    const v = await call("ana", "PATCH", `/api/v1/orgs/A/software/${sw.json().id}`, { version: "2.17.1" });
    assert.equal(v.json().version, "2.17.1");
    const listed = await call("rita", "GET", `/api/v1/orgs/A/software?asset=${host.id}&limit=5`);
    assert.deepEqual(
      listed.json().software.map((s: { id: string }) => s.id),
      [sw.json().id],
    );
    assert.equal((await call("rita", "GET", "/api/v1/orgs/A/software?limit=0")).statusCode, 400);
    assert.equal((await call("ana", "DELETE", `/api/v1/orgs/A/software/${sw.json().id}`)).statusCode, 204);
  });

  it("names each national line's organization, sector and state, and filters on them", async () => {
    await store.inventory.setOrgProfile(CLI, {
      orgId: orgs.A as string,
      sector: "energy",
      state: "MX-NLE",
      tlp: "amber",
    });
    await store.inventory.setOrgProfile(CLI, {
      orgId: orgs.B as string,
      sector: "water",
      state: "MX-JAL",
      tlp: "amber",
    });
    const created: [string, string][] = [];
    for (const [user, org] of [
      ["ana", "A"],
      ["bob", "B"],
    ] as const) {
      const body = { name: "core-hw", role: "network-core", vendor: "Huawei" };
      const r = await call(user, "POST", `/api/v1/orgs/${org}/assets`, body);
      assert.equal(r.statusCode, 201, r.body);
      created.push([user, `/api/v1/orgs/${org}/assets/${r.json().id}`]);
    }
    const orgOf = async (query: string) => {
      const r = await call("admin", "GET", `/api/v1/actions/national${query}`);
      assert.equal(r.statusCode, 200, r.body);
      return r
        .json()
        .items.filter((i: { assetName: string }) => i.assetName === "core-hw")
        .map((i: { organization: { name: string; sector: string; state: string } }) => i.organization);
    };
    assert.deepEqual(await orgOf("?state=Nuevo%20Le%C3%B3n"), [
      { id: orgs.A, name: "A", sector: "energy", state: "MX-NLE" },
    ]);
    assert.deepEqual(
      (await orgOf("?sector=agua")).map((o: { name: string }) => o.name),
      ["B"],
    );
    assert.deepEqual((await orgOf("?org=b&state=MX-NLE")).length, 0);
    assert.equal((await orgOf("")).length, 2);
    const bad = await app.inject({
      method: "GET",
      url: "/api/v1/actions/national?state=Narnia",
      headers: { authorization: `Bearer ${tokens.admin}`, "accept-language": "es-MX" },
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().message, /state "Narnia" no es un estado de México/);
    const noOrg = await call("admin", "GET", "/api/v1/actions/national?org=Pemex");
    assert.equal(noOrg.statusCode, 400);
    assert.equal(noOrg.json().code, "API_BAD_REQUEST");
    for (const [user, url] of created) assert.equal((await call(user, "DELETE", url)).statusCode, 204);
  });

  it("ranks the organization's and the national action lists from KEV and NVD records", async (t) => {
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
    if (!kev || !nvd) return;
    await syncVulns(store, { kev, nvd });
    const list = await call("rita", "GET", "/api/v1/orgs/A/actions?today=2026-01-01");
    assert.equal(list.statusCode, 200, list.body);
    const citrix = list.json().items.find((i: { cveId: string }) => i.cveId === "CVE-2023-4966");
    assert.ok(citrix, "CVE-2023-4966 on router-1");
    assert.equal(citrix.assetName, "router-1");
    const factors = citrix.reasons.map((r: { factor: string }) => r.factor);
    for (const f of ["kev", "cvss", "criticality", "exposure"]) assert.ok(factors.includes(f), f);
    assert.ok(citrix.reasons.every((r: { es: string; en: string }) => r.es.length > 0 && r.en.length > 0));
    const national = await call("admin", "GET", "/api/v1/actions/national?today=2026-01-01&limit=5");
    assert.equal(national.statusCode, 200);
    assert.ok(national.json().items.some((i: { cveId: string }) => i.cveId === "CVE-2023-4966"));
    for (const today of ["2026-13-45", "2026-02-30"]) {
      const bad = await call("rita", "GET", `/api/v1/orgs/A/actions?today=${today}`);
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().code, "API_BAD_REQUEST");
      assert.match(bad.json().message, new RegExp(`today "${today}" no es una fecha de calendario`));
    }
    const bOnly = await call("bob", "GET", "/api/v1/orgs/B/actions");
    assert.equal(bOnly.json().items.length, 0);
  });
});

describe("exposure REST API mounted beside TAXII", () => {
  it("authenticates with the server's own authenticator (HTTP Basic here) and scopes by organization", async () => {
    const dir = mkdtempSync(join(tmpdir(), "centinela-api-taxii-"));
    const store = await openStore({ dataDir: dir });
    try {
      await bootstrapStore(store, "a-long-admin-password");
      const app = await createServer({ store, plugins: defaultPlugins({ store }) });
      const basic = (user: string, password: string) =>
        `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
      const ok = await app.inject({
        method: "GET",
        url: "/api/v1/actions/national",
        headers: { authorization: basic("admin", "a-long-admin-password") },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.deepEqual(JSON.parse(ok.body), { total: 0, items: [] });
      const wrong = await app.inject({
        method: "GET",
        url: "/api/v1/actions/national",
        headers: { authorization: basic("admin", "nope") },
      });
      assert.equal(wrong.statusCode, 401);
      assert.equal(JSON.parse(wrong.body).code, "SERVER_UNAUTHORIZED");
      await app.close();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
