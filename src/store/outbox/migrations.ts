import { statement } from "../backend.js";
import type { AreaMigrations } from "../migration.js";

/** The outbox area's migrations, in its block 160–179. Append only. */
export const OUTBOX_MIGRATIONS: AreaMigrations = {
  area: "outbox",
  block: [160, 179],
  migrations: [
    {
      version: 160,
      name: "outbox: anonymized pushes held for review, and push destinations",
      statements: (db, f) => [
        statement(
          db.schema
            .createTable("outbox_items")
            .addColumn("seq", f.bigintType, (c) => f.seqColumn(c))
            .addColumn("id", "text", (c) => c.notNull().unique())
            .addColumn("org_id", "text", (c) => c.notNull())
            .addColumn("policy", "text", (c) => c.notNull())
            .addColumn("destination", "text")
            .addColumn("to_url", "text", (c) => c.notNull())
            .addColumn("collection", "text", (c) => c.notNull())
            .addColumn("source", "text", (c) => c.notNull())
            .addColumn("status", "text", (c) => c.notNull())
            .addColumn("objects", "integer", (c) => c.notNull())
            .addColumn("errors", "integer", (c) => c.notNull())
            .addColumn("original", "text", (c) => c.notNull())
            .addColumn("outgoing", "text", (c) => c.notNull())
            .addColumn("changes", "text", (c) => c.notNull())
            .addColumn("issues", "text", (c) => c.notNull())
            .addColumn("created", "text", (c) => c.notNull())
            .addColumn("created_by", "text", (c) => c.notNull())
            .addColumn("decided_by", "text")
            .addColumn("decided_at", "text")
            .addColumn("reason", "text")
            .addColumn("sent_at", "text")
            .addColumn("result", "text"),
        ),
        // What waits, per organization and status (list, and push --outbox).
        statement(db.schema.createIndex("outbox_items_status").on("outbox_items").columns(["status", "seq"])),
        statement(db.schema.createIndex("outbox_items_org").on("outbox_items").columns(["org_id", "seq"])),
        statement(
          db.schema
            .createTable("outbox_destinations")
            .addColumn("name", "text", (c) => c.primaryKey())
            .addColumn("to_url", "text", (c) => c.notNull())
            .addColumn("collection", "text", (c) => c.notNull())
            .addColumn("policy", "text", (c) => c.notNull())
            .addColumn("created", "text", (c) => c.notNull()),
        ),
      ],
    },
  ],
};
