import type { Kysely } from "kysely";
import { type Statement, statement } from "./backend.js";
import type { DirectoryDatabase } from "./directory-schema.js";
import type { Migration } from "./migrations.js";

/**
 * The inventory's tables (migration 20; versions 20–29 are the inventory's so that they never
 * collide with the directory's own additions). List columns (addresses, ports…) are JSON text.
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

/** A KEV entry, NVD record or EPSS score as JSON text. */
export interface VulnRecordsTable {
  kind: string;
  id: string;
  data: string;
  updated: string;
}

/** The store schema with the directory's and the inventory's tables. */
export interface InventoryDatabase extends DirectoryDatabase {
  inv_org_profiles: InvOrgProfilesTable;
  inv_sites: InvSitesTable;
  inv_assets: InvAssetsTable;
  inv_software: InvSoftwareTable;
  inv_vendors: InvVendorsTable;
  vuln_records: VulnRecordsTable;
}

/** Migration 20: the inventory and the vulnerability records. */
export const INVENTORY_MIGRATION: Migration = {
  version: 20,
  name: "inventory: org profiles, sites, assets, software, vendors; vulnerability records",
  statements: (base): Statement[] => {
    const db = base as unknown as Kysely<InventoryDatabase>;
    return [
      statement(
        db.schema
          .createTable("inv_org_profiles")
          .addColumn("org_id", "text", (c) => c.primaryKey().references("organizations.id"))
          .addColumn("sector", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("tlp", "text", (c) => c.notNull()),
      ),
      statement(
        db.schema
          .createTable("inv_sites")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("state", "text")
          .addUniqueConstraint("inv_sites_org_name", ["org_id", "name"]),
      ),
      statement(
        db.schema
          .createTable("inv_assets")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
          .addColumn("asset_key", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("site_id", "text")
          .addColumn("addresses", "text", (c) => c.notNull())
          .addColumn("macs", "text", (c) => c.notNull())
          .addColumn("hostnames", "text", (c) => c.notNull())
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("criticality", "text", (c) => c.notNull())
          .addColumn("internet_exposed", "integer", (c) => c.notNull())
          .addColumn("owner", "text")
          .addColumn("vendor", "text")
          .addColumn("ports", "text", (c) => c.notNull())
          .addColumn("provenance", "text", (c) => c.notNull())
          .addColumn("import_digest", "text")
          .addColumn("created", "text", (c) => c.notNull())
          .addColumn("updated", "text", (c) => c.notNull())
          .addUniqueConstraint("inv_assets_org_key", ["org_id", "asset_key"]),
      ),
      statement(
        db.schema
          .createTable("inv_software")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("asset_id", "text", (c) => c.notNull())
          .addColumn("org_id", "text", (c) => c.notNull())
          .addColumn("position", "integer", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("version", "text")
          .addColumn("vendor", "text")
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("cpe", "text")
          .addColumn("purl", "text")
          .addColumn("origin", "text", (c) => c.notNull()),
      ),
      statement(db.schema.createIndex("inv_software_asset").on("inv_software").columns(["asset_id", "position"])),
      statement(db.schema.createIndex("inv_software_org").on("inv_software").columns(["org_id"])),
      statement(
        db.schema
          .createTable("inv_vendors")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("aliases", "text", (c) => c.notNull())
          .addColumn("country", "text")
          .addColumn("parents", "text", (c) => c.notNull())
          .addColumn("state_control", "text"),
      ),
      statement(
        db.schema
          .createTable("vuln_records")
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("id", "text", (c) => c.notNull())
          .addColumn("data", "text", (c) => c.notNull())
          .addColumn("updated", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("vuln_records_pk", ["kind", "id"]),
      ),
    ];
  },
};
