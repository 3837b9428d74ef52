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

/** The store schema with the directory's and the inventory's tables. */
export interface InventoryDatabase {
  inv_org_profiles: InvOrgProfilesTable;
  inv_sites: InvSitesTable;
  inv_assets: InvAssetsTable;
  inv_vendor_lists: InvVendorListsTable;
  inv_software: InvSoftwareTable;
  inv_vendors: InvVendorsTable;
  vuln_records: VulnRecordsTable;
}
