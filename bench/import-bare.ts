/**
 * The ceiling of bench/import.ts: what SQLite alone does with the store's own tables, indexes
 * and connection settings, with nothing of Centinela's around it — no reading, parsing,
 * validation, hashing or writer thread. Rows of the same shape as the generated indicators
 * (random-looking ids, ~460-byte raw texts) are inserted in (id, version_key) order, one
 * transaction per batch, each object with its collection membership, as putPlan writes them.
 *
 * The import's figure is only meaningful beside this one, measured in the same run: the machine's
 * speed changes from hour to hour, and no code on top of this schema can pass it.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { openStore } from "../src/store/index.js";
import { formatMicros } from "../src/store/objects/timestamps.js";
import { CONNECTION_PRAGMAS } from "../src/store/sqlite/writer-thread.js";

/** The figures of one bare run. */
export interface BareResult {
  rows: number;
  seconds: number;
  /** CPU time of the process per row, in µs, and the part of it spent in the kernel. */
  cpuUsPerRow: number;
  sysUsPerRow: number;
}

const OBJECT_COLUMNS =
  "id, type, spec_version, created, version_key, version_sort, date_added, tlp, producer_org, producer_user, revoked, raw, raw_sha256, only_version";
const MEMBER_COLUMNS = "collection_id, object_id, version_key, type, date_added, seq, added_by_org";

/** The generated indicators' id for item `i` (the same function as bench/import.ts). */
export function randomLikeUuid(i: number): string {
  const h = createHash("md5").update(String(i)).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Inserts `count` rows into a new store in `dataDir`, `batchSize` per transaction. */
export async function runBare(dataDir: string, count: number, batchSize: number): Promise<BareResult> {
  // The schema comes from the store's own migrations, so the indexes are the real ones.
  await (await openStore({ dataDir })).close();
  const db = new BetterSqlite3(join(dataDir, "centinela.db"));
  for (const pragma of [...CONNECTION_PRAGMAS(10_000), "temp_store = MEMORY"]) db.pragma(pragma);
  const insertObject = db.prepare(
    `insert into objects (${OBJECT_COLUMNS}) values (${Array(14).fill("?").join(", ")}) on conflict do nothing returning seq`,
  );
  const insertMember = db.prepare(
    `insert into collection_objects (${MEMBER_COLUMNS}) values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing`,
  );
  const version = "2026-01-01T00:00:00.000Z";
  const versionSort = "2026-01-01T00:00:00.000000000Z";
  const sha = "0".repeat(64);
  let addedUs = Date.UTC(2026, 0, 2) * 1000;
  const started = performance.now();
  const cpu = process.cpuUsage();
  for (let from = 0; from < count; from += batchSize) {
    const ids: string[] = [];
    for (let i = from; i < Math.min(count, from + batchSize); i++) ids.push(`indicator--${randomLikeUuid(i)}`);
    ids.sort();
    db.exec("BEGIN IMMEDIATE");
    for (const id of ids) {
      const dateAdded = formatMicros(addedUs++);
      const raw = `{"type":"indicator","spec_version":"2.1","id":"${id}","created":"${version}","modified":"${version}","name":"Generated indicator","indicator_types":["malicious-activity"],"pattern":"[domain-name:value = 'host-${id.slice(11, 23)}.example.net']","pattern_type":"stix","valid_from":"2026-01-01T00:00:00Z","object_marking_refs":["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"]}`;
      const row = insertObject.get(
        id,
        "indicator",
        "2.1",
        version,
        version,
        versionSort,
        dateAdded,
        "green",
        null,
        null,
        0,
        raw,
        sha,
        1,
      ) as { seq: number };
      insertMember.run("default", id, version, "indicator", dateAdded, row.seq, null);
    }
    db.exec("COMMIT");
  }
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  db.close();
  return {
    rows: count,
    seconds,
    cpuUsPerRow: (used.user + used.system) / count,
    sysUsPerRow: used.system / count,
  };
}
