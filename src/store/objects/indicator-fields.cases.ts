import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type MakeStoreFixture, member, SYSTEM, testId, version, withStore, writer } from "../store-fixture.js";
import type { IndicatorFields, ObjectVersionInput } from "./contract.js";

/**
 * queryIndicatorFields, on every adapter: the detection index's read. The fields must be what
 * JSON.parse of the stored object gives for the ones IndicatorIndex.add reads, only current
 * versions, the reader's TLP rules, keyset paging and addedAfter as queryObjects has them.
 */

const W = writer("org-a", "user-a");

function indicator(
  n: number,
  fields: Record<string, unknown>,
  over: Partial<ObjectVersionInput> = {},
): ObjectVersionInput {
  const id = testId(n);
  const modified = (fields.modified as string | undefined) ?? "2024-01-01T00:00:00.000Z";
  const object = {
    type: "indicator",
    spec_version: "2.1",
    id,
    created: "2024-01-01T00:00:00.000Z",
    modified,
    ...fields,
  };
  return version(n, { ...over, modified, raw: JSON.stringify(object) });
}

async function all(read: (after: string | null) => Promise<{ indicators: IndicatorFields[]; next: string | null }>) {
  const out: IndicatorFields[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const page = await read(cursor);
    out.push(...page.indicators);
    cursor = page.next;
    pages++;
  } while (cursor !== null);
  return { out, pages };
}

/** Registers the cases (called by runObjectCases). */
export function runIndicatorFieldsCases(make: MakeStoreFixture): void {
  describe("indicator fields", () => {
    it("reads the index's fields of current indicator versions, page by page, under the reader's TLP", (t) =>
      withStore(t, make, async (store) => {
        const pattern = "[domain-name:value = 'x.example']";
        await store.putObjects(W, [
          indicator(1, {
            pattern: "[ipv4-addr:value = '10.0.0.1']",
            pattern_type: "stix",
            valid_from: "2024-01-01T00:00:00Z",
          }),
          indicator(2, {
            pattern,
            revoked: true,
            x_centinela_ignore_warninglists: true,
            valid_until: "2025-01-01T00:00:00Z",
          }),
          // Not JSON true: neither flag is set.
          indicator(3, { pattern: 7, revoked: "true", x_centinela_ignore_warninglists: 1, pattern_type: "sigma" }),
          indicator(4, { pattern }, { tlp: "amber" }),
          version(5, { type: "malware" }),
        ]);
        // A newer version of 1: only it is read.
        const [newer] = await store.putObjects(W, [indicator(1, { pattern, modified: "2024-06-01T00:00:00.000Z" })]);
        const { out, pages } = await all((after) => store.queryIndicatorFields(SYSTEM, null, { limit: 2, after }));
        assert.equal(pages, 2);
        const byId = new Map(out.map((o) => [o.id, o]));
        assert.deepEqual([...byId.keys()].sort(), [testId(1), testId(2), testId(3), testId(4)].sort());
        assert.equal(out.length, 4, "one row per indicator");
        assert.deepEqual(byId.get(testId(1)), {
          id: testId(1),
          dateAdded: newer!.dateAdded,
          pattern,
          pattern_type: undefined,
          valid_from: undefined,
          valid_until: undefined,
          modified: "2024-06-01T00:00:00.000Z",
          revoked: false,
          x_centinela_ignore_warninglists: false,
        });
        const two = byId.get(testId(2))!;
        assert.equal(two.revoked, true);
        assert.equal(two.x_centinela_ignore_warninglists, true);
        assert.equal(two.valid_until, "2025-01-01T00:00:00Z");
        const three = byId.get(testId(3))!;
        assert.equal(three.revoked, false);
        assert.equal(three.x_centinela_ignore_warninglists, false);
        assert.equal(three.pattern_type, "sigma");
        // A non-string pattern stays a non-pattern: SQLite gives the number, PostgreSQL its text;
        // either way IndicatorIndex.add refuses it (not a string, or not a valid pattern).
        assert.ok(three.pattern === 7 || three.pattern === "7", String(three.pattern));
        // In date-added order, and addedAfter reads only what came later.
        assert.deepEqual(
          out.map((o) => o.dateAdded),
          [...out.map((o) => o.dateAdded)].sort(),
        );
        const later = await store.queryIndicatorFields(SYSTEM, byId.get(testId(4))!.dateAdded, { limit: 10 });
        assert.deepEqual(
          later.indicators.map((o) => o.id),
          [testId(1)],
        );
        // Another organization's member does not see the AMBER one.
        const other = await store.queryIndicatorFields(member("org-b", "user-b"), null, { limit: 10 });
        assert.deepEqual(other.indicators.map((o) => o.id).sort(), [testId(1), testId(2), testId(3)].sort());
      }));
  });
}
