import assert from "node:assert/strict";
import { it } from "node:test";
import fc from "fast-check";
import { canRead, type Reader } from "../../access/index.js";
import type { TlpLevel } from "../../stix/index.js";
import {
  ANONYMOUS,
  type MakeStoreFixture,
  member,
  SYSTEM,
  testId,
  version,
  withStore,
  writer,
} from "../store-fixture.js";

/**
 * The TLP cases of the shared suite: each level by hand, hidden versions, and a property check
 * that the store's SQL filter agrees with access/canRead on random objects and readers.
 */

const LEVELS: Array<TlpLevel | null> = ["clear", "green", "amber", "amber+strict", "red", null];
const ORGS = ["org-a", "org-b", "org-c"];
const USERS = ["user-1", "user-2", "user-3"];

/** Registers the access cases (called by runStoreCases). */
export function runAccessCases(make: MakeStoreFixture): void {
  it("shows each TLP level to the right readers", (t) =>
    withStore(t, make, async (store) => {
      await store.putObjects(writer("org-a", "user-1"), [
        version(1, { tlp: "clear" }),
        version(2, { tlp: "green" }),
        version(3, { tlp: "amber", shareWith: ["org-b"] }),
        version(4, { tlp: "amber+strict" }),
        version(5, { tlp: "red", redRecipients: ["user-3"] }),
        version(6, { tlp: null }),
      ]);
      const visible = async (reader: Reader) =>
        (await store.queryObjects(reader, {}, { limit: 100 })).objects.map((o) => Number(o.id.slice(-12)));
      assert.deepEqual(await visible(SYSTEM), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(await visible(ANONYMOUS), [1]);
      assert.deepEqual(await visible(member("org-a", "user-1")), [1, 2, 3, 4, 5, 6]);
      assert.deepEqual(await visible(member("org-a", "user-2")), [1, 2, 3, 4, 6], "RED: not the whole producer org");
      assert.deepEqual(await visible(member("org-b", "user-2")), [1, 2, 3]);
      assert.deepEqual(await visible(member("org-c", "user-3")), [1, 2, 5]);
      assert.equal(await store.countObjects(member("org-c", "user-3"), {}), 3);
      assert.deepEqual(await store.stats(ANONYMOUS), { total: 1, versions: 1, byType: { indicator: 1 } });
      assert.equal((await store.getVersions(member("org-b", "user-2"), testId(4))).length, 0);
    }));

  it("treats unmarked objects as the unmarkedAs level", (t) =>
    withStore(
      t,
      make,
      async (store) => {
        await store.putObjects(writer("org-a", "user-1"), [version(1, { tlp: null }), version(2, { tlp: "amber" })]);
        const ids = (await store.queryObjects(ANONYMOUS, {}, { limit: 10 })).objects.map((o) => o.id);
        assert.deepEqual(ids, [testId(1)]);
      },
      { unmarkedAs: "clear" },
    ));

  it("selects first and last among the versions a reader may see, never hinting at hidden ones", (t) =>
    withStore(t, make, async (store) => {
      await store.putObjects(writer("org-a", "user-1"), [
        version(1, { modified: "2024-01-01T00:00:00Z", tlp: "green" }),
      ]);
      await store.putObjects(writer("org-b", "user-2"), [
        version(1, { modified: "2024-02-01T00:00:00Z", tlp: "amber" }),
        version(1, { modified: "2024-03-01T00:00:00Z", tlp: "red" }),
      ]);
      const keys = async (reader: Reader, versions?: string[]) =>
        (await store.queryObjects(reader, versions ? { versions } : {}, { limit: 10 })).objects.map(
          (o) => o.versionKey,
        );
      assert.deepEqual(await keys(member("org-c", "user-3")), ["2024-01-01T00:00:00Z"]);
      assert.deepEqual(await keys(member("org-b", "user-9")), ["2024-02-01T00:00:00Z"]);
      assert.deepEqual(await keys(member("org-b", "user-2")), ["2024-03-01T00:00:00Z"]);
      assert.deepEqual(await keys(SYSTEM, ["first"]), ["2024-01-01T00:00:00Z"]);
      assert.deepEqual(await keys(ANONYMOUS), []);
      const seen = await store.getVersions(member("org-c", "user-3"), testId(1));
      assert.deepEqual(
        seen.map((v) => v.versionKey),
        ["2024-01-01T00:00:00Z"],
      );
      assert.deepEqual(await store.stats(member("org-c", "user-3")), {
        total: 1,
        versions: 1,
        byType: { indicator: 1 },
      });
    }));

  it("agrees with access/canRead on random objects and readers", (t) =>
    withStore(t, make, async (store) => {
      const object = fc.record({
        versions: fc.array(
          fc.record({
            tlp: fc.constantFrom(...LEVELS),
            org: fc.constantFrom(...ORGS, null),
            user: fc.constantFrom(...USERS, null),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        shareWith: fc.subarray(ORGS),
        redRecipients: fc.subarray(USERS),
      });
      const reader = fc.record({
        kind: fc.constantFrom("system", "member", "anonymous") as fc.Arbitrary<Reader["kind"]>,
        orgId: fc.constantFrom(...ORGS, null),
        userId: fc.constantFrom(...USERS, null),
      });
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(object, { minLength: 1, maxLength: 8 }),
          fc.array(reader, { minLength: 1, maxLength: 4 }),
          async (objects, readers) => {
            run++;
            const ids = objects.map((_, n) => testId(n, "indicator", run));
            for (const [n, o] of objects.entries()) {
              for (const [k, v] of o.versions.entries()) {
                await store.putObjects(writer(v.org, v.user), [
                  version(n, {
                    run,
                    tlp: v.tlp,
                    modified: `2024-01-0${k + 1}T00:00:00.000Z`,
                    shareWith: o.shareWith,
                    redRecipients: o.redRecipients,
                  }),
                ]);
              }
            }
            for (const r of readers) {
              const expectAll: string[] = [];
              const expectLast: string[] = [];
              for (const [n, o] of objects.entries()) {
                let last: string | null = null;
                for (const [k, v] of o.versions.entries()) {
                  const meta = {
                    tlp: v.tlp,
                    producerOrg: v.org,
                    writerUser: v.user,
                    sharedWith: o.shareWith,
                    redRecipients: o.redRecipients,
                  };
                  if (!canRead(r, meta)) continue;
                  last = `${ids[n]}@2024-01-0${k + 1}T00:00:00.000Z`;
                  expectAll.push(last);
                }
                if (last) expectLast.push(last);
              }
              const got = async (versions: string[]) =>
                (await store.queryObjects(r, { ids, versions }, { limit: 1000 })).objects
                  .map((o) => `${o.id}@${o.versionKey}`)
                  .sort();
              assert.deepEqual(await got(["all"]), expectAll.sort(), JSON.stringify(r));
              assert.deepEqual(await got(["last"]), expectLast.sort(), JSON.stringify(r));
              // The envelope's read returns the same rows, text for text, page for page.
              for (const versions of [["all"], ["last"]]) {
                let after: string | null = null;
                do {
                  const full = await store.queryObjects(r, { ids, versions }, { limit: 2, after });
                  const raw = await store.queryRawObjects(r, { ids, versions }, { limit: 2, after });
                  assert.deepEqual(
                    raw,
                    {
                      objects: full.objects.map((o) => ({ raw: o.raw, dateAdded: o.dateAdded })),
                      more: full.more,
                      next: full.next,
                    },
                    JSON.stringify(r),
                  );
                  after = full.next;
                } while (after !== null);
              }
            }
          },
        ),
        { numRuns: 30 },
      );
    }));

  it("applies migrations once when two opens race on a fresh store", async (t) => {
    const fixture = await make(t);
    if (!fixture) return;
    const stores = await Promise.all([fixture.open(), fixture.open(), fixture.open()]);
    try {
      await stores[0]!.putObjects(writer("org-a", null), [version(1)]);
      assert.equal(await stores[2]!.countObjects(SYSTEM, {}), 1);
    } finally {
      for (const s of stores) await s.close();
      await fixture.dispose();
    }
  });
}
