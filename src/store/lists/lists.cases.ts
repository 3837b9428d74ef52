import assert from "node:assert/strict";
import { it } from "node:test";
import { type MakeStoreFixture, testId, withStore } from "../store-fixture.js";

/** The lists area's shared cases, run on both databases by areas.cases.ts. */
export function runListCases(make: MakeStoreFixture): void {
  it("a list's next snapshot tells which indicators left it, once", async (t) => {
    await withStore(t, make, async (store) => {
      await store.lists.markListed("ipsum", "run-1", [testId(1), testId(2), testId(3), testId(2)]);
      assert.deepEqual(await store.lists.takeDelisted("ipsum", "run-1"), []);
      await store.lists.markListed("ipsum", "run-2", [testId(2), testId(4)]);
      assert.deepEqual(await store.lists.takeDelisted("ipsum", "run-2"), [testId(1), testId(3)]);
      // Taken once: a second call finds nothing more to expire.
      assert.deepEqual(await store.lists.takeDelisted("ipsum", "run-2"), []);
      const [ipsum] = await store.lists.lists();
      assert.equal(ipsum?.name, "ipsum");
      assert.equal(ipsum?.members, 2);
      assert.equal(ipsum?.lastRun, "run-2");
    });
  });

  it("lists are apart: one list's snapshot never expires another's members", async (t) => {
    await withStore(t, make, async (store) => {
      await store.lists.markListed("a", "r1", [testId(1)]);
      await store.lists.markListed("b", "r2", [testId(1), testId(2)]);
      assert.deepEqual(await store.lists.takeDelisted("a", "r1"), []);
      await store.lists.markListed("b", "r3", []);
      assert.deepEqual(await store.lists.takeDelisted("b", "r3"), [testId(1), testId(2)]);
      assert.deepEqual(
        (await store.lists.lists()).map((l) => [l.name, l.members]),
        [
          ["a", 1],
          ["b", 0],
        ],
      );
    });
  });

  it("marks more ids than one statement carries", async (t) => {
    await withStore(t, make, async (store) => {
      const ids = Array.from({ length: 25_000 }, (_, i) => testId(i));
      await store.lists.markListed("big", "r1", ids);
      await store.lists.markListed("big", "r2", ids.slice(0, 24_000));
      assert.equal((await store.lists.takeDelisted("big", "r2")).length, 1000);
    });
  });
  it("keeps warninglist flags per indicator, replaced by the next check, and overrides audited", async (t) => {
    await withStore(t, make, async (store) => {
      await store.lists.setWarninglistFlags([
        {
          indicatorId: testId(1),
          hits: [
            { list: "Google DNS", value: "8.8.8.8" },
            { list: "Public DNS", value: "8.8.8.8" },
          ],
        },
        { indicatorId: testId(2), hits: [{ list: "Top 1000 sites", value: "google.com" }] },
        { indicatorId: testId(3), hits: [] },
      ]);
      assert.deepEqual(
        (await store.lists.warninglistFlags()).map((f) => [f.indicatorId, f.list, f.value]),
        [
          [testId(1), "Google DNS", "8.8.8.8"],
          [testId(1), "Public DNS", "8.8.8.8"],
          [testId(2), "Top 1000 sites", "google.com"],
        ],
      );
      // A later check of indicator 1 that finds nothing clears its flags; 2 keeps its own.
      await store.lists.setWarninglistFlags([{ indicatorId: testId(1), hits: [] }]);
      assert.deepEqual(
        (await store.lists.warninglistFlags()).map((f) => f.indicatorId),
        [testId(2)],
      );
      assert.equal((await store.lists.warninglistFlags({ list: "Top 1000 sites" })).length, 1);
      assert.equal((await store.lists.warninglistFlags({ indicatorId: testId(1) })).length, 0);

      const actor = { userId: null, orgId: null, address: "cli" };
      assert.equal(
        await store.lists.setWarninglistOverride(actor, testId(2), {
          allow: true,
          by: "ana",
          reason: "our own resolver",
        }),
        true,
      );
      const [o] = await store.lists.warninglistOverrides();
      assert.equal(o?.indicatorId, testId(2));
      assert.equal(o?.by, "ana");
      assert.equal(o?.reason, "our own resolver");
      assert.equal(
        await store.lists.setWarninglistOverride(actor, testId(2), { allow: false, by: "ana", reason: null }),
        true,
      );
      // Removing one that is not there changes nothing.
      assert.equal(
        await store.lists.setWarninglistOverride(actor, testId(2), { allow: false, by: "ana", reason: null }),
        false,
      );
      assert.deepEqual(await store.lists.warninglistOverrides(), []);
      const audited = (await store.directory.listAudit(0, 100)).map((e) => e.action);
      assert.ok(audited.includes("warninglist.allow") && audited.includes("warninglist.disallow"));
    });
  });
}
