import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { setLocale } from "../../i18n/index.js";
import { openStore } from "../../store/index.js";
import { connectorCases } from "../connector-cases.js";
import { serveFolder } from "../folder-server.fixture.js";
import { runFeed } from "../run-feed.js";
import { MISP_CONNECTOR } from "./connector.js";
import { writeMispFeed } from "./feed-writer.js";
import { eventsOf, type MispEvent } from "./misp-event.js";
import { mispDocumentToStix } from "./read-file.js";

/**
 * The misp kind on a MISP feed written by our own feed writer from the every-type event (and two
 * copies of it under other uuids), served over HTTP: the shared connector cases (a bad page is an
 * event that is not JSON), then incremental pulls by manifest timestamp and a manifest that lists
 * an event that is not there.
 */

const SYSTEM = { kind: "system", orgId: null, userId: null } as const;
setLocale("en");
const FIXTURE = new URL("./fixtures/event-every-type.json", import.meta.url);

/** A small event of its own: `n` picks its uuids and addresses. */
function small(n: number): unknown {
  const uuid = (k: number) => `0d3f${String(n).padStart(4, "0")}-0000-4000-8000-${String(k).padStart(12, "0")}`;
  return {
    Event: {
      uuid: uuid(0),
      info: `Campaña ${n}`,
      date: `2024-12-0${n}`,
      timestamp: String(1733200000 + n),
      published: true,
      threat_level_id: "2",
      analysis: "2",
      Orgc: { name: "CERT-MX", uuid: "0d3f9999-0000-4000-8000-000000000000" },
      Tag: [{ name: "tlp:green" }],
      Attribute: [1, 2, 3].map((k) => ({
        uuid: uuid(k),
        type: k === 3 ? "domain" : "ip-dst",
        category: "Network activity",
        value: k === 3 ? `c2-${n}.example.net` : `198.51.${n}.${k}`,
        to_ids: true,
        timestamp: String(1733200000 + n),
      })),
    },
  };
}

/** Three events: the every-type fixture and two small ones. */
async function events(): Promise<MispEvent[]> {
  const text = await readFile(FIXTURE, "utf8");
  return [JSON.parse(text), small(1), small(2)].flatMap((doc) => eventsOf(doc));
}

async function feedFolder(): Promise<{ dir: string; list: MispEvent[]; distinct: number }> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-misp-feed-"));
  const list = await events();
  await writeMispFeed(dir, list);
  const ids = new Set(
    list.flatMap((e) => mispDocumentToStix({ kind: "events", document: { Event: e } }).objects.map((o) => o.id)),
  );
  return { dir, list, distinct: ids.size };
}

connectorCases({
  kind: "misp",
  async remote() {
    const { dir, list, distinct } = await feedFolder();
    const server = await serveFolder(dir);
    const victim = join(dir, `${list[1]?.uuid}.json`);
    const good = await readFile(victim);
    return {
      source: server.url,
      options: { into: "mirror" },
      pages: 3,
      records: distinct,
      stored: (store) => store.countObjects(SYSTEM, { collectionId: "mirror" }),
      breakPage: () => writeFile(victim, "<html>502 Bad Gateway</html>"),
      repairPage: () => writeFile(victim, good),
      badPage: new RegExp(`event .*${list[1]?.uuid}\\.json is not JSON`),
      async dispose() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

/** The feed folder, a store with feed "m" on it, and how to read the feed back. */
async function feedStore(t: TestContext) {
  const { dir, list } = await feedFolder();
  const store = await openStore({ dataDir: join(dir, "data") });
  t.after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const config = MISP_CONNECTOR.configure({ source: dir, options: {}, username: null });
  const cli = { userId: null, orgId: null, address: "test" };
  await store.directory.addFeed(cli, {
    id: "m",
    kind: "misp",
    config: { ...config },
    secret: null,
    everySeconds: null,
  });
  const feed = async () => (await store.directory.listFeeds())[0]!;
  return { dir, list, store, feed, ctx: { orgId: null, userId: null, source: "feed:m" } };
}

describe("the misp kind", () => {
  it("pulls only new or changed events by the manifest's timestamp, and goes on past an event that is not there", async (t) => {
    const { dir, list, store, feed, ctx } = await feedStore(t);
    assert.equal((await runFeed(store, await feed(), { ctx })).pages, 3);
    assert.equal((await runFeed(store, await feed(), { ctx })).pages, 0, "nothing changed: no event read");

    // One event changed (a new timestamp and name), one listed but missing.
    const manifestPath = join(dir, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Record<string, { timestamp: string }>;
    const changed = list[0] as MispEvent;
    const eventPath = join(dir, `${changed.uuid}.json`);
    const body = JSON.parse(await readFile(eventPath, "utf8")) as { Event: MispEvent };
    body.Event.timestamp = "1800000000";
    body.Event.info = `${body.Event.info} (actualizado)`;
    await writeFile(eventPath, JSON.stringify(body));
    manifest[changed.uuid] = { ...manifest[changed.uuid], timestamp: "1800000000" } as { timestamp: string };
    manifest["0d3f0000-0000-4000-8000-000000000000"] = { timestamp: "1800000000" };
    await writeFile(manifestPath, JSON.stringify(manifest));
    const again = await runFeed(store, await feed(), { ctx });
    assert.equal(again.pages, 2);
    assert.ok(again.counts.changed >= 1, JSON.stringify(again.counts));
    assert.match(
      again.problems.join("\n"),
      /lists event 0d3f0000-0000-4000-8000-000000000000 but .*0d3f0000-0000-4000-8000-000000000000\.json cannot be read .*no such file.*tried again on the next sync/,
    );
    assert.equal((await feed()).failures, 0, "a missing event is not a failed run");
    await writeFile(manifestPath, "{not json");
    await assert.rejects(runFeed(store, await feed(), { ctx }), /manifest\.json is not a MISP feed manifest/);
  });

  it("checks each event read against hashes.csv: a value the publisher did not hash is named, the event is stored", async (t) => {
    const { dir, list, store, feed, ctx } = await feedStore(t);
    // An event replaced after hashes.csv was written: one value changed, the manifest says so.
    const changed = list[2] as MispEvent;
    const eventPath = join(dir, `${changed.uuid}.json`);
    const body = JSON.parse(await readFile(eventPath, "utf8")) as { Event: MispEvent };
    const first = body.Event.Attribute?.[0];
    assert.ok(first);
    first.value = "203.0.113.250";
    await writeFile(eventPath, JSON.stringify(body));
    // And a line hashes.csv should not hold.
    await writeFile(join(dir, "hashes.csv"), `${await readFile(join(dir, "hashes.csv"), "utf8")}not,a hash line\n`);
    const run = await runFeed(store, await feed(), { ctx });
    assert.equal(run.pages, 3);
    const said = run.problems.join("\n");
    assert.match(said, /1 line of hashes\.csv is not "md5,event-uuid" and was ignored/);
    assert.match(
      said,
      new RegExp(
        `${changed.uuid}\\.json: 1 of its 3 values are not in hashes\\.csv for this event \\(e\\.g\\. "203\\.0\\.113\\.250"\\)`,
      ),
    );
    assert.equal(run.problems.filter((p) => p.includes("not in hashes.csv")).length, 1, "the other events match");
    assert.equal(run.counts.rejected, 0, "the event is stored as read");
  });
});
