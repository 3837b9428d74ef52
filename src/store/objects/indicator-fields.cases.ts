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

    it("the system read follows new versions and revocation, never an older version stored later", (t) =>
      withStore(t, make, async (store) => {
        const read = async () => {
          const { out } = await all((after) => store.queryIndicatorFields(SYSTEM, null, { limit: 50_000, after }));
          return new Map(out.map((o) => [o.id, o]));
        };
        const at = (month: number) => `2024-0${month}-01T00:00:00.000Z`;
        await store.putObjects(W, [indicator(1, { pattern: "[domain-name:value = 'v2.example']", modified: at(2) })]);
        const [v3] = await store.putObjects(W, [
          indicator(1, { pattern: "[domain-name:value = 'v3.example']", modified: at(3) }),
        ]);
        // An older version stored after the newer one: the newer stays, with its own date added.
        await store.putObjects(W, [indicator(1, { pattern: "[domain-name:value = 'v1.example']", modified: at(1) })]);
        let now = await read();
        assert.equal(now.size, 1);
        assert.equal(now.get(testId(1))!.pattern, "[domain-name:value = 'v3.example']");
        assert.equal(now.get(testId(1))!.dateAdded, v3!.dateAdded);
        const since = await store.queryIndicatorFields(SYSTEM, v3!.dateAdded, { limit: 10 });
        assert.equal(since.indicators.length, 0, "nothing current was added after v3");
        // Revoked: the row says so (the index drops the indicator), and a reload after v3 reads it.
        await store.putObjects(W, [
          indicator(1, { pattern: "[domain-name:value = 'v3.example']", modified: at(4), revoked: true }),
        ]);
        const revoked = await store.queryIndicatorFields(SYSTEM, v3!.dateAdded, { limit: 10 });
        assert.deepEqual(
          revoked.indicators.map((o) => [o.id, o.revoked, o.modified]),
          [[testId(1), true, at(4)]],
        );
        // The newest version RED from another organization: a member of org-b still reads its
        // last visible one, the system reader the newest.
        await store.putObjects(writer("org-c", "user-c"), [
          indicator(2, { pattern: "[domain-name:value = 'old.example']", modified: at(1) }),
        ]);
        await store.putObjects(writer("org-c", "user-c"), [
          indicator(2, { pattern: "[domain-name:value = 'red.example']", modified: at(2) }, { tlp: "red" }),
        ]);
        now = await read();
        assert.equal(now.get(testId(2))!.pattern, "[domain-name:value = 'red.example']");
        const b = await store.queryIndicatorFields(member("org-b", "user-b"), null, { limit: 10 });
        assert.deepEqual(
          b.indicators.filter((o) => o.id === testId(2)).map((o) => o.pattern),
          ["[domain-name:value = 'old.example']"],
        );
      }));

    it("the system read gives what the last versions' JSON says, for every indicator", (t) =>
      withStore(t, make, async (store) => {
        const batch: ObjectVersionInput[] = [];
        for (let n = 1; n <= 60; n++) {
          const fields: Record<string, unknown> = {
            pattern: `[ipv4-addr:value = '10.0.0.${n}']`,
            modified: `2024-01-${String(1 + (n % 20)).padStart(2, "0")}T00:00:00.000Z`,
          };
          if (n % 3 === 0) fields.pattern_type = "stix";
          if (n % 4 === 0) fields.valid_from = "2023-01-01T00:00:00Z";
          if (n % 5 === 0) fields.valid_until = "2030-01-01T00:00:00Z";
          if (n % 6 === 0) fields.revoked = true;
          if (n % 7 === 0) fields.x_centinela_ignore_warninglists = true;
          batch.push(indicator(n % 25, fields, n % 8 === 0 ? { tlp: "amber" } : {}));
        }
        for (const one of batch) await store.putObjects(W, [one]);
        const { out } = await all((after) => store.queryIndicatorFields(SYSTEM, null, { limit: 7, after }));
        const last = new Map<string, { raw: Record<string, unknown>; dateAdded: string }>();
        let cursor: string | null = null;
        do {
          const page = await store.queryObjects(SYSTEM, { types: ["indicator"] }, { limit: 100, after: cursor });
          for (const o of page.objects) last.set(o.id, { raw: JSON.parse(o.raw), dateAdded: o.dateAdded });
          cursor = page.next;
        } while (cursor !== null);
        assert.equal(out.length, last.size);
        for (const o of out) {
          const { raw, dateAdded } = last.get(o.id)!;
          assert.deepEqual(o, {
            id: o.id,
            dateAdded,
            pattern: raw.pattern,
            pattern_type: raw.pattern_type,
            valid_from: raw.valid_from,
            valid_until: raw.valid_until,
            modified: raw.modified,
            revoked: raw.revoked === true,
            x_centinela_ignore_warninglists: raw.x_centinela_ignore_warninglists === true,
          });
        }
      }));
  });
}
