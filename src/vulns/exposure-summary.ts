import type { Asset } from "../assets/index.js";
import type { InventoryScope, Store } from "../store/index.js";
import { exposureInputs, refreshExposure } from "./exposure-lines.js";
import { computeActionPlan, planItems, sightingsByAddress, sightingsByAsset, toRankedAsset } from "./plan.js";
import type { ActionItem } from "./rank.js";

/**
 * The exposure picture the console's Panorama draws: counts of the action list (known-exploited,
 * ransomware, overdue, designated-vendor equipment) in all, by state and by sector, and its first
 * items. summarizeExposure reads them from the store's exposure lines (SQL aggregates, and the
 * first items worked out again for the few assets that can hold them); summarizeExposureFull
 * computes the whole action list, as the lines must agree with (tests compare the two).
 */

/** Counts of one group (or of all). */
export interface ExposureCounts {
  organizations: number;
  assets: number;
  actions: number;
  kev: number;
  ransomware: number;
  overdue: number;
  designated: number;
}

/** The summary of one organization or of the country. */
export interface ExposureSummary extends ExposureCounts {
  scope: "organization" | "national";
  organization: string | null;
  today: string;
  byState: ({ state: string } & ExposureCounts)[];
  bySector: ({ sector: string } & ExposureCounts)[];
  /** The first items (as many as asked), ranked. */
  top: (ActionItem & { rank: number })[];
}

const zero = (): ExposureCounts => ({
  organizations: 0,
  assets: 0,
  actions: 0,
  kev: 0,
  ransomware: 0,
  overdue: 0,
  designated: 0,
});

function addItem(c: ExposureCounts, item: ActionItem, today: string): void {
  c.actions++;
  if (item.kind === "designated-vendor") c.designated++;
  // A name-only line is a question (which version?), not a known-exploited flaw on the asset.
  if (item.kind === "unconfirmed-version") return;
  if (item.reasons.some((r) => r.factor === "kev")) c.kev++;
  if (item.reasons.some((r) => r.factor === "ransomware")) c.ransomware++;
  if (item.dueDate !== null && item.dueDate < today) c.overdue++;
}

function addCounts(c: ExposureCounts, add: Omit<ExposureCounts, "organizations">): void {
  c.assets += add.assets;
  c.actions += add.actions;
  c.kev += add.kev;
  c.ransomware += add.ransomware;
  c.overdue += add.overdue;
  c.designated += add.designated;
}

/** Groups organizations (in the order given) by state and sector, from their profiles. */
class Groups {
  readonly total = zero();
  readonly states = new Map<string, ExposureCounts>();
  readonly sectors = new Map<string, ExposureCounts>();
  readonly #profiles = new Map<string, { state: string; sector: string }>();
  constructor(private readonly store: Store) {}

  /** The counts an organization adds to: all, its state's, its sector's (first call counts it). */
  async of(orgId: string): Promise<ExposureCounts[]> {
    let p = this.#profiles.get(orgId);
    if (!p) {
      const found = await this.store.inventory.getOrgProfile(orgId);
      p = { state: found?.state ?? "", sector: found?.sector ?? "" };
      this.#profiles.set(orgId, p);
      this.total.organizations++;
      for (const [map, key] of [
        [this.states, p.state],
        [this.sectors, p.sector],
      ] as const) {
        if (!key) continue;
        const c = map.get(key) ?? zero();
        c.organizations++;
        map.set(key, c);
      }
    }
    const out = [this.total];
    if (p.state) out.push(this.states.get(p.state) as ExposureCounts);
    if (p.sector) out.push(this.sectors.get(p.sector) as ExposureCounts);
    return out;
  }

  summary(orgId: string | null, today: string, top: ActionItem[]): ExposureSummary {
    return {
      scope: orgId ? "organization" : "national",
      organization: orgId,
      today,
      ...this.total,
      byState: [...this.states].map(([state, c]) => ({ state, ...c })),
      bySector: [...this.sectors].map(([sector, c]) => ({ sector, ...c })),
      top: top.map((item, i) => ({ rank: i + 1, ...item })),
    };
  }
}

/** The summary computed from the whole action list of `orgId` (null: the country) as `scope` may see it. */
export async function summarizeExposureFull(
  store: Store,
  scope: InventoryScope,
  orgId: string | null,
  today: string,
  first: number,
): Promise<ExposureSummary> {
  const plan = await computeActionPlan(store, scope, { orgId, today });
  const groups = new Groups(store);
  for (const asset of plan.assets.values()) {
    for (const c of await groups.of(asset.organizationId ?? "")) c.assets++;
  }
  for (const item of plan.items) {
    for (const c of await groups.of(item.organizationId ?? "")) addItem(c, item, today);
  }
  return groups.summary(orgId, today, plan.items.slice(0, first));
}

/** `day` plus `n` days, YYYY-MM-DD. */
function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/**
 * How far a line's real score can sit from the one SQL ranks it by (base score plus due-date
 * points): rounding to one decimal (0.1 each side) without sightings; with them, up to the 20
 * points rank.ts gives for sightings. A name-only line has its score cut by a quarter after
 * the due-date (≤ 10) and sightings points are added: up to 22.5 above its base score.
 */
const MARGIN = 1.5;
const SIGHTED_MARGIN = 21.5;
const NAME_ONLY_MARGIN = 24;
const ANYTHING = -1e9;

/**
 * The first `first` items of the action list: SQL finds the assets whose lines can be among
 * them (every line scoring within the margin of the `first`-th best), and their lines are
 * computed again with the day and the sightings, as the whole list would.
 */
async function firstItems(
  store: Store,
  scope: InventoryScope,
  orgId: string | null,
  today: string,
  first: number,
): Promise<ActionItem[]> {
  if (first <= 0) return [];
  const q = { today, soon: addDays(today, 14) };
  const sightings = await sightingsByAddress(store, scope);
  const candidates = new Set<string>();
  const best = await store.inventory.exposureRank(scope, orgId, { ...q, tier: 0, offset: first - 1 });
  if (best.score !== null) {
    const sighted = new Set(
      sightings.size === 0
        ? []
        : await store.inventory.exposureAssetsAt(
            scope,
            [...sightings.keys()].map((k) => {
              const bar = k.indexOf("|");
              return { orgId: k.slice(0, bar), address: k.slice(bar + 1) };
            }),
          ),
    );
    const min = best.score - (sighted.size > 0 ? SIGHTED_MARGIN : MARGIN);
    for (const line of await store.inventory.exposureAbove(scope, orgId, { ...q, tier: 0, min })) {
      if (line.score >= best.score - MARGIN || sighted.has(line.assetId)) candidates.add(line.assetId);
    }
  } else {
    // Fewer known-to-apply lines than asked for: all of them, then the best name-only ones.
    for (const line of await store.inventory.exposureAbove(scope, orgId, { ...q, tier: 0, min: ANYTHING })) {
      candidates.add(line.assetId);
    }
    const rest = await store.inventory.exposureRank(scope, orgId, { ...q, tier: 1, offset: first - best.count - 1 });
    const min = rest.score === null ? ANYTHING : rest.score - NAME_ONLY_MARGIN;
    for (const line of await store.inventory.exposureAbove(scope, orgId, { ...q, tier: 1, min })) {
      candidates.add(line.assetId);
    }
  }
  if (candidates.size === 0) return [];
  const { data, vendors } = await exposureInputs(store);
  const assets = new Map<string, Asset>();
  for (const a of await store.inventory.getAssetsByIds(scope, [...candidates])) {
    if (orgId !== null && a.orgId !== orgId) continue;
    const asset = toRankedAsset(a);
    assets.set(asset.key, asset);
  }
  return planItems(assets, data, vendors, sightingsByAsset(sightings, assets), today).slice(0, first);
}

/**
 * The summary of `orgId` (null: the country) as `scope` may see it, from the exposure lines
 * (brought up to date first): per-organization counts in SQL, grouped by the organizations'
 * profiles, and the first `first` items.
 */
export async function summarizeExposure(
  store: Store,
  scope: InventoryScope,
  orgId: string | null,
  today: string,
  first: number,
): Promise<ExposureSummary> {
  await refreshExposure(store);
  const groups = new Groups(store);
  for (const org of await store.inventory.exposureCounts(scope, orgId, today)) {
    for (const c of await groups.of(org.orgId)) addCounts(c, org);
  }
  return groups.summary(orgId, today, await firstItems(store, scope, orgId, today, first));
}
