import assert from "node:assert/strict";
import { it } from "node:test";
import type { Store } from "../contract.js";
import { type MakeStoreFixture, member, SYSTEM, testId, version, withStore, writer } from "../store-fixture.js";
import type { ObjectFilter, ObjectVersionInput } from "./contract.js";

/**
 * Version selection of the shared suite for objects without `modified` or `created` (SCOs): their
 * version is the date the store added them, for match[version] as for first/last; timestamps
 * in filters are compared as instants whatever their spelling; and a version is its id and its
 * `modified` instant, however that is spelled (issue #14 item 1).
 */

const W = writer("org-a", "user-a");
const T1 = "2024-01-01T00:00:00.000Z";
const T2 = "2024-02-01T00:00:00.000Z";

/** An unversioned object (an SCO) `n` of `type`, as ingest hands it to the store. */
function unversioned(n: number, over: Partial<ObjectVersionInput> = {}, type = "ipv4-addr"): ObjectVersionInput {
  const id = over.id ?? testId(n, type);
  return {
    ...version(n, { type, id, ...over }),
    created: null,
    versionKey: "",
    raw: JSON.stringify({ type, spec_version: "2.1", id, value: `198.51.100.${n}` }),
  };
}

/** `stamp` (store form, `…ss.ffffffZ`) written another way: with an offset of `minutes` east of UTC and nine fraction digits. */
function respelled(stamp: string, minutes: number): string {
  const at = new Date(Date.parse(stamp) + minutes * 60_000).toISOString();
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${at.slice(0, 19)}.${stamp.slice(20, 26)}000${offset}`;
}

/** `id@versionKey` of every row a filter selects, sorted. */
async function keys(store: Store, filter: ObjectFilter): Promise<string[]> {
  const page = await store.queryObjects(SYSTEM, filter, { limit: 100 });
  assert.equal(page.more, false);
  return page.objects.map((o) => `${o.id}@${o.versionKey}`).sort();
}

/** Registers the version cases (called by runStoreCases). */
export function runVersionCases(make: MakeStoreFixture): void {
  it("matches an unversioned object (SCO) by its date added, mixed with versioned objects", (t) =>
    withStore(t, make, async (store) => {
      const ind = testId(1);
      const [a, b] = [testId(2, "ipv4-addr"), testId(3, "ipv4-addr")];
      const put = await store.putObjects(W, [
        version(1, { modified: T1, collectionId: "col" }),
        unversioned(2, { collectionId: "col" }),
        version(1, { modified: T2, collectionId: "col" }),
        unversioned(3, { collectionId: "col" }),
      ]);
      const [addedA, addedB] = [put[1]!.dateAdded, put[3]!.dateAdded];
      for (const collectionId of [undefined, "col"]) {
        const sel = (versions: string[]) => keys(store, { versions, ...(collectionId ? { collectionId } : {}) });
        assert.deepEqual(await sel([addedA]), [`${a}@`], `${collectionId}: by date added`);
        assert.deepEqual(await sel([addedA, T1]), [`${ind}@${T1}`, `${a}@`].sort());
        assert.deepEqual(await sel([addedB, "last"]), [`${ind}@${T2}`, `${a}@`, `${b}@`].sort());
        assert.deepEqual(await sel([T2]), [`${ind}@${T2}`], "a modified time never selects an SCO");
        assert.deepEqual(await sel(["first"]), [`${ind}@${T1}`, `${a}@`, `${b}@`].sort());
        assert.deepEqual(await sel(["last"]), [`${ind}@${T2}`, `${a}@`, `${b}@`].sort());
        assert.deepEqual(await sel(["all"]), [`${ind}@${T1}`, `${ind}@${T2}`, `${a}@`, `${b}@`].sort());
        assert.deepEqual(await sel([respelled(addedA, -150)]), [`${a}@`], "the same instant, spelled otherwise");
        assert.deepEqual(await sel(["2000-01-01T00:00:00Z"]), []);
      }
      assert.deepEqual(await keys(store, { ids: [a, b], versions: [addedB] }), [`${b}@`]);
      assert.deepEqual(await keys(store, { types: ["ipv4-addr"], versions: [addedA, addedB] }), [`${a}@`, `${b}@`]);
      assert.equal(await store.countObjects(SYSTEM, { versions: [addedA, T1] }), 2);
      assert.equal(await store.countObjects(SYSTEM, { collectionId: "col", versions: [addedB] }), 1);
      // A reader who may not see the SCO does not find it by its date added either.
      await store.putObjects(W, [unversioned(4, { tlp: "red" })]);
      const [red] = await store.getVersions(SYSTEM, testId(4, "ipv4-addr"));
      const other = member("org-b", "user-b");
      assert.equal(await store.countObjects(other, { versions: [red!.dateAdded] }), 0);
      assert.equal(await store.countObjects(SYSTEM, { versions: [red!.dateAdded] }), 1);
    }));

  it("orders an id's versions by modified, else created, else date added, for first, last and getVersions", (t) =>
    withStore(t, make, async (store) => {
      // One id stored without a version key (version: its date added, now) and with versions before and after now.
      const id = testId(9, "x-thing");
      const later = "2999-01-01T00:00:00.000Z";
      const [added] = await store.putObjects(W, [unversioned(9, { id }, "x-thing")]);
      await store.putObjects(W, [version(9, { id, type: "x-thing", modified: later })]);
      await store.putObjects(W, [version(9, { id, type: "x-thing", modified: T1 })]);
      assert.deepEqual(await keys(store, { ids: [id], versions: ["first"] }), [`${id}@${T1}`]);
      assert.deepEqual(await keys(store, { ids: [id], versions: ["last"] }), [`${id}@${later}`]);
      assert.deepEqual(await keys(store, { ids: [id], versions: [added!.dateAdded] }), [`${id}@`]);
      assert.deepEqual(
        (await store.getVersions(SYSTEM, id)).map((v) => v.versionKey),
        [T1, "", later],
      );
    }));

  it("names a version by its id and modified instant: the same object respelled is unchanged, another a conflict", (t) =>
    withStore(t, make, async (store) => {
      const id = testId(40);
      // The same object: members in another order, white space, both instants spelled otherwise.
      const text = (modified: string, created: string, name = "n40", spaced = false) =>
        spaced
          ? JSON.stringify({ name, modified, created, id, spec_version: "2.1", type: "indicator" }, null, 1)
          : JSON.stringify({ type: "indicator", spec_version: "2.1", id, created, modified, name });
      const at = (modified: string, raw: string, collectionId: string) =>
        ({ ...version(40, { modified, collectionId }), raw }) as ObjectVersionInput;
      const first = text("2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z");
      const [put] = await store.putObjects(W, [at("2024-01-01T00:00:00.000Z", first, "c1")]);
      assert.equal(put!.outcome, "new");
      const again = await store.putObjects(W, [
        at("2024-01-01T00:00:00Z", text("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z", "n40", true), "c2"),
        at("2024-01-01T01:00:00.000000+01:00", text("2024-01-01T01:00:00.000000+01:00", "2024-01-01T00:00:00Z"), "c2"),
      ]);
      assert.deepEqual(
        again.map((r) => `${r.outcome} ${r.dateAdded === put!.dateAdded}`),
        ["unchanged true", "unchanged true"],
      );
      // A different object with the same id and instant: the first stays, the second is reported.
      const [other] = await store.putObjects(W, [
        at("2023-12-31T19:00:00-05:00", text("2023-12-31T19:00:00-05:00", "2024-01-01T00:00:00Z", "other"), "c1"),
      ]);
      assert.equal(other!.outcome, "conflict");
      const versions = await store.getVersions(SYSTEM, id);
      assert.deepEqual(
        versions.map((v) => v.raw),
        [first],
        "one version, as first received",
      );
      // The respelled re-import put the version in c2 too, once.
      for (const collectionId of ["c1", "c2"]) {
        const page = await store.queryObjects(SYSTEM, { collectionId, ids: [id], versions: ["all"] }, { limit: 10 });
        assert.deepEqual(
          page.objects.map((o) => o.raw),
          [first],
          collectionId,
        );
      }
      assert.equal(await store.countObjects(SYSTEM, { ids: [id], versions: ["last"] }), 1);
      assert.equal(await store.countObjects(SYSTEM, { ids: [id], versions: ["2024-01-01T00:00:00Z"] }), 1);

      // In one batch: a new version, the same respelled, and a different object at that instant.
      const later = text("2024-05-01T00:00:00Z", "2024-01-01T00:00:00Z");
      const batch = await store.putObjects(W, [
        at("2024-05-01T00:00:00Z", later, "c1"),
        at("2024-05-01T00:00:00.000Z", text("2024-05-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"), "c1"),
        at("2024-05-01T00:00:00.000Z", text("2024-05-01T00:00:00.000Z", "2024-01-01T00:00:00Z", "x"), "c1"),
      ]);
      assert.deepEqual(
        batch.map((r) => r.outcome),
        ["new_version", "unchanged", "conflict"],
      );
      assert.deepEqual(
        (await store.getVersions(SYSTEM, id)).map((v) => v.raw),
        [first, later],
      );
      const last = await store.queryObjects(SYSTEM, { ids: [id] }, { limit: 10 });
      assert.deepEqual(
        last.objects.map((o) => o.raw),
        [later],
      );
    }));

  it("compares added_after as an instant, whatever its spelling", (t) =>
    withStore(t, make, async (store) => {
      const put = await store.putObjects(W, [version(1), unversioned(2), version(3)]);
      const middle = put[1]!.dateAdded;
      const ids = async (addedAfter: string) =>
        (await store.queryObjects(SYSTEM, { addedAfter }, { limit: 10 })).objects.map((o) => o.id);
      for (const spelling of [middle, respelled(middle, 0), respelled(middle, 90), respelled(middle, -330)]) {
        assert.deepEqual(await ids(spelling), [testId(3)], spelling);
      }
      // Lower case and a `Z` spelled `+00:00` (no fraction digits: the second itself) are the same instant.
      const second = middle.slice(0, 19);
      const atSecond = await ids(`${second}Z`);
      assert.deepEqual(await ids(`${second.replace("T", "t")}z`), atSecond);
      assert.deepEqual(await ids(`${second}+00:00`), atSecond);
    }));

  it("keeps first and last right when a lone version gains others, in later batches or the same one", (t) =>
    withStore(t, make, async (store) => {
      const T3 = "2024-03-01T00:00:00.000Z";
      const [one, two, three] = [testId(11), testId(12), testId(13)];
      // A lone version first: it is its id's first and last.
      await store.putObjects(W, [version(11, { modified: T2 }), version(12, { modified: T1 })]);
      assert.deepEqual(await keys(store, { versions: ["last"] }), [`${one}@${T2}`, `${two}@${T1}`].sort());
      // An older and a newer version arrive later: the lone one is neither first nor last any more.
      await store.putObjects(W, [version(11, { modified: T1 }), version(12, { modified: T3 })]);
      // Two versions of a new id in one batch, newest first.
      await store.putObjects(W, [version(13, { modified: T3 }), version(13, { modified: T1 })]);
      assert.deepEqual(
        await keys(store, { versions: ["last"] }),
        [`${one}@${T2}`, `${two}@${T3}`, `${three}@${T3}`].sort(),
      );
      assert.deepEqual(
        await keys(store, { versions: ["first"] }),
        [`${one}@${T1}`, `${two}@${T1}`, `${three}@${T1}`].sort(),
      );
      // A reader who may not see the newest version gets the newest it may see as "last".
      await store.putObjects(W, [version(11, { modified: T3, tlp: "red" })]);
      const page = await store.queryObjects(
        member("org-b", "user-b"),
        { ids: [one], versions: ["last"] },
        { limit: 10 },
      );
      assert.deepEqual(
        page.objects.map((o) => o.versionKey),
        [T2],
      );
    }));

  it("gives a stored version a fresh date_added when it joins another collection, once", (t) =>
    withStore(t, make, async (store) => {
      const [first] = await store.putObjects(W, [version(21, { collectionId: "c1" })]);
      await store.putObjects(W, [version(22, { collectionId: "c2" })]);
      const [again] = await store.putObjects(W, [version(21, { collectionId: "c2" })]);
      assert.equal(again!.outcome, "unchanged");
      const inC2 = async () => (await store.queryObjects(SYSTEM, { collectionId: "c2" }, { limit: 10 })).objects;
      const rows = await inC2();
      assert.deepEqual(
        rows.map((o) => o.id),
        [testId(22), testId(21)],
        "ordered by when each joined c2",
      );
      const joined = rows[1]!.dateAdded;
      assert.ok(joined > first!.dateAdded && joined > rows[0]!.dateAdded, `${joined} is after both`);
      // A poll of c2 after its first object sees the one that joined later.
      const later = await store.queryObjects(
        SYSTEM,
        { collectionId: "c2", addedAfter: rows[0]!.dateAdded },
        { limit: 10 },
      );
      assert.deepEqual(
        later.objects.map((o) => o.id),
        [testId(21)],
      );
      // c1 keeps its own date; adding to c2 again changes nothing.
      const c1 = await store.queryObjects(SYSTEM, { collectionId: "c1" }, { limit: 10 });
      assert.equal(c1.objects[0]!.dateAdded, first!.dateAdded);
      await store.putObjects(W, [version(21, { collectionId: "c2" }), version(21, { collectionId: "c2" })]);
      assert.deepEqual(
        (await inC2()).map((o) => `${o.id} ${o.dateAdded}`),
        rows.map((o) => `${o.id} ${o.dateAdded}`),
      );
    }));

  it("stores batches written without waiting in call order: the first of two same-key inputs wins", (t) =>
    withStore(t, make, async (store) => {
      for (let run = 0; run < 5; run++) {
        const a = version(30 + run, { raw: JSON.stringify({ first: run }) });
        const b = version(30 + run, { raw: JSON.stringify({ second: run }) });
        const filler = Array.from({ length: 200 }, (_, k) => version(1000 + run * 1000 + k));
        const [one, two] = await Promise.all([store.putObjects(W, [...filler, a]), store.putObjects(W, [b])]);
        assert.equal(one!.at(-1)!.outcome, "new", `run ${run}`);
        assert.equal(two![0]!.outcome, "conflict", `run ${run}`);
      }
    }));
}
