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

/** The incidents area's migrations. */
export const INCIDENTS_MIGRATIONS: AreaMigrations = {
  area: "incidents",
  block: [80, 99],
  migrations: [REPORTING_MIGRATION],
};
