import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { importItems } from "../ingest/index.js";
import type { StixStreamItem } from "../stix/index.js";
import { openStore, type Store } from "../store/index.js";

/** What the detection tests share: STIX indicators made from values, imported through ingest into a throwaway store. */

/** The writer of test imports. */
export const TEST_WRITER = { orgId: null, userId: null, source: "test" };

/** An indicator as a JSON object: a UUID made from `n`, the pattern, valid from 2018 unless told otherwise. */
export function makeIndicator(
  n: number,
  pattern: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    created: "2018-01-01T00:00:00.000Z",
    modified: "2018-01-01T00:00:00.000Z",
    pattern,
    pattern_type: "stix",
    valid_from: "2018-01-01T00:00:00Z",
    ...extra,
  };
}

/** Items for importItems from objects. */
export async function* itemsOf(objects: readonly object[]): AsyncGenerator<StixStreamItem> {
  let i = 0;
  for (const o of objects) yield { kind: "object", raw: JSON.stringify(o), index: i, offset: 0, line: ++i };
}

/** Imports objects through the ingest path; throws when any is rejected. */
export async function importObjects(store: Store, objects: readonly object[]): Promise<void> {
  const summary = await importItems(store, itemsOf(objects), { ctx: TEST_WRITER, source: "test" });
  if (summary.rejected > 0) throw new Error(`rejected: ${JSON.stringify(summary.rejectedByCode)}`);
}

/** Runs `fn` with a fresh SQLite store in a temporary folder, closed and removed after. */
export async function withDetectStore(fn: (store: Store, dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-detect-"));
  const store = await openStore({ dataDir: dir });
  try {
    await fn(store, dir);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
