import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openStore, type Store } from "../store/index.js";

/** What the ingest tests share: a writer, a system reader, indicators, a throwaway SQLite store. */

/** The writer of every test import. */
export const CTX = { orgId: null, userId: null, source: "test" };
/** A reader who sees everything. */
export const SYSTEM = { kind: "system" as const, orgId: null, userId: null };

/** Indicator `n` as JSON text: a distinct id and address per n. */
export function indicator(n: number, modified = "2026-01-01T00:00:00.000Z"): string {
  const hex = n.toString(16).padStart(12, "0");
  return JSON.stringify({
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${hex}`,
    created: "2026-01-01T00:00:00.000Z",
    modified,
    pattern: `[ipv4-addr:value = '10.0.${(n >> 8) & 255}.${n & 255}']`,
    pattern_type: "stix",
    valid_from: "2026-01-01T00:00:00Z",
  });
}

/** Runs `fn` with a fresh SQLite store in a temporary folder, closed and removed after. */
export async function withStore(fn: (store: Store) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-ingest-"));
  const store = await openStore({ dataDir: dir });
  try {
    await fn(store);
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}
