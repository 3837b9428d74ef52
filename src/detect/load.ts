import type { AccessContext, Store } from "../store/index.js";
import { type AddOutcome, IndicatorIndex } from "./indicator-index.js";

/**
 * Building the index from the store and keeping it current. The first load reads every current
 * indicator (the last version of each) as the system reader, page by page, only the fields the
 * index uses (the store extracts them from the stored JSON: no JSON.parse here); `reload` reads only
 * the versions added since the previous read (the store's date_added is strictly increasing), so
 * a changed, revoked or new indicator reaches a running index without a restart. The index
 * replaces a changed indicator in place and frees a revoked one's slot, so memory stays flat.
 * Each load and reload also reads the store's warninglist overrides (`centinela indicator allow`).
 */

/** The local operator: detection reads every indicator, whatever its TLP. */
export const SYSTEM_READER: AccessContext = { kind: "system", orgId: null, userId: null };

/**
 * Rows per read: each is a few short strings (queryIndicatorFields), so a large page keeps the
 * round trips few (100 per 1M at 10,000; 20 at 50,000) without holding much at once.
 */
const PAGE = 50_000;

/** What one load or reload did. */
export interface LoadReport {
  read: number;
  outcomes: Partial<Record<AddOutcome, number>>;
  /** Milliseconds it took. */
  ms: number;
  /** The date_added of the newest version read so far (the next reload starts after it). */
  watermark: string | null;
}

/** An index tied to the store it was loaded from. */
export interface StoreIndex {
  readonly index: IndicatorIndex;
  /** Reads the indicator versions added since the last read and applies them. */
  reload(): Promise<LoadReport>;
  readonly watermark: string | null;
}

/** Loads every current indicator of `store` into a new index. */
export async function loadIndex(
  store: Store,
  index = new IndicatorIndex(),
  /** Only indicator versions added to the store after this instant (ISO 8601): the retro-hunt's new ones. */
  addedAfter: string | null = null,
): Promise<StoreIndex & { first: LoadReport }> {
  let watermark: string | null = addedAfter;
  const readSince = async (after: string | null): Promise<LoadReport> => {
    const started = performance.now();
    const report: LoadReport = { read: 0, outcomes: {}, ms: 0, watermark };
    // Before the indicators, so each is added with its override; a reload also takes new ones.
    index.setAllowed(new Set((await store.lists.warninglistOverrides()).map((o) => o.indicatorId)));
    let cursor: string | null = null;
    do {
      const page = await store.queryIndicatorFields(SYSTEM_READER, after, { limit: PAGE, after: cursor });
      for (const o of page.indicators) {
        report.read++;
        let outcome: AddOutcome;
        try {
          outcome = index.add(o);
        } catch {
          outcome = "invalid";
        }
        report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
        if (watermark === null || o.dateAdded > watermark) watermark = o.dateAdded;
      }
      cursor = page.more ? page.next : null;
    } while (cursor !== null);
    report.watermark = watermark;
    report.ms = performance.now() - started;
    return report;
  };
  const first = await readSince(addedAfter);
  return {
    index,
    first,
    reload: () => readSince(watermark),
    get watermark() {
      return watermark;
    },
  };
}
