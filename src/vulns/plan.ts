import {
  type Asset,
  type AssetRole,
  type Criticality,
  createVendorRegistry,
  type Port,
  type Provenance,
  type RoleSource,
  readVendorList,
  type SoftwareKind,
  shippedVendorLists,
  type VendorRegistry,
} from "../assets/index.js";
import type { InventoryScope, Store, StoredAsset } from "../store/index.js";
import type { Cve5Record, Ssvc } from "./cve5.js";
import type { EpssScore } from "./epss.js";
import type { VulnProblem } from "./errors.js";
import type { KevEntry } from "./kev.js";
import { matchAssets } from "./match.js";
import { type NvdCve, readNvdCve } from "./nvd.js";
import type { OsvRecord } from "./osv.js";
import { buildOsvIndex, matchOsv, mergeFindings } from "./osv-match.js";
import { type ActionItem, rankActions } from "./rank.js";
import { buildVulnIndex } from "./vuln-index.js";

/**
 * The action list of one organization, or of the whole country, computed from the store: the
 * inventory's assets, the stored KEV, NVD, EPSS and OSV records, and the designated-vendor lists.
 * A CVE that NVD's configurations and an OSV advisory both find on an asset is one finding.
 *
 * Sightings count in the ranking: the matching log events detection recorded (`scan --org`)
 * whose source or destination is one of an asset's addresses.
 */

/** What was loaded from the store, kept for the exports. */
export interface VulnData {
  kev: Map<string, KevEntry>;
  nvd: Map<string, NvdCve>;
  epss: Map<string, EpssScore>;
  /** CISA's SSVC decision points, from the stored CVE JSON 5 records. */
  ssvc: Map<string, Ssvc>;
  /** OSV advisories, by id. */
  osv: Map<string, OsvRecord>;
  /** Stored NVD records that no longer parse (should not happen: they were validated on sync). */
  problems: VulnProblem[];
}

/** An action list and what it was computed from. */
export interface ActionPlan {
  items: ActionItem[];
  assets: Map<string, Asset>;
  data: VulnData;
}

/** Reads the stored KEV, NVD and EPSS records. */
export async function loadVulnData(store: Store): Promise<VulnData> {
  const data: VulnData = {
    kev: new Map(),
    nvd: new Map(),
    epss: new Map(),
    ssvc: new Map(),
    osv: new Map(),
    problems: [],
  };
  for (const r of await store.inventory.listVulnRecords("osv")) data.osv.set(r.id, JSON.parse(r.data) as OsvRecord);
  for (const r of await store.inventory.listVulnRecords("cve5")) {
    const rec = JSON.parse(r.data) as Cve5Record;
    if (rec.ssvc) data.ssvc.set(rec.cveId, rec.ssvc);
  }
  for (const r of await store.inventory.listVulnRecords("kev")) data.kev.set(r.id, JSON.parse(r.data) as KevEntry);
  for (const r of await store.inventory.listVulnRecords("epss")) data.epss.set(r.id, JSON.parse(r.data) as EpssScore);
  let i = 0;
  for (const r of await store.inventory.listVulnRecords("nvd")) {
    const cve = readNvdCve(JSON.parse(r.data), i++, data.problems);
    if (cve) data.nvd.set(cve.id, cve);
  }
  return data;
}

/**
 * A stored asset as the ranking reads it. Assets are keyed by organization and natural key, so
 * two organizations' assets with the same MAC stay apart in the national list.
 */
export function toRankedAsset(a: StoredAsset): Asset {
  return {
    key: `${a.orgId}/${a.key}`,
    name: a.name,
    organizationId: a.orgId,
    siteId: a.siteId,
    addresses: a.addresses,
    macs: a.macs,
    hostnames: a.hostnames,
    role: a.role as AssetRole,
    roleSource: a.roleSource as RoleSource,
    roleEvidence: a.roleEvidence,
    criticality: a.criticality as Criticality,
    internetExposed: a.internetExposed,
    owner: a.owner,
    vendor: a.vendor,
    ports: a.ports as Port[],
    software: a.software.map((s) => ({ ...s, kind: s.kind as SoftwareKind })),
    provenance: a.provenance as Provenance,
  };
}

/**
 * The designated-vendor registry: the shipped lists and those the operator added
 * (`centinela assets vendor add-list`). The stored ones were validated when added.
 */
export async function loadVendorRegistry(store: Store): Promise<VendorRegistry> {
  const lists = shippedVendorLists();
  for (const r of await store.inventory.listVendorLists()) lists.push(readVendorList(JSON.parse(r.data)));
  return createVendorRegistry(lists);
}

/** Options of computeActionPlan. */
export interface ActionPlanOptions {
  /** The organization, or null for the national list (scope "all" only). */
  orgId: string | null;
  /** YYYY-MM-DD, for KEV due dates. */
  today: string;
  /** The designated-vendor registry; default: the shipped lists and the operator's. */
  vendors?: VendorRegistry;
  /** Vulnerability data already loaded (the API keeps it between requests); default: read now. */
  data?: VulnData;
}

/** Computes the action list of an organization (or the country) from the store. */
export async function computeActionPlan(
  store: Store,
  scope: InventoryScope,
  options: ActionPlanOptions,
): Promise<ActionPlan> {
  const assets = new Map<string, Asset>();
  let after: string | null = null;
  do {
    const page = await store.inventory.listAssets(scope, options.orgId, { limit: 1000, after });
    for (const a of page.assets) {
      const asset = toRankedAsset(a);
      assets.set(asset.key, asset);
    }
    after = page.next;
  } while (after);
  const data = options.data ?? (await loadVulnData(store));
  const vendors = options.vendors ?? (await loadVendorRegistry(store));
  const sightings = sightingsByAsset(await sightingsByAddress(store, scope), assets);
  const items = planItems(assets, data, vendors, sightings, options.today);
  return { items, assets, data };
}

/** The match indexes of loaded data, built once however many batches of assets it is matched with. */
const indexes = new WeakMap<
  VulnData,
  { index: ReturnType<typeof buildVulnIndex>; osvIndex: ReturnType<typeof buildOsvIndex> }
>();

/**
 * The action list of these assets, best first. Each asset's lines depend only on the asset, the
 * data, the vendor lists, its own sightings and the day, so the list of a set of assets is the
 * union of each one's (the exposure lines rely on it).
 */
export function planItems(
  assets: ReadonlyMap<string, Asset>,
  data: VulnData,
  vendors: VendorRegistry,
  sightings: ReadonlyMap<string, number>,
  today: string,
): ActionItem[] {
  let built = indexes.get(data);
  if (!built) {
    built = {
      index: buildVulnIndex([...data.nvd.values()], [...data.kev.values()]),
      osvIndex: buildOsvIndex(data.osv.values()),
    };
    indexes.set(data, built);
  }
  const { index, osvIndex } = built;
  const osvFindings = [...assets.values()].flatMap((asset) => matchOsv(osvIndex, asset));
  const findings = mergeFindings(matchAssets(index, assets.values()), osvFindings);
  return rankActions(findings, {
    assets,
    kev: data.kev,
    nvd: data.nvd,
    epss: data.epss,
    ssvc: data.ssvc,
    osv: data.osv,
    vendors,
    sightings,
    today,
  });
}

/** Matching events per "organization|address" the scope may see. */
export async function sightingsByAddress(store: Store, scope: InventoryScope): Promise<Map<string, number>> {
  const byAddress = new Map<string, number>();
  for (const s of await store.sightings.countsByAddress(scope)) byAddress.set(`${s.orgId}|${s.address}`, s.count);
  return byAddress;
}

/** Matching events per asset key: those recorded at the asset's organization naming one of its addresses. */
export function sightingsByAsset(
  byAddress: ReadonlyMap<string, number>,
  assets: ReadonlyMap<string, Asset>,
): Map<string, number> {
  const out = new Map<string, number>();
  if (byAddress.size === 0) return out;
  for (const asset of assets.values()) {
    let n = 0;
    for (const address of asset.addresses) n += byAddress.get(`${asset.organizationId}|${address}`) ?? 0;
    if (n > 0) out.set(asset.key, n);
  }
  return out;
}
