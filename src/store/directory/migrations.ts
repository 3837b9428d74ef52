import { type Statement, statement } from "../backend.js";
import type { AreaMigrations, Migration } from "../migration.js";

/**
 * The directory area's migrations: 2 and 3 from before areas had blocks, then 40–59.
 * Migration 2 also adds `collection_objects.added_by_org`, so the TLP rule can tell whether a
 * version was put into a collection by its own producer (AMBER shared through collection grants).
 */

/** Migration 2: the directory. */
const DIRECTORY_MIGRATION: Migration = {
  version: 2,
  name: "directory: organizations, users, tokens, grants, status, feeds, audit log",
  statements: (db, f): Statement[] => {
    return [
      statement(
        db.schema
          .createTable("organizations")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull().unique())
          .addColumn("created", "text", (c) => c.notNull()),
      ),
      statement(
        db.schema
          .createTable("users")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("username", "text", (c) => c.notNull().unique())
          .addColumn("org_id", "text", (c) => c.notNull().references("organizations.id"))
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("password_hash", "text")
          .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("created", "text", (c) => c.notNull()),
      ),
      statement(
        db.schema
          .createTable("api_tokens")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("user_id", "text", (c) => c.notNull().references("users.id"))
          .addColumn("token_hash", "text", (c) => c.notNull().unique())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("created", "text", (c) => c.notNull())
          .addColumn("expires", "text")
          .addColumn("revoked", "text"),
      ),
      statement(
        db.schema
          .createTable("collection_grants")
          .addColumn("collection_id", "text", (c) => c.notNull())
          .addColumn("org_id", "text", (c) => c.notNull())
          .addColumn("can_read", "integer", (c) => c.notNull())
          .addColumn("can_write", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("collection_grants_pk", ["collection_id", "org_id"]),
      ),
      statement(db.schema.createIndex("collection_grants_org").on("collection_grants").columns(["org_id"])),
      statement(
        db.schema
          .createTable("status_resources")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("owner_user", "text")
          .addColumn("owner_org", "text")
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("request_timestamp", "text", (c) => c.notNull())
          .addColumn("total_count", "integer", (c) => c.notNull())
          .addColumn("successes", "text", (c) => c.notNull())
          .addColumn("failures", "text", (c) => c.notNull())
          .addColumn("pendings", "text", (c) => c.notNull()),
      ),
      statement(
        db.schema
          .createTable("feeds")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("url", "text", (c) => c.notNull())
          .addColumn("collection", "text", (c) => c.notNull())
          .addColumn("local_collection", "text")
          .addColumn("username", "text")
          .addColumn("secret", "text")
          .addColumn("added_after", "text")
          .addColumn("next", "text")
          .addColumn("last_sync", "text")
          .addColumn("last_error", "text"),
      ),
      statement(
        db.schema
          .createTable("audit_log")
          .addColumn("seq", f.bigintType, (c) => f.seqColumn(c))
          .addColumn("at", "text", (c) => c.notNull())
          .addColumn("user_id", "text")
          .addColumn("org_id", "text")
          .addColumn("address", "text", (c) => c.notNull())
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("target", "text", (c) => c.notNull())
          .addColumn("detail", "text", (c) => c.notNull()),
      ),
      statement(db.schema.alterTable("collection_objects").addColumn("added_by_org", "text")),
      // The TLP rule looks up a version's collections by seq.
      statement(db.schema.createIndex("collection_objects_seq").on("collection_objects").columns(["seq"])),
    ];
  },
};

/** Migration 3: server settings that must outlive a restart and be shared by every process. */
const SETTINGS_MIGRATION: Migration = {
  version: 3,
  name: "directory: settings",
  statements: (db): Statement[] => {
    return [
      statement(
        db.schema
          .createTable("settings")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("value", "text", (c) => c.notNull())
          .addColumn("created", "text", (c) => c.notNull()),
      ),
    ];
  },
};

/** The directory area's migrations, for migrate.ts. */
export const DIRECTORY_MIGRATIONS: AreaMigrations = {
  area: "directory",
  block: [40, 59],
  legacy: [2, 3],
  migrations: [DIRECTORY_MIGRATION, SETTINGS_MIGRATION],
};
