import type { Kysely } from "kysely";
import { statement, type WritePlan } from "../backend.js";
import type { Database } from "../database.js";
import type { AreaMigrations } from "../migration.js";

/**
 * The feeds area's migrations, in its block 140–159. Migration 140 replaces the TAXII-shaped
 * feed row of migration 2 (url, collection, added_after, next…) by one row for every kind:
 * `{kind, config, cursor}` plus schedule and health. Existing TAXII rows are carried over
 * with their configuration and resume point, so a sync after the upgrade resumes where the
 * last one stopped. Append only.
 */

type Row = Record<string, unknown>;

const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The JSON cursor of a TAXII feed from the old columns (null when it never ran). */
export function legacyTaxiiCursor(row: Row): string | null {
  const addedAfter = text(row.added_after);
  const next = text(row.next);
  return addedAfter === null && next === null ? null : JSON.stringify({ addedAfter, next });
}

function* generalizeFeeds(db: Kysely<Database>): WritePlan<void> {
  yield statement(
    db.schema
      .createTable("feeds_v2")
      .addColumn("id", "text", (c) => c.primaryKey())
      .addColumn("kind", "text", (c) => c.notNull())
      .addColumn("config", "text", (c) => c.notNull())
      .addColumn("secret", "text")
      .addColumn("cursor", "text")
      .addColumn("every_seconds", "integer")
      .addColumn("last_sync", "text")
      .addColumn("last_error", "text")
      .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
      .addColumn("next_run", "text")
      .addColumn("created", "text", (c) => c.notNull()),
  );
  // The old table is read through the untyped builder: its columns are no longer the schema's.
  const untyped = db as unknown as Kysely<Record<string, Row>>;
  const old = (yield statement(untyped.selectFrom("feeds").selectAll())) as Row[];
  const now = new Date().toISOString();
  for (const row of old) {
    const config = {
      url: String(row.url),
      collection: String(row.collection),
      localCollection: text(row.local_collection),
      username: text(row.username),
    };
    yield statement(
      db.insertInto("feeds_v2" as "feeds").values({
        id: String(row.id),
        kind: String(row.kind),
        config: JSON.stringify(config),
        secret: text(row.secret),
        cursor: legacyTaxiiCursor(row),
        every_seconds: null,
        last_sync: text(row.last_sync),
        last_error: text(row.last_error),
        failures: 0,
        next_run: null,
        created: now,
      }),
    );
  }
  yield statement(db.schema.dropTable("feeds"));
  yield statement(db.schema.alterTable("feeds_v2").renameTo("feeds"));
}

/** The feeds area's migrations, for migrate.ts. */
export const FEEDS_MIGRATIONS: AreaMigrations = {
  area: "feeds",
  block: [140, 159],
  migrations: [
    {
      version: 140,
      name: "feeds: one row for every kind (config, cursor, schedule, health); TAXII rows carried over",
      statements: (db) => generalizeFeeds(db),
    },
    {
      version: 141,
      name: "feeds: the MISP warninglists a warninglists feed stored, with their versions and digests",
      statements: (db) => [
        statement(
          db.schema
            .createTable("feed_warninglists")
            .addColumn("feed_id", "text", (c) => c.notNull())
            .addColumn("name", "text", (c) => c.notNull())
            // As text: a list's version is whatever number it gives (some are dates, 20240615).
            .addColumn("version", "text", (c) => c.notNull())
            .addColumn("digest", "text", (c) => c.notNull())
            .addColumn("source", "text", (c) => c.notNull())
            .addColumn("type", "text", (c) => c.notNull())
            .addColumn("description", "text", (c) => c.notNull())
            .addColumn("matching_attributes", "text", (c) => c.notNull())
            .addColumn("entries", "text", (c) => c.notNull())
            .addColumn("entry_count", "integer", (c) => c.notNull())
            .addColumn("updated", "text", (c) => c.notNull())
            .addPrimaryKeyConstraint("feed_warninglists_pk", ["feed_id", "name"]),
        ),
      ],
    },
  ],
};
