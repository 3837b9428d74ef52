import type { Actor } from "../directory/contract.js";
import type { ExposureRowsStore } from "./exposure-contract.js";

/**
 * The inventory contract: each organization's profile (sector, state, TLP of its exports), its
 * sites, assets and the software they run; the vendor records; and the vulnerability records
 * (KEV, NVD, EPSS) the action list is computed from.
 *
 *   inv_org_profiles   org ── sector, state, tlp
 *   inv_sites          org ── site (name unique per org)
 *   inv_assets         org ── asset (asset_key unique per org: re-imports update, never duplicate)
 *   inv_software       asset ── software (CPE 2.3 / purl), origin "import" or "manual"
 *   inv_vendors        name ── aliases, country, parents, state control
 *   vuln_records       (kind, id) ── JSON text; kind "kev" | "nvd" | "epss" | "cve5" | "osv"
 *
 * Every read and change of an organization's inventory takes an InventoryScope: a member's scope
 * names its organization, and a request for another organization's rows is answered as if they
 * did not exist (STORE_NOT_FOUND), so a member cannot learn what another holds. The national
 * scope ("all") is the CSIRT administrator's and the local operator's. Changes append audit rows
 * in the same transaction.
 */

/** Whose inventory a caller may read and change. */
export type InventoryScope = { kind: "all" } | { kind: "org"; orgId: string };

/** The national scope: every organization. */
export const ALL_ORGS: InventoryScope = { kind: "all" };

/** An organization's profile for the exposure feature. */
export interface OrgProfile {
  orgId: string;
  sector: string;
  /** ISO 3166-2:MX code. */
  state: string;
  /** TLP level of the organization's exports (amber unless set). */
  tlp: string;
}

/** A site of an organization. */
export interface InventorySite {
  id: string;
  orgId: string;
  name: string;
  state: string | null;
}

/** A software item of an asset. */
export interface InventorySoftware {
  name: string;
  version: string | null;
  vendor: string | null;
  kind: string;
  cpe: string | null;
  purl: string | null;
}

/** A stored software item: with its id, asset and origin. */
export interface StoredSoftware extends InventorySoftware {
  id: string;
  assetId: string;
  orgId: string;
  origin: "import" | "manual";
}

/** An asset as importers and callers give it (the assets module's Asset fits this shape). */
export interface InventoryAssetInput {
  key: string;
  name: string;
  siteId: string | null;
  addresses: string[];
  macs: string[];
  hostnames: string[];
  role: string;
  /** "confirmed" (a person or an authoritative inventory), "inferred" (by an importer) or "default". */
  roleSource: string;
  /** What an inferred role rests on; empty otherwise. */
  roleEvidence: string[];
  criticality: string;
  internetExposed: boolean;
  owner: string | null;
  vendor: string | null;
  ports: unknown[];
  software: InventorySoftware[];
  provenance: { source: string; input: string; observedAt: string | null };
}

/** A stored asset with its software. */
export interface StoredAsset extends Omit<InventoryAssetInput, "software"> {
  id: string;
  orgId: string;
  software: StoredSoftware[];
  created: string;
  updated: string;
}

/** The fields of an asset a caller may change. */
export type AssetPatch = Partial<
  Pick<
    InventoryAssetInput,
    | "name"
    | "siteId"
    | "addresses"
    | "macs"
    | "hostnames"
    | "role"
    | "roleSource"
    | "criticality"
    | "internetExposed"
    | "owner"
    | "vendor"
  >
>;

/** What an import did to one asset. */
export interface AssetUpsertResult {
  key: string;
  id: string;
  outcome: "new" | "updated" | "unchanged";
}

/** A vendor record. */
export interface InventoryVendor {
  name: string;
  aliases: string[];
  country: string | null;
  parents: string[];
  stateControl: string | null;
}

/** A designated-vendor list as stored: its name and its JSON text. */
export interface StoredVendorList {
  list: string;
  data: string;
}

/** Kinds of vulnerability records. */
export type VulnRecordKind = "kev" | "nvd" | "epss" | "cve5" | "osv";

/** One vulnerability record: its CVE id and its JSON text. */
export interface VulnRecord {
  id: string;
  data: string;
}

/** Counts of a vulnerability load. */
export interface VulnPutCounts {
  new: number;
  updated: number;
  unchanged: number;
}

/** A page of assets; `next` is the cursor of the following page, or null. */
export interface AssetPage {
  assets: StoredAsset[];
  next: string | null;
}

/** A page of software items; `next` is the cursor of the following page, or null. */
export interface SoftwarePage {
  software: StoredSoftware[];
  next: string | null;
}

/** The inventory store; its exposure lines are drawn in exposure-contract.ts. */
export interface InventoryStore extends ExposureRowsStore {
  setOrgProfile(actor: Actor, profile: OrgProfile): Promise<OrgProfile>;
  getOrgProfile(orgId: string): Promise<OrgProfile | null>;

  createSite(
    actor: Actor,
    scope: InventoryScope,
    orgId: string,
    input: { name: string; state: string | null },
  ): Promise<InventorySite>;
  listSites(scope: InventoryScope, orgId: string): Promise<InventorySite[]>;
  updateSite(
    actor: Actor,
    scope: InventoryScope,
    orgId: string,
    id: string,
    patch: { name?: string; state?: string | null },
  ): Promise<InventorySite>;
  deleteSite(actor: Actor, scope: InventoryScope, orgId: string, id: string): Promise<void>;

  /**
   * Creates or updates assets by their natural key. An import may not change what a person set:
   * criticality, owner and site are kept from the stored asset unless `authoritative` (the CSV
   * template states them); internet exposure is kept once set. A confirmed role is never
   * replaced by an inferred or default one; an inferred role follows the latest import. Software of origin
   * "import" is replaced; software added by hand stays.
   */
  upsertAssets(
    actor: Actor,
    scope: InventoryScope,
    orgId: string,
    assets: readonly InventoryAssetInput[],
    authoritative: boolean,
  ): Promise<AssetUpsertResult[]>;
  getAsset(scope: InventoryScope, orgId: string, id: string): Promise<StoredAsset>;
  /** Assets of one organization, or of all (orgId null, national scope only), in id order. */
  listAssets(
    scope: InventoryScope,
    orgId: string | null,
    page: { limit: number; after?: string | null },
  ): Promise<AssetPage>;
  updateAsset(actor: Actor, scope: InventoryScope, orgId: string, id: string, patch: AssetPatch): Promise<StoredAsset>;
  deleteAsset(actor: Actor, scope: InventoryScope, orgId: string, id: string): Promise<void>;

  addSoftware(
    actor: Actor,
    scope: InventoryScope,
    orgId: string,
    assetId: string,
    software: InventorySoftware,
  ): Promise<StoredSoftware>;
  /** Software of an organization (or of one of its assets) in id order, a page at a time. */
  listSoftware(
    scope: InventoryScope,
    orgId: string,
    page: { limit: number; after?: string | null; assetId?: string | null },
  ): Promise<SoftwarePage>;
  updateSoftware(
    actor: Actor,
    scope: InventoryScope,
    orgId: string,
    id: string,
    patch: Partial<InventorySoftware>,
  ): Promise<StoredSoftware>;
  deleteSoftware(actor: Actor, scope: InventoryScope, orgId: string, id: string): Promise<void>;

  /**
   * Adds or replaces a designated-vendor list by its name (`data` is its JSON document, already
   * validated by the caller: the assets module's readVendorList).
   */
  putVendorList(actor: Actor, list: StoredVendorList): Promise<"new" | "updated">;
  /** The operators' designated-vendor lists, by name. */
  listVendorLists(): Promise<StoredVendorList[]>;
  /** Removes a list; STORE_NOT_FOUND when there is none by that name. */
  deleteVendorList(actor: Actor, name: string): Promise<void>;

  putVendor(actor: Actor, vendor: InventoryVendor): Promise<void>;
  listVendors(): Promise<InventoryVendor[]>;

  /** Stores records by (kind, id); a record whose text is unchanged is counted, not rewritten. */
  putVulnRecords(kind: VulnRecordKind, records: readonly VulnRecord[]): Promise<VulnPutCounts>;
  listVulnRecords(kind: VulnRecordKind): Promise<VulnRecord[]>;
  countVulnRecords(): Promise<Record<VulnRecordKind, number>>;

  /**
   * A token that changes whenever something an action list is computed from changes: the
   * latest audit-log sequence (every inventory, profile and vendor-list change is audited), the
   * vulnerability records' count and latest update, and the number of recorded sightings (only
   * added to; an organization's removal, which deletes them, is audited). One cheap query, so a
   * cache of computed action lists can ask it on every request. Equal tokens mean nothing changed.
   */
  planGeneration(): Promise<string>;
}
