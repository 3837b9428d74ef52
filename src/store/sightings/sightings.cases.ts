import assert from "node:assert/strict";
import { it } from "node:test";
import { ALL_ORGS } from "../inventory/contract.js";
import { type MakeStoreFixture, testId, withStore } from "../store-fixture.js";
import type { SightingEvent } from "./contract.js";

const ev = (
  n: number,
  indicator: number,
  ts: string | null,
  src = "10.0.0.5",
  dst = "66.63.168.35",
): SightingEvent => ({
  indicatorId: testId(indicator),
  event: `e${n}`,
  ts,
  src,
  dst,
});

/** The sightings area's shared cases, run on both databases by areas.cases.ts. */
export function runSightingCases(make: MakeStoreFixture): void {
  it("an event is counted once per organization and indicator, however often it is recorded", async (t) => {
    await withStore(t, make, async (store) => {
      const batch = [ev(1, 1, "2023-02-22T00:00:03.000Z"), ev(2, 1, "2023-02-22T00:05:00.000Z"), ev(3, 2, null)];
      assert.equal(await store.sightings.recordEvents("org-a", batch), 3);
      assert.equal(await store.sightings.recordEvents("org-a", [...batch, ev(4, 1, "2023-02-21T23:00:00.000Z")]), 1);
      // Another organization's identical event is its own sighting.
      assert.equal(await store.sightings.recordEvents("org-b", [ev(1, 1, "2023-02-22T00:00:03.000Z")]), 1);
      assert.deepEqual(await store.sightings.aggregates("org-a", [testId(1), testId(2), testId(3)]), [
        {
          indicatorId: testId(1),
          count: 3,
          firstSeen: "2023-02-21T23:00:00.000Z",
          lastSeen: "2023-02-22T00:05:00.000Z",
        },
        { indicatorId: testId(2), count: 1, firstSeen: null, lastSeen: null },
      ]);
    });
  });

  it("counts events by address, for one organization or all, many more than one statement carries", async (t) => {
    await withStore(t, make, async (store) => {
      const many = Array.from({ length: 12_000 }, (_, i) =>
        ev(i, 1, null, "10.0.0.5", i % 2 ? "66.63.168.35" : (null as unknown as string)),
      );
      await store.sightings.recordEvents("org-a", many);
      await store.sightings.recordEvents("org-b", [ev(1, 1, null, "10.0.0.9", "66.63.168.35")]);
      const mine = await store.sightings.countsByAddress({ kind: "org", orgId: "org-a" });
      assert.deepEqual(mine, [
        { orgId: "org-a", address: "10.0.0.5", count: 12_000 },
        { orgId: "org-a", address: "66.63.168.35", count: 6_000 },
      ]);
      assert.equal((await store.sightings.countsByAddress(ALL_ORGS)).length, 4);
    });
  });
}
