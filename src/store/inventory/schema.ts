/**
 * The inventory area's tables (migrations.ts makes them). List columns (addresses, ports…)
 * are JSON text.
 */

/** An organization's exposure profile. */
export interface InvOrgProfilesTable {
  org_id: string;
  sector: string;
  state: string;
  tlp: string;
}

/** A site. */
export interface InvSitesTable {
  id: string;
  org_id: string;
  name: string;
  state: string | null;
}

/** An asset; `import_digest` is the SHA-256 of what the last import said of it. */
export interface InvAssetsTable {
  id: string;
  org_id: string;
  asset_key: string;
  name: string;
  site_id: string | null;
  addresses: string;
  macs: string;
  hostnames: string;
  role: string;
  /** confirmed, inferred or default (migration 21). */
  role_source: string;
  /** JSON list of the evidence of an inferred role. */
  role_evidence: string;
  criticality: string;
  internet_exposed: number;
  owner: string | null;
  vendor: string | null;
  ports: string;
  provenance: string;
  import_digest: string | null;
  created: string;
  updated: string;
}

/** A software item of an asset. */
export interface InvSoftwareTable {
  id: string;
  asset_id: string;
  org_id: string;
  position: number;
  name: string;
  version: string | null;
  vendor: string | null;
  kind: string;
  cpe: string | null;
  purl: string | null;
  origin: string;
}

/** A vendor record. */
export interface InvVendorsTable {
  name: string;
  aliases: string;
  country: string | null;
  parents: string;
  state_control: string | null;
}

/** A designated-vendor list an operator added (migration 22), as the JSON document it was given in. */
export interface InvVendorListsTable {
  list: string;
  data: string;
  updated: string;
}

/** A KEV entry, NVD record or EPSS score as JSON text. */
export interface VulnRecordsTable {
  kind: string;
  id: string;
  data: string;
  updated: string;
}

/**
 * One line of an asset's action list as the exposure summary counts it (migration 24): derived
 * from the asset by the vulns module, replaced whenever the asset is marked out of date.
 */
export interface InvExposureItemsTable {
  asset_id: string;
  item_id: string;
  org_id: string;
  /** 0: a line known to apply; 1: a name-only line (the version is unconfirmed). */
  tier: number;
  kev: number;
  ransomware: number;
  designated: number;
  due_date: string | null;
  /** The line's score without its due-date and sightings points (both change without the asset). */
  base_score: number;
}

/** The addresses of an asset whose lines are derived (migration 24): where sightings meet assets. */
export interface InvExposureAddressesTable {
  org_id: string;
  address: string;
  asset_id: string;
}

/** An asset whose lines are out of date (migration 24); `mark` changes on every write. */
export interface InvExposureDirtyTable {
  asset_id: string;
  org_id: string;
  mark: string;
}

/** Named values of the derived lines (migration 24): "stamp", what they were derived from. */
export interface InvExposureStateTable {
  name: string;
  value: string;
}

/** The store schema with the directory's and the inventory's tables. */
export interface InventoryDatabase {
  inv_org_profiles: InvOrgProfilesTable;
  inv_sites: InvSitesTable;
  inv_assets: InvAssetsTable;
  inv_vendor_lists: InvVendorListsTable;
  inv_software: InvSoftwareTable;
  inv_vendors: InvVendorsTable;
  vuln_records: VulnRecordsTable;
  inv_exposure_items: InvExposureItemsTable;
  inv_exposure_addresses: InvExposureAddressesTable;
  inv_exposure_dirty: InvExposureDirtyTable;
  inv_exposure_state: InvExposureStateTable;
}
