import type { InventoryScope, StoredAsset } from "./contract.js";

/**
 * The exposure lines the inventory keeps beside its assets, so the Panorama's counts are SQL
 * aggregates and not a pass over the whole inventory:
 *
 *   inv_exposure_items      asset ── its action-list lines (tier, kev, ransomware, designated, due date, base score)
 *   inv_exposure_addresses  asset ── its addresses (where sightings meet assets)
 *   inv_exposure_dirty      asset ── mark       the assets changed since their lines were derived
 *   inv_exposure_state      "stamp" ── what the lines were derived from (the vulns module's stamp)
 *
 * The store cannot derive a line (matching is the vulns module's), so every inventory write marks
 * the assets it changed in its own transaction (a new mark each time), and the vulns module
 * derives the marked ones and hands them back: a line set is kept only while its asset still has
 * the mark it was derived under, so a write that lands during a derivation is never lost.
 * Deleting an asset deletes its lines at once. Reads take an InventoryScope like the assets.
 */

/** An asset marked out of date. */
export interface ExposureMark {
  assetId: string;
  orgId: string;
  mark: string;
}

/** One derived line. */
export interface ExposureLine {
  itemId: string;
  /** 0: known to apply; 1: name-only (version unconfirmed), ranked after every tier-0 line. */
  tier: 0 | 1;
  kev: boolean;
  ransomware: boolean;
  designated: boolean;
  dueDate: string | null;
  /** The score without due-date and sightings points. */
  baseScore: number;
}

/** The lines of one marked asset (`lines` null: the asset is gone). */
export interface ExposureDerived extends ExposureMark {
  lines: ExposureLine[] | null;
  addresses: string[];
}

/** Counts of one organization: its assets and its lines. */
export interface ExposureOrgCounts {
  orgId: string;
  assets: number;
  /** Assets reachable from the internet, and of criticality "critical". */
  internetExposed: number;
  critical: number;
  actions: number;
  kev: number;
  ransomware: number;
  designated: number;
  /** Tier-0 lines whose due date is before `today`. */
  overdue: number;
}

/** A line's asset and its score as of a day, without sightings points. */
export interface ExposureScored {
  assetId: string;
  score: number;
}

/** What the ranking queries ask: the day, and which tier. */
export interface ExposureRankQuery {
  /** YYYY-MM-DD: tier-0 lines due before it get 10 points; due on or before `soon`, 5. */
  today: string;
  soon: string;
  tier: 0 | 1;
}

/** The inventory's exposure lines. */
export interface ExposureRowsStore {
  /**
   * What the lines are derived from besides the assets, as one token: the vulnerability records'
   * count and latest update and the operators' designated-vendor lists' count and latest update.
   */
  exposureInputs(): Promise<string>;
  /** The stamp the lines were derived from, or null before any derivation. */
  exposureStamp(): Promise<string | null>;
  /** Marks every asset out of date and records `stamp` (the data changed: everything is derived again). */
  markAllExposureDirty(stamp: string): Promise<void>;
  /** Up to `limit` assets marked out of date. */
  exposureDirty(limit: number): Promise<ExposureMark[]>;
  /** Keeps each asset's lines if its mark is unchanged; answers how many were kept. */
  putExposureLines(derived: readonly ExposureDerived[]): Promise<number>;
  /** The assets of these ids (national scope: any organization's), with their software; missing ids are left out. */
  getAssetsByIds(scope: InventoryScope, ids: readonly string[]): Promise<StoredAsset[]>;
  /** Per organization (one, or all for null: national scope only), in order of its first asset id. */
  exposureCounts(scope: InventoryScope, orgId: string | null, today: string): Promise<ExposureOrgCounts[]>;
  /** How many lines of a tier; and the score of the `offset`-th best (0-based), or null when fewer. */
  exposureRank(
    scope: InventoryScope,
    orgId: string | null,
    q: ExposureRankQuery & { offset: number },
  ): Promise<{ count: number; score: number | null }>;
  /** The lines of a tier scoring at least `min` (their assets and scores). */
  exposureAbove(
    scope: InventoryScope,
    orgId: string | null,
    q: ExposureRankQuery & { min: number },
  ): Promise<ExposureScored[]>;
  /** The assets (of the scope) reached at these organization addresses. */
  exposureAssetsAt(scope: InventoryScope, at: readonly { orgId: string; address: string }[]): Promise<string[]>;
}
