import { statement } from "../backend.js";
import type { AreaMigrations } from "../migration.js";

/** The lists area's migrations, in its block 100–119. Append only. */
export const LISTS_MIGRATIONS: AreaMigrations = {
  area: "lists",
  block: [100, 119],
  migrations: [
    {
      version: 100,
      name: "lists: IOC list membership",
      statements: (db) => [
        statement(
          db.schema
            .createTable("lists")
            .addColumn("name", "text", (c) => c.primaryKey())
            .addColumn("last_run", "text", (c) => c.notNull())
            .addColumn("last_imported", "text", (c) => c.notNull()),
        ),
        statement(
          db.schema
            .createTable("list_members")
            .addColumn("list", "text", (c) => c.notNull())
            .addColumn("indicator_id", "text", (c) => c.notNull())
            .addColumn("run", "text", (c) => c.notNull())
            .addPrimaryKeyConstraint("list_members_pk", ["list", "indicator_id"]),
        ),
        // takeDelisted reads a list's members of other runs.
        statement(db.schema.createIndex("list_members_run").on("list_members").columns(["list", "run"])),
      ],
    },
    {
      version: 101,
      name: "lists: warninglist flags and per-indicator overrides",
      statements: (db) => [
        statement(
          db.schema
            .createTable("warninglist_flags")
            .addColumn("indicator_id", "text", (c) => c.notNull())
            .addColumn("list", "text", (c) => c.notNull())
            .addColumn("value", "text", (c) => c.notNull())
            .addColumn("flagged", "text", (c) => c.notNull())
            .addPrimaryKeyConstraint("warninglist_flags_pk", ["indicator_id", "list"]),
        ),
        // The flags of one list, for `indicator warninglisted --list`.
        statement(db.schema.createIndex("warninglist_flags_list").on("warninglist_flags").columns(["list"])),
        statement(
          db.schema
            .createTable("warninglist_overrides")
            .addColumn("indicator_id", "text", (c) => c.primaryKey())
            .addColumn("by_user", "text", (c) => c.notNull())
            .addColumn("at", "text", (c) => c.notNull())
            .addColumn("reason", "text"),
        ),
      ],
    },
  ],
};
