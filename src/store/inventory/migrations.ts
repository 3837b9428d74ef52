import { type Statement, statement } from "../backend.js";
import type { AreaMigrations, Migration } from "../migration.js";

/** The inventory area's migrations: block 20–39 (20 is the first). */

/** Migration 20: the inventory and the vulnerability records. */
const INVENTORY_MIGRATION: Migration = {
  version: 20,
  name: "inventory: org profiles, sites, assets, software, vendors; vulnerability records",
  statements: (db): Statement[] => {
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

/**
 * Migration 21: where each asset's role came from and what it rests on. Roles stored before it
 * were either a person's (anything but "other") or the importers' default ("other").
 */
const ROLE_SOURCE_MIGRATION: Migration = {
  version: 21,
  name: "inventory: asset role source (confirmed, inferred, default) and its evidence",
  statements: (db): Statement[] => [
    statement(
      db.schema.alterTable("inv_assets").addColumn("role_source", "text", (c) => c.notNull().defaultTo("default")),
    ),
    statement(
      db.schema.alterTable("inv_assets").addColumn("role_evidence", "text", (c) => c.notNull().defaultTo("[]")),
    ),
    statement(db.updateTable("inv_assets").set({ role_source: "confirmed" }).where("role", "!=", "other")),
  ],
};

/** Migration 22: designated-vendor lists an operator adds beside the shipped ones. */
const VENDOR_LISTS_MIGRATION: Migration = {
  version: 22,
  name: "inventory: operators' designated-vendor lists",
  statements: (db): Statement[] => [
    statement(
      db.schema
        .createTable("inv_vendor_lists")
        .addColumn("list", "text", (c) => c.primaryKey())
        .addColumn("data", "text", (c) => c.notNull())
        .addColumn("updated", "text", (c) => c.notNull()),
    ),
  ],
};

/**
 * Migration 23: the vulnerability records by update time, so that the latest update (part of
 * planGeneration's token, asked on every Panorama request) is an index lookup, not a scan.
 */
const VULN_UPDATED_MIGRATION: Migration = {
  version: 23,
  name: "inventory: vulnerability records by update time",
  statements: (db): Statement[] => [
    statement(db.schema.createIndex("vuln_records_updated").on("vuln_records").columns(["updated"])),
  ],
};

/**
 * Migration 24: each asset's action-list lines as the exposure summary counts them, the addresses
 * they are reached at, and the assets changed since (marked in the transaction of each inventory
 * write), so the Panorama's counts are SQL aggregates instead of a pass over the whole inventory.
 * Every existing asset starts out of date. Assets by (organization, id) with the two facts the
 * national picture counts, so per-organization counts are one scan of an index, not of the rows.
 */
const EXPOSURE_ROWS_MIGRATION: Migration = {
  version: 24,
  name: "inventory: derived exposure lines per asset, their addresses, the assets changed since",
  statements: (db): Statement[] => [
    statement(
      db.schema
        .createTable("inv_exposure_items")
        .addColumn("asset_id", "text", (c) => c.notNull())
        .addColumn("item_id", "text", (c) => c.notNull())
        .addColumn("org_id", "text", (c) => c.notNull())
        .addColumn("tier", "integer", (c) => c.notNull())
        .addColumn("kev", "integer", (c) => c.notNull())
        .addColumn("ransomware", "integer", (c) => c.notNull())
        .addColumn("designated", "integer", (c) => c.notNull())
        .addColumn("due_date", "text")
        .addColumn("base_score", "double precision", (c) => c.notNull())
        .addPrimaryKeyConstraint("inv_exposure_items_pk", ["asset_id", "item_id"]),
    ),
    statement(db.schema.createIndex("inv_exposure_items_org").on("inv_exposure_items").columns(["org_id", "tier"])),
    statement(
      db.schema
        .createTable("inv_exposure_addresses")
        .addColumn("org_id", "text", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("asset_id", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("inv_exposure_addresses_pk", ["org_id", "address", "asset_id"]),
    ),
    statement(db.schema.createIndex("inv_exposure_addresses_asset").on("inv_exposure_addresses").columns(["asset_id"])),
    statement(
      db.schema
        .createTable("inv_exposure_dirty")
        .addColumn("asset_id", "text", (c) => c.primaryKey())
        .addColumn("org_id", "text", (c) => c.notNull())
        .addColumn("mark", "text", (c) => c.notNull()),
    ),
    statement(
      db.schema
        .createTable("inv_exposure_state")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull()),
    ),
    statement(
      db.schema
        .createIndex("inv_assets_org_id")
        .on("inv_assets")
        .columns(["org_id", "id", "internet_exposed", "criticality"]),
    ),
  ],
};

/** The inventory area's migrations, for migrate.ts. */
export const INVENTORY_MIGRATIONS: AreaMigrations = {
  area: "inventory",
  block: [20, 39],
  migrations: [
    INVENTORY_MIGRATION,
    ROLE_SOURCE_MIGRATION,
    VENDOR_LISTS_MIGRATION,
    VULN_UPDATED_MIGRATION,
    EXPOSURE_ROWS_MIGRATION,
  ],
};
