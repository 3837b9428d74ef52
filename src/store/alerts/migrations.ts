import { statement } from "../backend.js";
import type { AreaMigrations } from "../migration.js";

/** The alerts area's migrations, in its block 120–139. Append only. */
export const ALERTS_MIGRATIONS: AreaMigrations = {
  area: "alerts",
  block: [120, 139],
  migrations: [
    {
      version: 120,
      name: "alerts: detection alerts per organization, with their status",
      statements: (db, f) => [
        statement(
          db.schema
            .createTable("alerts")
            .addColumn("seq", f.bigintType, (c) => f.seqColumn(c))
            .addColumn("id", "text", (c) => c.notNull().unique())
            .addColumn("org_id", "text", (c) => c.notNull())
            .addColumn("kind", "text", (c) => c.notNull())
            .addColumn("event", "text", (c) => c.notNull())
            .addColumn("indicator_id", "text", (c) => c.notNull())
            .addColumn("value", "text")
            .addColumn("field", "text")
            .addColumn("log", "text", (c) => c.notNull())
            .addColumn("file", "text", (c) => c.notNull())
            .addColumn("line", "integer", (c) => c.notNull())
            // Compared byte by byte on both databases, so the keyset order is the same.
            .addColumn("ts", "text", (c) => f.binaryText(c).notNull())
            .addColumn("src", "text")
            .addColumn("dst", "text")
            .addColumn("details", "text")
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("status_by", "text")
            .addColumn("status_at", "text")
            .addColumn("note", "text")
            .addColumn("recorded", "text", (c) => c.notNull()),
        ),
        // An organization's pages, newest event first; and the national pages.
        statement(db.schema.createIndex("alerts_org_ts").on("alerts").columns(["org_id", "ts", "seq"])),
        statement(db.schema.createIndex("alerts_ts").on("alerts").columns(["ts", "seq"])),
        // Pruning an organization's oldest recorded alerts.
        statement(db.schema.createIndex("alerts_org_seq").on("alerts").columns(["org_id", "seq"])),
        statement(db.schema.createIndex("alerts_indicator").on("alerts").columns(["indicator_id", "ts"])),
      ],
    },
    {
      version: 121,
      name: "alerts: the alerts on one observed value (the console's filter by address or domain)",
      statements: (db) => [statement(db.schema.createIndex("alerts_value").on("alerts").columns(["value", "ts"]))],
    },
  ],
};
