/**
 * The naive baseline of bench/import.ts (issue #14 item 6): the same generated bundle read by the
 * same stream reader, each object parsed and written as it is into one SQLite table keyed by its
 * STIX id — no validation, no versions, no collections, no TLP, no terms, no writer thread.
 * What a person would write in an afternoon; the import's figure is read as a share of it.
 */
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { openSource } from "../src/sources/index.js";
import { readStixStream } from "../src/stix/index.js";
import { CONNECTION_PRAGMAS } from "../src/store/sqlite/writer-thread.js";

/** The figures of one naive run. */
export interface NaiveResult {
  rows: number;
  seconds: number;
  /** CPU time of the process per row, in µs. */
  cpuUsPerRow: number;
}

/** Reads `file` and inserts every object into `objects(id primary key, type, raw)`, `batchSize` per transaction. */
export async function runNaive(dataDir: string, file: string, batchSize: number): Promise<NaiveResult> {
  const db = new BetterSqlite3(join(dataDir, "naive.db"));
  for (const pragma of CONNECTION_PRAGMAS(10_000)) db.pragma(pragma);
  db.exec("create table objects (id text primary key, type text not null, raw text not null)");
  const insert = db.prepare("insert or ignore into objects (id, type, raw) values (?, ?, ?)");
  const started = performance.now();
  const cpu = process.cpuUsage();
  const input = await openSource(file);
  let rows = 0;
  let inBatch = 0;
  db.exec("BEGIN");
  for await (const item of readStixStream(input.stream)) {
    if (item.kind !== "object") continue;
    const object = JSON.parse(item.raw) as { id: string; type: string };
    insert.run(object.id, object.type, item.raw);
    rows++;
    if (++inBatch === batchSize) {
      db.exec("COMMIT");
      db.exec("BEGIN");
      inBatch = 0;
    }
  }
  db.exec("COMMIT");
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  db.close();
  return { rows, seconds, cpuUsPerRow: (used.user + used.system) / Math.max(1, rows) };
}
