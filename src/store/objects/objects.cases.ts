import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import type { TlpLevel } from "../../stix/index.js";
import type { Store } from "../contract.js";
import { type MakeStoreFixture, SYSTEM, testId, version, withStore, writer } from "../store-fixture.js";
import { runAccessCases } from "./access.cases.js";
import type { ObjectVersionInput, PutResult } from "./contract.js";
import { runIndicatorFieldsCases } from "./indicator-fields.cases.js";
import { allPages, runPagingCases } from "./paging.cases.js";
import { runSearchCases } from "./search.cases.js";
import { runVersionCases } from "./version.cases.js";

/**
 * The objects area's cases, run on every adapter through runStoreCases.
 * Cases check behaviour through the Store interface only.
 */

const W = writer("org-a", "user-a");
const CHILD = fileURLToPath(new URL("./child-writer.fixture.ts", import.meta.url));

/** Runs the child writer process on a store location; resolves with its outcome counts. */
function childWrite(location: object, count: number, batch: number): Promise<Record<string, number>> {
  const args = ["--import", "tsx", CHILD, JSON.stringify({ location, count, batch })];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, (error, stdout, stderr) => {
      if (error) reject(new Error(`child writer failed: ${stderr || error.message}`));
      else resolve(JSON.parse(stdout) as Record<string, number>);
    });
  });
}
const T1 = "2024-01-01T00:00:00.000Z";
const T2 = "2024-02-01T00:00:00.000Z";
const T3 = "2024-03-01T00:00:00.000Z";

function outcomes(results: PutResult[]): string[] {
  return results.map((r) => r.outcome);
}

/** Registers the objects area's cases (called by runStoreCases). */
export function runObjectCases(make: MakeStoreFixture): void {
  describe("objects", () => {
    it("stores new objects and reports an identical re-put as unchanged", (t) =>
      withStore(t, make, async (store) => {
        const batch = [version(1), version(2)];
        const first = await store.putObjects(W, batch);
        assert.deepEqual(outcomes(first), ["new", "new"]);
        assert.ok(first[0]!.dateAdded < first[1]!.dateAdded, "date_added strictly increases");
        assert.match(first[0]!.dateAdded, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        const again = await store.putObjects(W, batch);
        assert.deepEqual(outcomes(again), ["unchanged", "unchanged"]);
        assert.deepEqual(
          again.map((r) => r.dateAdded),
          first.map((r) => r.dateAdded),
        );
        const page = await store.queryObjects(SYSTEM, {}, { limit: 10 });
        assert.deepEqual(
          page.objects.map((o) => o.raw),
          batch.map((o) => o.raw),
        );
        assert.equal(page.objects[0]!.producerOrg, "org-a");
      }));

    it("reports new_version for a new key of a stored id, conflict for the same key with other text", (t) =>
      withStore(t, make, async (store) => {
        await store.putObjects(W, [version(1, { modified: T1 })]);
        const results = await store.putObjects(W, [
          version(1, { modified: T2 }),
          version(1, { modified: T1, raw: '{"different":true}' }),
          version(2, { modified: T1 }),
          version(2, { modified: T2 }),
          version(2, { modified: T2, raw: "{}" }),
        ]);
        assert.deepEqual(outcomes(results), ["new_version", "conflict", "new", "new_version", "conflict"]);
        const versions = await store.getVersions(SYSTEM, testId(1));
        assert.deepEqual(
          versions.map((v) => v.versionKey),
          [T1, T2],
        );
        assert.notEqual(versions[0]!.raw, '{"different":true}', "the first text is kept");
        assert.deepEqual(await store.putObjects(W, []), []);
      }));

    it("keeps raw text byte for byte, including odd spacing and unicode", (t) =>
      withStore(t, make, async (store) => {
        const raw = '{ "type":"indicator",  "name":"ñandú \\u0000 😀", "id":"x" }\t';
        await store.putObjects(W, [version(1, { raw })]);
        const [got] = await store.getVersions(SYSTEM, testId(1));
        assert.equal(got!.raw, raw);
      }));

    it("selects first, last, all and explicit versions, comparing timestamps by instant", (t) =>
      withStore(t, make, async (store) => {
        // T2 written with an offset and fewer fraction digits: still sorts between T1 and T3.
        await store.putObjects(W, [
          version(1, { modified: T3 }),
          version(1, { modified: T1 }),
          version(1, { modified: "2024-02-01T01:00:00+01:00" }),
        ]);
        const keys = async (versions: string[]) =>
          (await store.queryObjects(SYSTEM, { versions }, { limit: 10 })).objects.map((o) => o.versionKey).sort();
        assert.deepEqual(await keys(["last"]), [T3]);
        assert.deepEqual(await keys(["first"]), [T1]);
        assert.deepEqual(await keys(["first", "last"]), [T1, T3]);
        assert.deepEqual(await keys(["all"]), ["2024-02-01T01:00:00+01:00", T1, T3].sort());
        assert.deepEqual(await keys([T2]), ["2024-02-01T01:00:00+01:00"]);
        assert.deepEqual(await keys(["2024-01-01T00:00:00Z"]), [T1]);
        assert.deepEqual(
          (await store.queryObjects(SYSTEM, {}, { limit: 10 })).objects.map((o) => o.versionKey),
          [T3],
          "last is the default",
        );
        assert.deepEqual(
          (await store.getVersions(SYSTEM, testId(1))).map((v) => v.versionKey),
          [T1, "2024-02-01T01:00:00+01:00", T3],
        );
      }));

    it("applies every filter: ids, types, specVersions, addedAfter, collectionId", (t) =>
      withStore(t, make, async (store) => {
        const first = await store.putObjects(W, [
          version(1, { collectionId: "col-1" }),
          version(2, { type: "malware" }),
          version(3, { specVersion: "2.0", collectionId: "col-1" }),
        ]);
        await store.putObjects(W, [version(4, { type: "malware", collectionId: "col-2" })]);
        const ids = async (filter: Parameters<Store["queryObjects"]>[1]) =>
          (await store.queryObjects(SYSTEM, filter, { limit: 100 })).objects.map((o) => o.id);
        assert.deepEqual(await ids({ ids: [testId(1), testId(4, "malware")] }), [testId(1), testId(4, "malware")]);
        assert.deepEqual(await ids({ types: ["malware"] }), [testId(2, "malware"), testId(4, "malware")]);
        assert.deepEqual(await ids({ specVersions: ["2.0"] }), [testId(3)]);
        assert.deepEqual(await ids({ addedAfter: first[2]!.dateAdded }), [testId(4, "malware")]);
        assert.deepEqual(await ids({ addedAfter: first[0]!.dateAdded, types: ["indicator"] }), [testId(3)]);
        assert.deepEqual(await ids({ collectionId: "col-1" }), [testId(1), testId(3)]);
        assert.deepEqual(await ids({ collectionId: "col-1", types: ["indicator"], specVersions: ["2.1"] }), [
          testId(1),
        ]);
        assert.deepEqual(await ids({ collectionId: "col-2", types: ["indicator"] }), []);
        assert.deepEqual(await ids({ collectionId: "none" }), []);
        assert.deepEqual(await ids({ types: [], ids: [] }), await ids({}), "empty lists do not filter");
        assert.equal(await store.countObjects(SYSTEM, { types: ["malware"] }), 2);
        assert.equal(await store.countObjects(SYSTEM, { collectionId: "col-1" }), 2);
        // Re-putting into a collection is idempotent.
        await store.putObjects(W, [version(1, { collectionId: "col-1" })]);
        assert.equal(await store.countObjects(SYSTEM, { collectionId: "col-1" }), 2);
      }));

    it("stores each version once when overlapping batches are put concurrently", (t) =>
      withStore(t, make, async (store, fixture) => {
        const other = await fixture.open();
        try {
          const batch = (from: number) => Array.from({ length: 700 }, (_, i) => version(from + i));
          const results = await Promise.all([
            store.putObjects(W, batch(0)),
            other.putObjects(W, batch(300)),
            store.putObjects(W, batch(600)),
            other.putObjects(W, batch(0)),
          ]);
          const news = new Map<string, number>();
          for (const r of results.flat()) {
            assert.ok(r.outcome === "new" || r.outcome === "unchanged", r.outcome);
            if (r.outcome === "new") news.set(r.id, (news.get(r.id) ?? 0) + 1);
          }
          assert.equal(news.size, 1300);
          assert.ok(
            [...news.values()].every((n) => n === 1),
            "each version is new exactly once",
          );
          assert.equal(await store.countObjects(SYSTEM, {}), 1300);
          assert.equal(await other.countObjects(SYSTEM, {}), 1300);
        } finally {
          await other.close();
        }
      }));

    it("stores each version once when two processes import the same data at once", (t) =>
      withStore(t, make, async (store, fixture) => {
        const [a, b] = await Promise.all([
          childWrite(fixture.location, 3000, 500),
          childWrite(fixture.location, 3000, 700),
        ]);
        assert.equal(a!.new! + b!.new!, 3000, "each version is new in exactly one process");
        assert.equal(a!.unchanged! + b!.unchanged!, 3000);
        assert.equal(a!.conflict! + b!.conflict! + a!.new_version! + b!.new_version!, 0);
        assert.equal(await store.countObjects(SYSTEM, {}), 3000);
        const added = (await allPages(store, {}, 1000)).length;
        assert.equal(added, 3000);
      }));

    it("keeps every committed batch whole and nothing of the one a killed process was writing", (t) =>
      withStore(t, make, async (store, fixture) => {
        const args = [
          "--import",
          "tsx",
          CHILD,
          JSON.stringify({ location: fixture.location, count: 1_000_000, batch: 700, progress: true }),
        ];
        const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
        let batches = 0;
        child.stdout.on("data", (chunk: Buffer) => {
          batches += chunk.toString().split("batch").length - 1;
          if (batches >= 3) child.kill("SIGKILL");
        });
        await new Promise((resolve) => child.on("exit", resolve));
        assert.ok(batches >= 3, "the child committed batches before it was killed");
        const count = await store.countObjects(SYSTEM, {});
        assert.equal(count % 700, 0, `${count} objects: a batch was cut in two`);
        assert.ok(count >= batches * 700);
        const results = await store.putObjects(
          W,
          Array.from({ length: 700 }, (_, i) => version(count + i)),
        );
        assert.ok(
          results.every((r) => r.outcome === "new"),
          "the next batch after the last committed one is all new",
        );
      }));

    it("commits a batch whole or not at all", (t) =>
      withStore(t, make, async (store) => {
        await store.putObjects(W, [version(1)]);
        const batch: ObjectVersionInput[] = Array.from({ length: 1200 }, (_, i) =>
          version(100 + i, { collectionId: "c" }),
        );
        // The database refuses this row (a TLP level outside the schema's check), after two chunks went in.
        batch.push(version(5000, { tlp: "purple" as TlpLevel }));
        await assert.rejects(store.putObjects(W, batch));
        assert.equal(await store.countObjects(SYSTEM, {}), 1, "nothing of the failed batch");
        assert.equal(await store.countObjects(SYSTEM, { collectionId: "c" }), 0);
        const retry = await store.putObjects(W, batch.slice(0, 1200));
        assert.ok(retry.every((r) => r.outcome === "new"));
        assert.equal(await store.countObjects(SYSTEM, {}), 1201);
      }));

    it("counts objects, versions and types in stats", (t) =>
      withStore(t, make, async (store) => {
        await store.putObjects(W, [
          version(1),
          version(1, { modified: T2 }),
          version(2, { type: "malware" }),
          version(3, { type: "malware", tlp: "red" }),
        ]);
        assert.deepEqual(await store.stats(SYSTEM), { total: 3, versions: 4, byType: { indicator: 1, malware: 2 } });
      }));

    it("keeps working when reopened, without re-applying migrations", (t) =>
      withStore(t, make, async (store, fixture) => {
        await store.putObjects(W, [version(1)]);
        const again = await fixture.open();
        try {
          assert.equal(await again.countObjects(SYSTEM, {}), 1);
          const [r] = await again.putObjects(W, [version(2)]);
          const [old] = await again.getVersions(SYSTEM, testId(1));
          assert.ok(r!.dateAdded > old!.dateAdded, "the clock continues after a reopen");
        } finally {
          await again.close();
        }
      }));

    runPagingCases(make);
    runVersionCases(make);
    runIndicatorFieldsCases(make);
    runAccessCases(make);
    describe("search", () => runSearchCases(make));
  });
}
