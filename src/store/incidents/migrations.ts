import { type Statement, statement } from "../backend.js";
import type { AreaMigrations, Migration } from "../migration.js";

/** The incidents area's migrations: block 80–99 (80 is the first). */

/** Migration 80: organizations' reporting defaults. */
const REPORTING_MIGRATION: Migration = {
  version: 80,
  name: "incidents: organizations' reporting defaults (regime, time zone)",
  statements: (db): Statement[] => [
    statement(
      db.schema
        .createTable("inc_reporting")
        .addColumn("org_id", "text", (c) => c.primaryKey().references("organizations.id"))
        .addColumn("regime", "text", (c) => c.notNull())
        .addColumn("time_zone", "text", (c) => c.notNull())
        .addColumn("updated", "text", (c) => c.notNull()),
    ),
  ],
};

/** Migration 81: the partner TAXII collection an organization submits to. */
const SUBMIT_TO_MIGRATION: Migration = {
  version: 81,
  name: "incidents: the partner TAXII collection reports are submitted to",
  statements: (db): Statement[] => [
    statement(db.schema.alterTable("inc_reporting").addColumn("submit_api_root", "text")),
    statement(db.schema.alterTable("inc_reporting").addColumn("submit_collection", "text")),
  ],
};

/** The incidents area's migrations. */
export const INCIDENTS_MIGRATIONS: AreaMigrations = {
  area: "incidents",
  block: [80, 99],
  migrations: [REPORTING_MIGRATION, SUBMIT_TO_MIGRATION],
};
