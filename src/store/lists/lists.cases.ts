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
}
