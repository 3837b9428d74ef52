import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { organizationIdentityId } from "../stix/index.js";
import { openStore, type Store } from "../store/index.js";
import type { Alert } from "./engine.js";
import { recordSightings, sightingId } from "./sightings.js";

const INDICATOR = "indicator--2b7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";

function alert(n: number, ts: string): Alert {
  return {
    kind: "indicator",
    indicator_id: INDICATOR,
    value: "66.63.168.35",
    field: "id.resp_h",
    log: "zeek:conn",
    file: "conn.log",
    line: n,
    ts,
    src: "192.168.1.107",
    dst: "66.63.168.35",
    event: `event-${n}`,
  };
}

async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-sightings-"));
  const store = await openStore({ dataDir: join(dir, "data") });
  try {
    await fn(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

test("one sighting per indicator and organization, counting each event once however often it is scanned", async () => {
  await withStore(async (store) => {
    const org = { id: "org-energia", tlp: "amber" as const };
    const first = await recordSightings(store, org, [
      alert(1, "2023-02-22T00:00:03.000Z"),
      alert(2, "2023-02-22T00:08:00.000Z"),
    ]);
    assert.deepEqual([first.events, first.newEvents, first.sightings], [2, 2, 1]);
    const again = await recordSightings(store, org, [
      alert(2, "2023-02-22T00:08:00.000Z"),
      alert(1, "2023-02-22T00:00:03.000Z"),
    ]);
    assert.deepEqual([again.newEvents, again.sightings], [0, 0]);
    const more = await recordSightings(store, org, [alert(3, "2023-02-21T23:59:00.000Z")]);
    assert.equal(more.sightings, 1);
    const system = { kind: "system" as const, orgId: null, userId: null };
    const versions = await store.getVersions(system, sightingId(org.id, INDICATOR));
    assert.equal(versions.length, 2);
    const last = JSON.parse(versions.at(-1)?.raw ?? "{}") as Record<string, unknown>;
    assert.equal(last.count, 3);
    assert.equal(last.first_seen, "2023-02-21T23:59:00.000Z");
    assert.equal(last.last_seen, "2023-02-22T00:08:00.000Z");
    assert.equal(last.sighting_of_ref, INDICATOR);
    assert.deepEqual(last.where_sighted_refs, [organizationIdentityId(org.id)]);
    assert.deepEqual(last.object_marking_refs, ["marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"]);
    // TLP:AMBER of its producer: another organization's member does not see it, the producer's does.
    const other = await store.queryObjects(
      { kind: "member", orgId: "org-other", userId: "u1" },
      { types: ["sighting"] },
      { limit: 10 },
    );
    assert.equal(other.objects.length, 0);
    const own = await store.queryObjects(
      { kind: "member", orgId: org.id, userId: "u2" },
      { types: ["sighting"] },
      { limit: 10 },
    );
    assert.equal(own.objects.length, 1);
    // The addresses, for the action list's ranking.
    assert.deepEqual(await store.sightings.countsByAddress({ kind: "org", orgId: org.id }), [
      { orgId: org.id, address: "192.168.1.107", count: 3 },
      { orgId: org.id, address: "66.63.168.35", count: 3 },
    ]);
  });
});
