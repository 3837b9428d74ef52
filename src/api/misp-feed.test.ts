import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { sealSecret } from "../access/index.js";
// What `export --misp-feed DIR --for USER` writes, to compare the served feed with
// (a test-only use of the module above this one).
import { exportMispFeed, feedReader } from "../cli/commands/export-misp.js";
import { connectorFor, runFeed } from "../feeds/index.js";
import { asStreamItems, eventsOf, mispDocumentToStix, sniffMisp } from "../feeds/misp/index.js";
import { importItems } from "../ingest/index.js";
import { type StixObject, TLP_MARKING_IDS } from "../stix/index.js";
import { type AccessContext, openStore } from "../store/index.js";
import { type ApiHost, apiHost } from "./api-fixture.js";

const FIXTURE = join(import.meta.dirname, "..", "feeds", "misp", "fixtures", "event-every-type.json");
const SYSTEM: AccessContext = { kind: "system", orgId: null, userId: null };
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** The fixture event (TLP:GREEN) and a copy of it as TLP:AMBER with uuids of its own. */
async function events(): Promise<{ green: string; amber: string; texts: string[] }> {
  const text = await readFile(FIXTURE, "utf8");
  const green = eventsOf(JSON.parse(text))[0]!.uuid;
  const amberText = text.replace(UUID, (u) => `aaaaaaaa${u.slice(8)}`).replaceAll('"tlp:green"', '"tlp:amber"');
  const amber = eventsOf(JSON.parse(amberText))[0]!.uuid;
  return { green, amber, texts: [text, amberText] };
}

/** A host where organization A imported both events; ana is of A, bob of B, both readers. */
async function host(t: TestContext): Promise<{ api: ApiHost; green: string; amber: string }> {
  const { green, amber, texts } = await events();
  const api = await apiHost(
    t,
    "sqlite",
    [
      ["ana", "A", "reader"],
      ["bob", "B", "reader"],
    ],
    async (store) => {
      const orgId = (await store.directory.findOrganization("A"))!.id;
      for (const text of texts) {
        const doc = sniffMisp(text, true);
        assert.notEqual(doc.kind, "not-misp");
        if (doc.kind === "not-misp") return;
        const objects = mispDocumentToStix(doc).objects;
        await importItems(store, asStreamItems(objects), { ctx: { orgId, userId: null, source: "test" }, source: "t" });
      }
    },
  );
  return { api: api!, green, amber };
}

const get = (api: ApiHost, user: string | null, file: string) =>
  api.app.inject({
    method: "GET",
    url: `/api/v1/misp/feed/${file}`,
    headers: user ? { authorization: `Bearer ${api.tokens[user]}` } : {},
  });

/** The folder `export --misp-feed DIR --for USER` writes, file by file. */
async function exported(api: ApiHost, t: TestContext, user: string): Promise<Map<string, string>> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-served-feed-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await exportMispFeed(api.store, await feedReader(api.store, user), dir);
  const files = new Map<string, string>();
  for (const name of await readdir(dir)) files.set(name, await readFile(join(dir, name), "utf8"));
  return files;
}

describe("MISP feed over the REST API", () => {
  it("serves each user the feed `export --misp-feed --for` writes for it, TLP deciding the events", async (t) => {
    const { api, green, amber } = await host(t);
    for (const [user, expected] of [
      ["ana", [amber, green].sort()],
      ["bob", [green]],
    ] as const) {
      const disk = await exported(api, t, user);
      const manifest = await get(api, user, "manifest.json");
      assert.equal(manifest.statusCode, 200);
      assert.match(String(manifest.headers["content-type"]), /^application\/json/);
      assert.equal(manifest.body, disk.get("manifest.json"));
      // Exactly the events served: each listed one is there, and nothing else is.
      assert.deepEqual(Object.keys(manifest.json()).sort(), expected, user);
      assert.deepEqual(
        [...disk.keys()].filter((n) => n.endsWith(".json") && n !== "manifest.json").sort(),
        expected.map((u) => `${u}.json`),
      );
      const hashes = await get(api, user, "hashes.csv");
      assert.equal(hashes.statusCode, 200);
      assert.match(String(hashes.headers["content-type"]), /^text\/csv/);
      assert.equal(hashes.body, disk.get("hashes.csv"));
      assert.ok(hashes.body.length > 0);
      for (const line of hashes.body.trim().split("\n")) assert.ok(expected.includes(line.split(",")[1]!), line);
      for (const uuid of expected) {
        const event = await get(api, user, `${uuid}.json`);
        assert.equal(event.statusCode, 200);
        assert.equal(event.body, disk.get(`${uuid}.json`));
      }
    }
  });

  it("answers an event the caller may not see exactly as one that does not exist", async (t) => {
    const { api, amber } = await host(t);
    const hidden = await get(api, "bob", `${amber}.json`);
    const missing = await get(api, "bob", "00000000-0000-4000-8000-000000000000.json");
    assert.equal(hidden.statusCode, 404);
    assert.equal(missing.statusCode, 404);
    assert.equal(hidden.json().code, missing.json().code);
    assert.equal((await get(api, "ana", `${amber}.json`)).statusCode, 200);
    assert.equal((await get(api, "bob", "not-a-uuid.json")).statusCode, 400);
  });

  it("needs sign-in: no token, or a wrong one, is 401", async (t) => {
    const { api, green } = await host(t);
    for (const file of ["manifest.json", "hashes.csv", `${green}.json`]) {
      assert.equal((await get(api, null, file)).statusCode, 401, file);
      const wrong = await api.app.inject({
        method: "GET",
        url: `/api/v1/misp/feed/${file}`,
        headers: { authorization: "Bearer not-a-token" },
      });
      assert.equal(wrong.statusCode, 401, file);
    }
  });

  it("is read back by our MISP importer with the same values and TLP as stored", async (t) => {
    const { api, green, amber } = await host(t);
    const key = (o: StixObject) => `${o.pattern}|${JSON.stringify(o.object_marking_refs ?? [])}`;
    const back: string[] = [];
    for (const uuid of [green, amber]) {
      const doc = sniffMisp((await get(api, "ana", `${uuid}.json`)).body, true);
      assert.notEqual(doc.kind, "not-misp");
      if (doc.kind === "not-misp") return;
      back.push(
        ...mispDocumentToStix(doc)
          .objects.filter((o) => o.type === "indicator")
          .map(key),
      );
    }
    const stored = await api.store.queryObjects(SYSTEM, { types: ["indicator"] }, { limit: 1000, after: null });
    const kept = stored.objects.map((row) => key(JSON.parse(row.raw) as StixObject));
    assert.ok(kept.length > 10, `${kept.length} indicator(s) stored`);
    assert.deepEqual([...new Set(back)].sort(), [...new Set(kept)].sort());
    // Both TLPs made the way back: the AMBER copy's indicators are not GREEN's.
    assert.ok(back.some((k) => k.includes(TLP_MARKING_IDS.amber)));
    assert.ok(back.some((k) => k.includes(TLP_MARKING_IDS.green)));
  });

  it("is pulled by the misp feed kind over HTTP with the feed's token, as MISP pulls it", async (t) => {
    const { api, green, amber } = await host(t);
    await api.app.listen({ host: "127.0.0.1", port: 0 });
    const address = api.app.server.address() as AddressInfo;
    const url = `http://127.0.0.1:${address.port}/api/v1/misp/feed/`;
    const dir = await mkdtemp(join(tmpdir(), "centinela-misp-pull-"));
    const store = await openStore({ dataDir: dir });
    t.after(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const key = { key: randomBytes(32), source: "the test key" };
    const connector = connectorFor("misp");
    const config = connector.configure({ source: url, options: {}, username: null });
    // Checked at add time with the token; without it the served feed refuses.
    await connector.check(config, api.tokens.bob!);
    await assert.rejects(connector.check(config, null), /401/);
    const cli = { userId: null, orgId: null, address: "test" };
    await store.directory.addFeed(cli, {
      id: "misp/cert",
      kind: "misp",
      config,
      secret: sealSecret(key.key, "misp/cert", api.tokens.bob!),
      everySeconds: null,
    });
    const [feed] = await store.directory.listFeeds();
    const ctx = { orgId: null, userId: null, source: "feed:misp/cert" };
    const result = await runFeed(store, feed!, { ctx, secretKey: () => key });
    // Bob (organization B) is served the GREEN event only: one page, no problem.
    assert.deepEqual(result.problems, []);
    assert.equal(result.pages, 1);
    assert.ok(result.counts.new > 10, `${result.counts.new} objects new`);
    const cursor = JSON.parse((await store.directory.listFeeds())[0]!.cursor!) as { events: Record<string, string> };
    assert.deepEqual(Object.keys(cursor.events), [green]);
    assert.equal(Object.keys(cursor.events).includes(amber), false);
  });

  it("keeps each reader's feed until the store changes: one build for the manifest and every event", async (t) => {
    const { api, green, amber } = await host(t);
    // Counts the store reads the feed is built from (the real store answers them).
    let reads = 0;
    const query = api.store.queryObjects.bind(api.store);
    api.store.queryObjects = (...args) => {
      reads++;
      return query(...args);
    };
    assert.equal((await get(api, "ana", "manifest.json")).statusCode, 200);
    const built = reads;
    assert.ok(built > 0);
    for (const file of ["hashes.csv", `${green}.json`, `${amber}.json`, "manifest.json"])
      assert.equal((await get(api, "ana", file)).statusCode, 200, file);
    assert.equal(reads, built, "served from what the first request built");
    // Another reader has a feed of its own, never ana's.
    assert.deepEqual(Object.keys((await get(api, "bob", "manifest.json")).json()), [green]);
    assert.equal((await get(api, "bob", `${amber}.json`)).statusCode, 404);
    assert.ok(reads > built);
    // A write moves the store's generation: the next pull sees the new event.
    const copy = (await readFile(FIXTURE, "utf8")).replace(UUID, (u) => `bbbbbbbb${u.slice(8)}`);
    const doc = sniffMisp(copy, true);
    assert.notEqual(doc.kind, "not-misp");
    if (doc.kind === "not-misp") return;
    const orgId = api.orgs.A!;
    await importItems(api.store, asStreamItems(mispDocumentToStix(doc).objects), {
      ctx: { orgId, userId: null, source: "test" },
      source: "t",
    });
    const third = eventsOf(JSON.parse(copy))[0]!.uuid;
    assert.deepEqual(Object.keys((await get(api, "ana", "manifest.json")).json()).sort(), [amber, third, green].sort());
    assert.equal((await get(api, "ana", `${third}.json`)).statusCode, 200);
  });
});
