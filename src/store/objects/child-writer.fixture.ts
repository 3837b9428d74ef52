/**
 * Test support: a separate process that opens a store and writes overlapping batches, so the
 * shared suite can check two processes importing the same data at once. Not part of the API.
 *
 *   node --import tsx child-writer.fixture.ts '{"location":{…},"count":3000,"batch":500}'
 * prints `{"new":n,"unchanged":n,"conflict":n,"new_version":n}` on success.
 */
import { openStore } from "../index.js";
import { version, writer } from "../store-fixture.js";

const args = JSON.parse(process.argv[2] ?? "{}") as {
  location: { url?: string; dataDir?: string };
  count: number;
  batch: number;
  /** Print "batch" after each committed batch (the parent may kill the process at any point). */
  progress?: boolean;
};
const store = await openStore(args.location);
const counts: Record<string, number> = { new: 0, unchanged: 0, conflict: 0, new_version: 0 };
try {
  for (let from = 0; from < args.count; from += args.batch) {
    const inputs = Array.from({ length: Math.min(args.batch, args.count - from) }, (_, i) => version(from + i));
    for (const r of await store.putObjects(writer("org-a", "user-a"), inputs)) counts[r.outcome]!++;
    if (args.progress) process.stdout.write("batch\n");
  }
} finally {
  await store.close();
}
process.stdout.write(JSON.stringify(counts));
