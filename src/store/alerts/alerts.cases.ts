import assert from "node:assert/strict";
import { it } from "node:test";
import { StoreError } from "../errors.js";
import { ALL_ORGS } from "../inventory/contract.js";
import { type MakeStoreFixture, testId, withStore } from "../store-fixture.js";
import type { AlertInput } from "./contract.js";

const actor = { userId: "u-1", orgId: "org-a", address: "127.0.0.1" };

/** An indicator alert of event `n` at minute `minute` of 2023-02-22 (no time when minute is null). */
const match = (n: number, minute: number | null, indicator = 1): AlertInput => ({
  kind: "indicator",
  event: `e${n}`,
  indicatorId: testId(indicator),
  value: "66.63.168.35",
  field: "id.resp_h",
  log: "zeek:conn",
  file: "conn.log",
  line: n,
  ts: minute === null ? null : new Date(Date.UTC(2023, 1, 22, 0, minute)).toISOString(),
  src: "10.0.0.5",
  dst: "66.63.168.35",
  details: null,
});

const exfil = (n: number, day: number): AlertInput => ({
  kind: "exfiltration",
  event: `x${n}`,
  indicatorId: null,
  value: null,
  field: null,
  log: "conn",
  file: "conn.log",
  line: n,
  ts: new Date(Date.UTC(2023, 1, day, 3)).toISOString(),
  src: "10.0.0.5",
  dst: "66.63.168.35",
  details: { bytes_out: 90_000_000, bytes_in: 1_000, end: new Date(Date.UTC(2023, 1, day, 4)).toISOString() },
});

/** The alerts area's shared cases, run on both databases by areas.cases.ts. */
export function runAlertCases(make: MakeStoreFixture): void {
  it("records each alert once however often it is inserted, one organization's apart from another's", async (t) => {
    await withStore(t, make, async (store) => {
      const batch = [match(1, 0), match(2, 5), match(2, 5, 2), exfil(1, 22)];
      assert.deepEqual(await store.alerts.insert("org-a", batch), { added: 4, pruned: 0 });
      assert.deepEqual(await store.alerts.insert("org-a", [...batch, match(3, 9)]), { added: 1, pruned: 0 });
      assert.deepEqual(await store.alerts.insert("org-b", [match(1, 0)]), { added: 1, pruned: 0 });
      const mine = await store.alerts.list({ kind: "org", orgId: "org-a" }, {}, { limit: 100 });
      assert.equal(mine.alerts.length, 5);
      assert.ok(mine.alerts.every((a) => a.orgId === "org-a" && a.status === "new"));
      const all = await store.alerts.list(ALL_ORGS, {}, { limit: 100 });
      assert.equal(all.alerts.length, 6);
      const x = mine.alerts.find((a) => a.kind === "exfiltration");
      assert.deepEqual(x?.details, exfil(1, 22).details);
      assert.equal(x?.indicatorId, null);
      // Another organization's alert is not there for a member.
      const theirs = all.alerts.find((a) => a.orgId === "org-b");
      assert.ok(theirs);
      assert.equal(await store.alerts.get({ kind: "org", orgId: "org-a" }, theirs.id), null);
      assert.equal((await store.alerts.get(ALL_ORGS, theirs.id))?.orgId, "org-b");
    });
  });

  it("pages newest event first by keyset, filtered by kind, time, indicator and status", async (t) => {
    await withStore(t, make, async (store) => {
      const many = Array.from({ length: 250 }, (_, i) => match(i, i % 60, 1 + (i % 3)));
      await store.alerts.insert("org-a", [...many, match(900, null), exfil(1, 20), exfil(2, 21)]);
      const scope = { kind: "org", orgId: "org-a" } as const;
      const seen: string[] = [];
      let after: string | null = null;
      let previous = "9999";
      do {
        const page = await store.alerts.list(scope, { kinds: ["indicator"] }, { limit: 40, after });
        for (const a of page.alerts) {
          // Newest first; the alert without a time last.
          const key = a.ts ?? "";
          assert.ok(key <= previous, `${key} after ${previous}`);
          previous = key;
          seen.push(a.id);
        }
        after = page.next;
      } while (after !== null);
      assert.equal(seen.length, 251);
      assert.equal(new Set(seen).size, 251);
      const window = await store.alerts.list(
        scope,
        { from: "2023-02-22T00:10:00Z", to: "2023-02-22T00:20:00Z", indicatorId: testId(2) },
        { limit: 1000 },
      );
      const expected = many.filter(
        (a) => a.indicatorId === testId(2) && (a.ts ?? "") >= "2023-02-22T00:10" && (a.ts ?? "") < "2023-02-22T00:20",
      );
      assert.equal(window.alerts.length, expected.length);
      assert.ok(expected.length > 0);
      const exfils = await store.alerts.list(
        scope,
        { kinds: ["exfiltration"], to: "2023-02-21T00:00:00Z" },
        { limit: 5 },
      );
      assert.deepEqual(
        exfils.alerts.map((a) => a.event),
        ["x1"],
      );
      // By the observed value: every indicator match is on the one address, the analytics on none.
      const byValue = await store.alerts.list(scope, { value: "66.63.168.35" }, { limit: 1000 });
      assert.equal(byValue.alerts.length, 251);
      assert.equal((await store.alerts.list(scope, { value: "66.63.168.3" }, { limit: 10 })).alerts.length, 0);
    });
  });

  it("acknowledges and dismisses with who, when and a note, audited, only in the caller's scope", async (t) => {
    await withStore(t, make, async (store) => {
      await store.alerts.insert("org-a", [match(1, 0), match(2, 1)]);
      await store.alerts.insert("org-b", [match(1, 0)]);
      const scope = { kind: "org", orgId: "org-a" } as const;
      const [first, second] = (await store.alerts.list(scope, {}, { limit: 10 })).alerts;
      assert.ok(first && second);
      const acked = await store.alerts.setStatus(scope, actor, first.id, {
        status: "acknowledged",
        by: "ana",
        note: "host aislado",
      });
      assert.equal(acked?.status, "acknowledged");
      assert.equal(acked?.statusBy, "ana");
      assert.equal(acked?.note, "host aislado");
      assert.ok(acked?.statusAt && Date.parse(acked.statusAt) > 0);
      await store.alerts.setStatus(scope, actor, second.id, { status: "dismissed", by: "ana", note: null });
      const other = (await store.alerts.list({ kind: "org", orgId: "org-b" }, {}, { limit: 10 })).alerts[0];
      assert.ok(other);
      assert.equal(
        await store.alerts.setStatus(scope, actor, other.id, { status: "dismissed", by: "ana", note: null }),
        null,
      );
      assert.equal((await store.alerts.get(ALL_ORGS, other.id))?.status, "new");
      const open = await store.alerts.list(scope, { statuses: ["new", "acknowledged"] }, { limit: 10 });
      assert.deepEqual(
        open.alerts.map((a) => a.id),
        [first.id],
      );
      // Scanning the same events again leaves the status as it is.
      await store.alerts.insert("org-a", [match(1, 0), match(2, 1)]);
      assert.equal((await store.alerts.get(scope, first.id))?.status, "acknowledged");
      const log = await store.directory.listAudit(0, 50);
      assert.equal(log.filter((e) => e.action === "alert.status").length, 2);
    });
  });

  it("keeps at most the newest `keep` alerts of an organization, others untouched", async (t) => {
    await withStore(t, make, async (store) => {
      await store.alerts.insert("org-b", [match(1, 0)], { keep: 5 });
      const first = await store.alerts.insert(
        "org-a",
        Array.from({ length: 8 }, (_, i) => match(i, i)),
        { keep: 5 },
      );
      assert.deepEqual(first, { added: 8, pruned: 3 });
      const result = await store.alerts.insert("org-a", [match(100, 59), match(101, 58)], { keep: 5 });
      assert.deepEqual(result, { added: 2, pruned: 2 });
      const left = await store.alerts.list({ kind: "org", orgId: "org-a" }, {}, { limit: 100 });
      assert.deepEqual(left.alerts.map((a) => a.event).sort(), ["e100", "e101", "e5", "e6", "e7"]);
      assert.equal((await store.alerts.list({ kind: "org", orgId: "org-b" }, {}, { limit: 100 })).alerts.length, 1);
    });
  });

  it("counts alerts per day, hour or minute and kind, for the chart", async (t) => {
    await withStore(t, make, async (store) => {
      await store.alerts.insert("org-a", [match(1, 0), match(2, 59), match(3, null), exfil(1, 21), exfil(2, 22)]);
      const scope = { kind: "org", orgId: "org-a" } as const;
      assert.deepEqual(await store.alerts.histogram(scope, {}, "day"), [
        { bucket: "2023-02-21", kind: "exfiltration", count: 1 },
        { bucket: "2023-02-22", kind: "exfiltration", count: 1 },
        { bucket: "2023-02-22", kind: "indicator", count: 2 },
      ]);
      assert.deepEqual(await store.alerts.histogram(scope, { kinds: ["indicator"] }, "hour"), [
        { bucket: "2023-02-22T00", kind: "indicator", count: 2 },
      ]);
      assert.deepEqual(await store.alerts.histogram(scope, { kinds: ["indicator"] }, "minute"), [
        { bucket: "2023-02-22T00:00", kind: "indicator", count: 1 },
        { bucket: "2023-02-22T00:59", kind: "indicator", count: 1 },
      ]);
      assert.deepEqual(await store.alerts.histogram({ kind: "org", orgId: "org-z" }, {}, "day"), []);
    });
  });

  it("counts the indicators matched most often, in the scope, most matches first", async (t) => {
    await withStore(t, make, async (store) => {
      await store.alerts.insert("org-a", [
        match(1, 0, 1),
        match(2, 5, 1),
        match(3, null, 1),
        match(4, 9, 2),
        exfil(1, 21),
      ]);
      await store.alerts.insert("org-b", [match(5, 30, 2), match(6, 40, 2), match(7, 50, 3)]);
      const at = (minute: number) => new Date(Date.UTC(2023, 1, 22, 0, minute)).toISOString();
      assert.deepEqual(await store.alerts.topIndicators({ kind: "org", orgId: "org-a" }, {}, 10), [
        { indicatorId: testId(1), count: 3, organizations: 1, lastSeen: at(5) },
        { indicatorId: testId(2), count: 1, organizations: 1, lastSeen: at(9) },
      ]);
      assert.deepEqual(await store.alerts.topIndicators(ALL_ORGS, {}, 2), [
        { indicatorId: testId(1), count: 3, organizations: 1, lastSeen: at(5) },
        { indicatorId: testId(2), count: 3, organizations: 2, lastSeen: at(40) },
      ]);
      // The filter narrows (a time range leaves out the alert without a time); kinds are ignored.
      assert.deepEqual(await store.alerts.topIndicators(ALL_ORGS, { from: at(1), kinds: ["beacon"] }, 10), [
        { indicatorId: testId(2), count: 3, organizations: 2, lastSeen: at(40) },
        { indicatorId: testId(1), count: 1, organizations: 1, lastSeen: at(5) },
        { indicatorId: testId(3), count: 1, organizations: 1, lastSeen: at(50) },
      ]);
      await assert.rejects(
        store.alerts.topIndicators(ALL_ORGS, {}, 0),
        (e) => e instanceof StoreError && e.code === "STORE_BAD_PAGE",
      );
    });
  });

  it("refuses a bad cursor, page size, time or kind with a message saying what to do", async (t) => {
    await withStore(t, make, async (store) => {
      const scope = ALL_ORGS;
      const code = (e: unknown) => (e instanceof StoreError ? e.code : String(e));
      await assert.rejects(store.alerts.list(scope, {}, { limit: 10, after: "garbage!" }), (e) => {
        assert.equal(code(e), "STORE_BAD_CURSOR");
        assert.match((e as Error).message, /next/);
        return true;
      });
      await assert.rejects(store.alerts.list(scope, {}, { limit: 0 }), (e) => code(e) === "STORE_BAD_PAGE");
      await assert.rejects(store.alerts.list(scope, { from: "ayer" }, { limit: 10 }), (e) => {
        assert.equal(code(e), "STORE_BAD_FILTER");
        assert.match((e as Error).message, /from="ayer"/);
        return true;
      });
      await assert.rejects(
        store.alerts.list(scope, { kinds: ["worm" as "beacon"] }, { limit: 10 }),
        (e) => code(e) === "STORE_BAD_FILTER",
      );
      await assert.rejects(
        store.alerts.insert("org-a", [match(1, 0)], { keep: 0 }),
        (e) => code(e) === "STORE_BAD_FILTER",
      );
    });
  });
}
