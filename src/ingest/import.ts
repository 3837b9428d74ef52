import { t } from "../i18n/index.js";
import type { StixStreamItem } from "../stix/index.js";
import {
  type ObjectVersionInput,
  type PutResult,
  type Store,
  sameVersionContent,
  type WarninglistCheck,
  type WriteContext,
} from "../store/index.js";
import { combineMatchers, storedWarninglistMatcher, type WarninglistMatcher } from "../warninglists/index.js";
import type { Rejection, RejectionReason } from "./errors.js";
import { isRejection, prepareItem } from "./prepare.js";
import { warninglistHits } from "./warninglist-flags.js";

/**
 * Objects per store transaction unless the caller says otherwise. Ids are random, so each
 * commit writes most of the leaf pages of the id index it touched; larger batches share those
 * writes among more objects (SQLite, 1,000,000 indicators in key order: 5,000 → 33,000,
 * 20,000 → 41,000 rows/s bare). Memory grows with it, as three batches are alive at once:
 * 10,000 keeps the 1,000,000-indicator import at 476 MB where 20,000 took 635 MB.
 */
export const DEFAULT_BATCH_SIZE = 10_000;

/** Resolves on the next turn of the event loop, after pending I/O and messages. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Writes handed to the store before the next batch must wait. */
const MAX_WRITES_IN_FLIGHT = 2;

/** Counts of one import, as the CLI summary and the TAXII status resource report them. */
export interface ImportSummary {
  /** Items read from the input, good and bad. */
  read: number;
  new: number;
  newVersion: number;
  unchanged: number;
  rejected: number;
  /** Objects stored with at least one validation warning. */
  warned: number;
  rejectedByCode: Record<string, number>;
  warningsByCode: Record<string, number>;
  /** Indicators stored with a value on at least one warninglist (flagged, never dropped). */
  warninglisted: number;
  /** Flagged indicators by warninglist name (one indicator counts once in each list it is on). */
  warninglistedByList: Record<string, number>;
}

/** An object that was stored with validation warnings: where it was, which one, and why. */
export interface WarnedObject {
  /** 0-based position of the object in the input. */
  index: number;
  /** 1-based line where the object starts. */
  line: number;
  source: string;
  id: string;
  warnings: RejectionReason[];
}

/** Live figures for a progress display. */
export interface ImportProgress {
  read: number;
  stored: number;
  rejected: number;
}

export interface ImportOptions {
  ctx: WriteContext;
  /** Name of the input in rejection messages: a file path or "-". */
  source: string;
  collectionId?: string | null;
  /** Objects per store transaction. Default DEFAULT_BATCH_SIZE. */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Receives every rejection as it happens (the CLI writes them to --rejects). */
  onReject?: (rejection: Rejection) => void;
  /** Receives each object stored with warnings, naming it and them (the CLI prints the first few). */
  onWarn?: (warned: WarnedObject) => void;
  /** Receives the store's outcome for each stored object, in input order. */
  onStored?: (result: PutResult) => void;
  /**
   * Warninglists to check every STIX-patterned indicator against: the lists its values are on
   * are recorded beside it in the store (store.lists) and counted in the summary; the
   * indicator is stored all the same. The lists `warninglists` feeds stored in the store are
   * checked as well, given or not.
   */
  warninglists?: WarninglistMatcher | null;
}

/** An empty summary, for adding several imports together. */
export function emptySummary(): ImportSummary {
  return {
    read: 0,
    new: 0,
    newVersion: 0,
    unchanged: 0,
    rejected: 0,
    warned: 0,
    rejectedByCode: {},
    warningsByCode: {},
    warninglisted: 0,
    warninglistedByList: {},
  };
}

/** Adds the counts of `part` to `total`, for a summary over several inputs or pages. */
export function addSummary(total: ImportSummary, part: ImportSummary): void {
  total.read += part.read;
  total.new += part.new;
  total.newVersion += part.newVersion;
  total.unchanged += part.unchanged;
  total.rejected += part.rejected;
  total.warned += part.warned;
  for (const [k, v] of Object.entries(part.rejectedByCode))
    total.rejectedByCode[k] = (total.rejectedByCode[k] ?? 0) + v;
  for (const [k, v] of Object.entries(part.warningsByCode))
    total.warningsByCode[k] = (total.warningsByCode[k] ?? 0) + v;
  total.warninglisted += part.warninglisted;
  for (const [k, v] of Object.entries(part.warninglistedByList))
    total.warninglistedByList[k] = (total.warninglistedByList[k] ?? 0) + v;
}

/**
 * The one write path for STIX content: reads items, validates and prepares each, and writes
 * them to the store in batches, one transaction per batch, so a process stopped mid-import
 * leaves every finished batch whole and a re-run completes the rest (already stored versions
 * come back "unchanged"). Bad items are rejected with reasons and never stop the import.
 */
export async function importItems(
  store: Store,
  items: AsyncIterable<StixStreamItem>,
  options: ImportOptions,
): Promise<ImportSummary> {
  const summary = emptySummary();
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const collectionId = options.collectionId ?? null;
  let batch: ObjectVersionInput[] = [];
  // The store's own lists (what warninglists feeds stored) always apply, with any given by path.
  const matcher = combineMatchers(options.warninglists, await storedWarninglistMatcher(store.directory));
  // The warninglist checks of the batch's indicators, written after the batch's objects.
  let checks: WarninglistCheck[] = [];
  // Keys already in the current batch: a repeat is settled here, so one transaction never
  // writes the same version twice.
  let batchKeys = new Map<string, string>();
  // Writes handed to the store and not yet finished, oldest first. Two at most: one the writer
  // is running and one queued behind it (the store prepares it at once), while the next batch is
  // read and validated, so neither thread waits for the other.
  const inFlight: Promise<void>[] = [];

  const rejectOne = (rejection: Rejection): void => {
    summary.rejected++;
    for (const reason of rejection.reasons) {
      summary.rejectedByCode[reason.code] = (summary.rejectedByCode[reason.code] ?? 0) + 1;
    }
    options.onReject?.(rejection);
  };

  const write = async (inputs: ObjectVersionInput[], checked: WarninglistCheck[]): Promise<void> => {
    const results = await store.putObjects(options.ctx, inputs);
    // Only for what was stored: a conflict keeps the stored version's flags.
    let kept: WarninglistCheck[] = [];
    if (checked.length > 0) {
      const stored = new Set(results.filter((r) => r.outcome !== "conflict").map((r) => r.id));
      kept = checked.filter((c) => stored.has(c.indicatorId));
    }
    if (kept.length > 0) await store.lists.setWarninglistFlags(kept);
    for (const c of kept) {
      if (c.hits.length === 0) continue;
      summary.warninglisted++;
      for (const h of c.hits) summary.warninglistedByList[h.list] = (summary.warninglistedByList[h.list] ?? 0) + 1;
    }
    for (const result of results) {
      if (result.outcome === "new") summary.new++;
      else if (result.outcome === "new_version") summary.newVersion++;
      else if (result.outcome === "unchanged") summary.unchanged++;
      else {
        rejectOne({
          index: -1,
          line: 0,
          offset: -1,
          source: options.source,
          id: result.id,
          reasons: [
            {
              code: "INGEST_CONFLICT",
              path: "",
              message: t("errors:ingest.conflictStored", {
                id: result.id,
                version: result.versionKey || t("errors:ingest.unversioned"),
              }),
            },
          ],
          raw: null,
        });
      }
      options.onStored?.(result);
    }
    options.onProgress?.({
      read: summary.read,
      stored: summary.new + summary.newVersion + summary.unchanged,
      rejected: summary.rejected,
    });
  };

  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const inputs = batch;
    const checked = checks;
    batch = [];
    checks = [];
    batchKeys = new Map();
    if (inFlight.length >= MAX_WRITES_IN_FLIGHT) await inFlight.shift();
    const pending = write(inputs, checked);
    // Handled at once so a failed write is never an unhandled rejection while the next batch is
    // read; the failure itself is rethrown when it is awaited.
    pending.catch(() => {});
    inFlight.push(pending);
  };

  try {
    await readAll();
  } catch (error) {
    // The input (I/O, corrupt gzip) or a write failed: let the writes in flight finish before the
    // caller closes the store, and report the first failure.
    await Promise.allSettled(inFlight);
    throw error;
  }
  // In order, so the first failed batch is the one reported; later ones are still awaited.
  try {
    for (const pending of inFlight) await pending;
  } finally {
    await Promise.allSettled(inFlight);
  }
  return summary;

  async function readAll(): Promise<void> {
    for await (const item of items) {
      summary.read++;
      // Let the event loop run now and then: the store's writer thread waits for this thread to
      // take each of its replies, and an input already in memory would never let it.
      if ((summary.read & 255) === 0) await yieldToEventLoop();
      const prepared = prepareItem(item, options.source, collectionId);
      if (isRejection(prepared)) {
        rejectOne(prepared);
        continue;
      }
      if (prepared.warnings.length > 0) {
        summary.warned++;
        for (const w of prepared.warnings) summary.warningsByCode[w.code] = (summary.warningsByCode[w.code] ?? 0) + 1;
        options.onWarn?.({
          index: item.index,
          line: item.line,
          source: options.source,
          id: prepared.input.id,
          warnings: prepared.warnings,
        });
      }
      const input = prepared.input;
      const key = `${input.id}\u0000${input.versionKey}`;
      const seen = batchKeys.get(key);
      if (seen !== undefined) {
        // The same object written otherwise is the same version; the store settles a repeat whose
        // instant is spelled otherwise (another key here) the same way.
        if (seen === input.raw || sameVersionContent(seen, input.raw)) summary.unchanged++;
        else {
          rejectOne({
            index: item.index,
            line: item.line,
            offset: item.offset,
            source: options.source,
            id: input.id,
            reasons: [
              {
                code: "INGEST_CONFLICT",
                path: "",
                message: t("errors:ingest.conflictInput", {
                  id: input.id,
                  version: input.versionKey || t("errors:ingest.unversioned"),
                }),
              },
            ],
            raw: input.raw,
          });
        }
        continue;
      }
      batchKeys.set(key, input.raw);
      batch.push(input);
      if (matcher !== null) {
        const hits = warninglistHits(matcher, prepared.object);
        if (hits !== null) checks.push({ indicatorId: input.id, hits });
      }
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  }
}
