import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { gunzipSync } from "node:zlib";
import { makeIndicator } from "../../detect/detect-fixture.js";
import { type AccessContext, openStore } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { connectorCases } from "../connector-cases.js";
import { serveFolder } from "../folder-server.fixture.js";
import { connectorFor } from "../registry.js";
import { runFeed } from "../run-feed.js";

/**
 * The attack kind on MITRE's real Enterprise ATT&CK 18.1 bundle (../shared/data/mitre-attack):
 * a slice of it (the collection object, its identity and marking, techniques, software,
 * relationships, revoked and deprecated objects as MITRE marks them) served over HTTP through the
 * shared connector cases; then a new release of that slice — a technique modified, one revoked —
 * stored as new versions, and an unchanged release read and not stored again.
 */

const SYSTEM: AccessContext = { kind: "system", orgId: null, userId: null };
const CTX = { orgId: null, userId: null, source: "feed:test" };

interface Obj {
  type: string;
  id: string;
  modified?: string;
  revoked?: boolean;
  x_mitre_deprecated?: boolean;
  [k: string]: unknown;
}

let realBundle: Obj[] | null = null;

/** A slice of the real bundle: every kind of object ATT&CK has, small enough for the cases. */
async function slice(t: TestContext): Promise<Obj[] | null> {
  const file = sharedData(t, "mitre-attack/enterprise-attack-18.1.json.gz");
  if (!file) return null;
  realBundle ??= (JSON.parse(gunzipSync(await readFile(file)).toString("utf8")) as { objects: Obj[] }).objects;
  const take = (pred: (o: Obj) => boolean, n: number) => realBundle!.filter(pred).slice(0, n);
  return [
    ...take((o) => ["x-mitre-collection", "identity", "marking-definition", "x-mitre-matrix"].includes(o.type), 10),
    ...take((o) => o.type === "x-mitre-tactic", 14),
    ...take((o) => o.type === "attack-pattern" && !o.revoked && !o.x_mitre_deprecated, 60),
    ...take((o) => o.type === "attack-pattern" && o.revoked === true, 5),
    ...take((o) => o.x_mitre_deprecated === true, 5),
    ...take((o) => o.type === "malware" || o.type === "tool", 20),
    ...take((o) => o.type === "intrusion-set", 10),
    ...take((o) => o.type === "relationship" && o.relationship_type === "uses", 40),
  ];
}

/** A fresh SQLite store in a temporary folder, removed after the test. */
async function tempStore(t: TestContext, name: string) {
  const dir = await mkdtemp(join(tmpdir(), `centinela-attack-${name}-`));
  const store = await openStore({ dataDir: join(dir, "store") });
  t.after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return { dir, store };
}

const bundleText = (objects: Obj[]) =>
  JSON.stringify({ type: "bundle", id: "bundle--e2bfd50a-c04c-5d05-afe1-6adf7e6912f7", objects });

connectorCases({
  kind: "attack",
  async remote(t) {
    const objects = await slice(t);
    if (!objects) return null;
    const dir = await mkdtemp(join(tmpdir(), "centinela-attack-feed-"));
    const file = join(dir, "enterprise-attack.json");
    const good = bundleText(objects);
    await writeFile(file, good);
    const victim = objects.find((o) => o.type === "attack-pattern")!;
    const server = await serveFolder(dir);
    return {
      source: `${server.url}enterprise-attack.json`,
      pages: 1,
      records: objects.length,
      stored: (store) => store.countObjects(SYSTEM, {}),
      // A technique whose type is not a STIX type name: refused by ingest, the rest stored.
      breakPage: () =>
        writeFile(
          file,
          good.replace(`"type":"attack-pattern","id":"${victim.id}"`, `"type":"Attack Pattern","id":"${victim.id}"`),
        ),
      repairPage: () => writeFile(file, good),
      badPage: new RegExp(victim.id.split("--")[1]!),
      async dispose() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

describe("attack feed: a new release", () => {
  it("stores what MITRE changed as new versions, revoked as MITRE marks it, and an unchanged release not again", async (t) => {
    const objects = await slice(t);
    if (!objects) return;
    const { dir, store } = await tempStore(t, "release");
    const file = join(dir, "enterprise-attack.json.gz");
    const { gzipSync } = await import("node:zlib");
    await writeFile(file, gzipSync(bundleText(objects)));
    const connector = connectorFor("attack");
    const config = connector.configure({ source: file, options: {}, username: null });
    await connector.check(config, null);
    const id = connector.defaultId(config);
    assert.equal(id, "attack/enterprise-attack");
    const cli = { userId: null, orgId: null, address: "test" };
    await store.directory.addFeed(cli, { id, kind: "attack", config, secret: null, everySeconds: null });
    const feed = async () => (await store.directory.listFeeds()).find((f) => f.id === id)!;
    const run = async () => runFeed(store, await feed(), { ctx: CTX });

    const first = await run();
    assert.deepEqual(first.problems, []);
    assert.equal(first.counts.new, objects.length);
    const cursor = JSON.parse((await feed()).cursor!) as { release: string };
    assert.match(cursor.release, /Enterprise ATT&CK 18\.1|18\.1/);

    const unchanged = await run();
    assert.deepEqual(
      unchanged.counts,
      { new: 0, changed: 0, unchanged: 0, rejected: 0 },
      "the same bundle is not stored again",
    );

    // The next release: one technique described anew, one revoked by MITRE.
    const [edited, revoked] = objects.filter((o) => o.type === "attack-pattern" && !o.revoked && !o.x_mitre_deprecated);
    const later = "2026-11-01T00:00:00.000Z";
    const next = objects.map((o) =>
      o.id === edited!.id
        ? { ...o, modified: later, description: `${String(o.description)} (revised)` }
        : o.id === revoked!.id
          ? { ...o, modified: later, revoked: true }
          : o,
    );
    await writeFile(file, gzipSync(bundleText(next)));
    const release = await run();
    assert.deepEqual(release.problems, []);
    assert.equal(release.counts.changed, 2);
    assert.equal(release.counts.unchanged, objects.length - 2);
    assert.equal(release.counts.new, 0);
    const versions = await store.getVersions(SYSTEM, revoked!.id);
    assert.equal(versions.length, 2, "the old version is kept beside the new");
    assert.equal((JSON.parse(versions[1]!.raw) as Obj).revoked, true);
    // What MITRE had already revoked or deprecated is stored as it came.
    for (const o of objects.filter((x) => x.revoked || x.x_mitre_deprecated)) {
      const [stored] = await store.getVersions(SYSTEM, o.id);
      const got = JSON.parse(stored!.raw) as Obj;
      assert.equal(got.revoked, o.revoked, o.id);
      assert.equal(got.x_mitre_deprecated, o.x_mitre_deprecated, o.id);
    }
  });

  it("a bundle that is not ATT&CK is stored as STIX and said to be something else", async (t) => {
    const { dir, store } = await tempStore(t, "other");
    const file = join(dir, "other.json");
    const indicator = makeIndicator(1, "[ipv4-addr:value = '203.0.113.7']");
    await writeFile(
      file,
      JSON.stringify({ type: "bundle", id: "bundle--00000000-0000-4000-8000-000000000001", objects: [indicator] }),
    );
    const connector = connectorFor("attack");
    const config = connector.configure({ source: file, options: {}, username: null });
    await store.directory.addFeed(
      { userId: null, orgId: null, address: "test" },
      { id: "attack/other", kind: "attack", config, secret: null, everySeconds: null },
    );
    const [feed] = await store.directory.listFeeds();
    const result = await runFeed(store, feed!, { ctx: CTX });
    assert.equal(result.counts.new, 1);
    assert.match(result.problems.join("\n"), /other\.json: no x-mitre-collection object/);
  });
});
