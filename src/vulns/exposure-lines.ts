import { createHash } from "node:crypto";
import { type Asset, shippedVendorLists, type VendorRegistry } from "../assets/index.js";
import { ALL_ORGS, type ExposureDerived, type ExposureLine, type Store, type StoredAsset } from "../store/index.js";
import { loadVendorRegistry, loadVulnData, planItems, toRankedAsset, type VulnData } from "./plan.js";
import type { ActionItem } from "./rank.js";

/**
 * The exposure lines the store keeps per asset (store/inventory/exposure-contract.ts): each
 * asset's action-list lines reduced to what the exposure summary counts and ranks by. The store
 * marks every asset an inventory write changes, in that write's transaction; refreshExposure
 * derives the marked ones (a few after an edit, a whole import after an import) and hands them
 * back. When the data they come from changes (a vulnerability sync, a designated-vendor list, a
 * release that ranks differently) every asset is marked and derived again.
 *
 * A line is derived without sightings and on a day before every due date, so its base score
 * has neither the sightings points nor the due-date points: the first change with the log
 * events, the second with the day, and neither changes the asset. The summary adds the due-date
 * points in SQL and works the sightings in where they can change the order (exposure-summary.ts).
 */

/** Changed whenever this release derives a line differently: stored lines then are derived again. */
const LINES_VERSION = "1";

/** A day before every due date: no line derived on it has due-date points. */
export const BASE_DAY = "0001-01-01";

/** Assets derived per round (one read of their rows, one write transaction). */
const BATCH = 1000;

/** The shipped designated-vendor lists, as part of the stamp (another release may ship others). */
const SHIPPED = createHash("sha256").update(JSON.stringify(shippedVendorLists())).digest("base64url").slice(0, 16);

/** What the lines are derived from, as the store's stamp. */
async function currentStamp(store: Store): Promise<string> {
  return `${LINES_VERSION}|${SHIPPED}|${await store.inventory.exposureInputs()}`;
}

/** The data and vendor lists of one stamp, kept between refreshes and the summaries that follow them. */
export interface ExposureInputs {
  stamp: string;
  data: VulnData;
  vendors: VendorRegistry;
}

const inputsOf = new WeakMap<Store, Promise<ExposureInputs>>();
const running = new WeakMap<Store, Promise<RefreshReport>>();

/** The loaded data of `stamp` (loaded again only when the stamp moved). */
async function inputs(store: Store, stamp: string): Promise<ExposureInputs> {
  const kept = inputsOf.get(store);
  if (kept) {
    const k = await kept.catch(() => null);
    if (k && k.stamp === stamp) return k;
  }
  const loading = (async () => ({
    stamp,
    data: await loadVulnData(store),
    vendors: await loadVendorRegistry(store),
  }))();
  inputsOf.set(store, loading);
  return loading;
}

/** What a refresh did. */
export interface RefreshReport {
  /** Whether every asset was derived again (the data changed). */
  full: boolean;
  /** Assets whose lines were replaced (or removed, for assets gone). */
  derived: number;
  stamp: string;
}

/** The lines of one asset's items. */
function linesOf(items: readonly ActionItem[]): ExposureLine[] {
  return items.map((item) => {
    const tier = item.kind === "unconfirmed-version" ? 1 : 0;
    // As the summary counts them: a name-only line is a question, not a known-exploited flaw.
    const confirmed = tier === 0;
    return {
      itemId: item.id,
      tier,
      kev: confirmed && item.reasons.some((r) => r.factor === "kev"),
      ransomware: confirmed && item.reasons.some((r) => r.factor === "ransomware"),
      designated: item.kind === "designated-vendor",
      dueDate: item.dueDate,
      baseScore: item.score,
    };
  });
}

/** The lines of these stored assets, by asset id. */
export function deriveLines(
  stored: readonly StoredAsset[],
  data: VulnData,
  vendors: VendorRegistry,
): Map<string, ExposureLine[]> {
  const assets = new Map<string, Asset>();
  const idOf = new Map<string, string>();
  const out = new Map<string, ExposureLine[]>();
  for (const a of stored) {
    const asset = toRankedAsset(a);
    assets.set(asset.key, asset);
    idOf.set(asset.key, a.id);
    out.set(a.id, []);
  }
  const byAsset = new Map<string, ActionItem[]>();
  for (const item of planItems(assets, data, vendors, new Map(), BASE_DAY)) {
    const list = byAsset.get(item.assetKey);
    if (list) list.push(item);
    else byAsset.set(item.assetKey, [item]);
  }
  for (const [key, items] of byAsset) out.set(idOf.get(key) as string, linesOf(items));
  return out;
}

async function refresh(store: Store): Promise<RefreshReport> {
  const stamp = await currentStamp(store);
  const full = (await store.inventory.exposureStamp()) !== stamp;
  // The stamp is read before the data is loaded: data that changes after it moves the stamp again.
  if (full) await store.inventory.markAllExposureDirty(stamp);
  let derived = 0;
  let loaded: ExposureInputs | null = null;
  for (;;) {
    const marks = await store.inventory.exposureDirty(BATCH);
    if (marks.length === 0) break;
    loaded ??= await inputs(store, stamp);
    const stored = await store.inventory.getAssetsByIds(
      ALL_ORGS,
      marks.map((m) => m.assetId),
    );
    const lines = deriveLines(stored, loaded.data, loaded.vendors);
    const addresses = new Map(stored.map((a) => [a.id, a.addresses]));
    const batch: ExposureDerived[] = marks.map((m) => ({
      ...m,
      lines: lines.get(m.assetId) ?? null,
      addresses: addresses.get(m.assetId) ?? [],
    }));
    derived += await store.inventory.putExposureLines(batch);
  }
  return { full, derived, stamp };
}

/**
 * Brings the store's exposure lines up to date: derives the assets marked since, or every asset
 * when what they are derived from changed. Concurrent calls for one store share one run. Called
 * by each summary, and after imports and syncs so that the next summary finds little to do.
 */
export function refreshExposure(store: Store): Promise<RefreshReport> {
  const now = running.get(store);
  if (now) return now;
  const run = refresh(store).finally(() => {
    if (running.get(store) === run) running.delete(store);
  });
  running.set(store, run);
  return run;
}

/** The data and vendor lists the lines are derived from now (for the summary's first items). */
export async function exposureInputs(store: Store): Promise<ExposureInputs> {
  return inputs(store, await currentStamp(store));
}
