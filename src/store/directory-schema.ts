import type { Generated, Kysely } from "kysely";
import { type Statement, statement } from "./backend.js";
import type { Migration } from "./migrations.js";
import type { Database } from "./schema.js";

/**
 * The directory's tables (migration 2): accounts, grants, status resources, feeds and the audit
 * log, plus `collection_objects.added_by_org` so the TLP rule can tell whether a version was put
 * into a collection by its own producer (AMBER shared through collection grants); and settings
 * (migration 3).
 */

/** A member organization. */
export interface OrganizationsTable {
  id: string;
  name: string;
  created: string;
}

/** A user account. */
export interface UsersTable {
  id: string;
  username: string;
  org_id: string;
  role: string;
  password_hash: string | null;
  active: number;
  created: string;
}

/** An API token, by the SHA-256 of its text. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  token_hash: string;
  name: string;
  created: string;
  expires: string | null;
  revoked: string | null;
}

/** An organization's rights on a collection. */
export interface CollectionGrantsTable {
  collection_id: string;
  org_id: string;
  can_read: number;
  can_write: number;
}

/** A TAXII status resource; the per-object lists are JSON. */
export interface StatusResourcesTable {
  id: string;
  owner_user: string | null;
  owner_org: string | null;
  status: string;
  request_timestamp: string;
  total_count: number;
  successes: string;
  failures: string;
  pendings: string;
}

/** A remote feed and its resume point. */
export interface FeedsTable {
  id: string;
  kind: string;
  url: string;
  collection: string;
  local_collection: string | null;
  username: string | null;
  secret: string | null;
  added_after: string | null;
  next: string | null;
  last_sync: string | null;
  last_error: string | null;
}

/** The append-only audit log. */
export interface AuditLogTable {
  seq: Generated<number>;
  at: string;
  user_id: string | null;
  org_id: string | null;
  address: string;
  action: string;
  target: string;
  detail: string;
}

/** A server setting made once and kept (migration 3), such as the key that seals TAXII `next` values. */
export interface SettingsTable {
  name: string;
  value: string;
  created: string;
}

/** The store schema with the directory's tables. */
export interface DirectoryDatabase extends Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  api_tokens: ApiTokensTable;
  collection_grants: CollectionGrantsTable;
  status_resources: StatusResourcesTable;
  feeds: FeedsTable;
  audit_log: AuditLogTable;
  settings: SettingsTable;
}

/** Migration 2: the directory. */
export const DIRECTORY_MIGRATION: Migration = {
  version: 2,
  name: "directory: organizations, users, tokens, grants, status, feeds, audit log",
  statements: (base, f): Statement[] => {
    const db = base as unknown as Kysely<DirectoryDatabase>;
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
export const SETTINGS_MIGRATION: Migration = {
  version: 3,
  name: "directory: settings",
  statements: (base): Statement[] => {
    const db = base as unknown as Kysely<DirectoryDatabase>;
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
