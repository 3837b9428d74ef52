import assert from "node:assert/strict";
import { it } from "node:test";
import type { Store } from "../contract.js";
import { type MakeStoreFixture, SYSTEM, version, withStore, writer } from "../store-fixture.js";
import { encodeCursor } from "./cursor.js";

/** The paging and bad-input cases of the shared suite: keyset order, cursors, filters and limits. */

const W = writer("org-a", "user-a");
const T2 = "2024-02-01T00:00:00.000Z";

/** Every row of a filter, read page by page as `id@versionKey`. */
export async function allPages(store: Store, filter: Parameters<Store["queryObjects"]>[1], limit: number) {
  const seen: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await store.queryObjects(SYSTEM, filter, { limit, after });
    for (const o of page.objects) seen.push(`${o.id}@${o.versionKey}`);
    if (!page.more) return seen;
    after = page.next;
  }
}

/** Registers the paging cases (called by runStoreCases). */
export function runPagingCases(make: MakeStoreFixture): void {
  it("rejects bad filters and page limits with codes, and caps the limit", (t) =>
    withStore(t, make, async (store) => {
      await store.putObjects(W, [version(1)]);
      const code = (code: string) => (e: unknown) => (e as { code?: string }).code === code;
      await assert.rejects(
        store.queryObjects(SYSTEM, { addedAfter: "yesterday" }, { limit: 1 }),
        code("STORE_BAD_FILTER"),
      );
      await assert.rejects(
        store.queryObjects(SYSTEM, { versions: ["newest"] }, { limit: 1 }),
        code("STORE_BAD_FILTER"),
      );
      await assert.rejects(
        store.countObjects(SYSTEM, { versions: ["2024-13-01T00:00:00Z"] }),
        code("STORE_BAD_FILTER"),
      );
      const many = Array.from({ length: 10_001 }, (_, i) => `x${i}`);
      await assert.rejects(store.queryObjects(SYSTEM, { ids: many }, { limit: 1 }), code("STORE_BAD_FILTER"));
      for (const limit of [0, -1, 1.5, Number.NaN]) {
        await assert.rejects(store.queryObjects(SYSTEM, {}, { limit }), code("STORE_BAD_PAGE"));
      }
      const page = await store.queryObjects(SYSTEM, {}, { limit: 1e9 });
      assert.equal(page.objects.length, 1);
      assert.equal(page.more, false);
      assert.equal(page.next, null);
      // Hostile text in filter values is data, never SQL.
      const hostile = "x' or '1'='1";
      assert.deepEqual(
        (await store.queryObjects(SYSTEM, { ids: [hostile], types: [hostile] }, { limit: 5 })).objects,
        [],
      );
    }));

  it("rejects garbled and forged cursors with STORE_BAD_CURSOR", (t) =>
    withStore(t, make, async (store) => {
      await store.putObjects(W, [version(1), version(2)]);
      const b64 = (text: string) => Buffer.from(text).toString("base64url");
      const bad = [
        "",
        "!!!",
        "' OR 1=1 --",
        "a".repeat(10_000),
        b64("not json"),
        b64('{"a":1}'),
        b64('["2024-01-01T00:00:00.000000Z"]'),
        b64('["2024-01-01T00:00:00Z", 1]'),
        b64('["2024-01-01T00:00:00.000000Z", -1]'),
        b64('["2024-01-01T00:00:00.000000Z", 1.5]'),
        b64(`["2024-01-01T00:00:00.000000Z' or 1=1 --", 1]`),
        b64('["2024-01-01T00:00:00.000000Z", "1; drop table objects"]'),
      ];
      for (const after of bad) {
        await assert.rejects(store.queryObjects(SYSTEM, {}, { limit: 1, after }), (e: unknown) => {
          assert.equal((e as { code?: string }).code, "STORE_BAD_CURSOR", `cursor ${after.slice(0, 40)}`);
          assert.equal((e as { status?: number }).status, 400);
          return true;
        });
      }
      // A well-formed cursor this store never issued is just a position: it pages from there.
      const page = await store.queryObjects(
        SYSTEM,
        {},
        { limit: 5, after: encodeCursor({ dateAdded: "1970-01-01T00:00:00.000000Z", seq: 0 }) },
      );
      assert.equal(page.objects.length, 2);
      assert.equal(await store.countObjects(SYSTEM, {}), 2, "nothing was harmed");
    }));

  it("pages by keyset with inserts between pages: no duplicates, no gaps", (t) =>
    withStore(t, make, async (store) => {
      const first = Array.from({ length: 230 }, (_, i) => version(i, { collectionId: i % 2 ? "odd" : null }));
      await store.putObjects(W, first);
      const seen: string[] = [];
      let after: string | null = null;
      let n = 1000;
      for (let pages = 0; pages < 200; pages++) {
        const page = await store.queryObjects(SYSTEM, { versions: ["all"] }, { limit: 17, after });
        seen.push(...page.objects.map((o) => `${o.id}@${o.versionKey}`));
        if (!page.more) break;
        after = page.next;
        // New objects and new versions of already-read ones arrive between pages: both come later in order.
        await store.putObjects(W, [
          version(n++),
          version(n++, { collectionId: "odd" }),
          version(pages, { modified: T2 }),
        ]);
      }
      const total = await store.countObjects(SYSTEM, { versions: ["all"] });
      assert.equal(new Set(seen).size, seen.length, "no duplicates");
      assert.equal(seen.length, total, "no gaps");
      const odd = await allPages(store, { collectionId: "odd", versions: ["all"] }, 7);
      assert.equal(new Set(odd).size, odd.length);
      assert.equal(odd.length, await store.countObjects(SYSTEM, { collectionId: "odd", versions: ["all"] }));
      assert.equal(odd.length, 115 + (n - 1000) / 2);
    }));
}
