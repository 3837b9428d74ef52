import { type Kysely, sql } from "kysely";
import { type DialectFeatures, type Statement, statement, type WritePlan } from "../backend.js";
import type { Database } from "../database.js";
import type { AreaMigrations, Migration } from "../migration.js";
import { mergeSameInstants } from "./merge-versions.js";
import { backfillTerms } from "./search.js";
import { versionSortKey } from "./timestamps.js";

/**
 * The objects area's migrations: 1, 4, 5 and 6 from before areas had blocks, then 7–19
 * (7: search terms, with the backfill of a store filled before it; 8: one row per version instant;
 * 9: object_terms clustered on its key, SQLite).
 */

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "objects, collections, sharing",
    statements: (db, f) => [
      statement(
        db.schema
          .createTable("objects")
          .addColumn("seq", f.bigintType, (c) => f.seqColumn(c))
          .addColumn("id", "text", (c) => c.notNull())
          .addColumn("type", "text", (c) => c.notNull())
          .addColumn("spec_version", "text", (c) => c.notNull())
          .addColumn("created", "text")
          .addColumn("version_key", "text", (c) => c.notNull())
          .addColumn("version_sort", "text", (c) => c.notNull())
          .addColumn("date_added", "text", (c) => c.notNull())
          .addColumn("tlp", "text", (c) =>
            c.check(sql`tlp is null or tlp in ('clear', 'green', 'amber', 'amber+strict', 'red')`),
          )
          .addColumn("producer_org", "text")
          .addColumn("producer_user", "text")
          .addColumn("revoked", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("raw", "text", (c) => c.notNull())
          .addColumn("raw_sha256", "text", (c) => c.notNull())
          .addUniqueConstraint("objects_id_version_key", ["id", "version_key"]),
      ),
      statement(db.schema.createIndex("objects_added").on("objects").columns(["date_added", "seq"])),
      statement(db.schema.createIndex("objects_type_added").on("objects").columns(["type", "date_added", "seq"])),
      statement(
        db.schema
          .createTable("collection_objects")
          .addColumn("collection_id", "text", (c) => c.notNull())
          .addColumn("object_id", "text", (c) => c.notNull())
          .addColumn("version_key", "text", (c) => c.notNull())
          .addColumn("type", "text", (c) => c.notNull())
          .addColumn("date_added", "text", (c) => c.notNull())
          .addColumn("seq", f.bigintType, (c) => c.notNull())
          // seq names one version and date_added is a function of it, so this key is unique per version, is
          // appended to rather than written at random, and is also the keyset order of collection reads.
          .addPrimaryKeyConstraint("collection_objects_pk", ["collection_id", "date_added", "seq"]),
      ),
      statement(
        db.schema
          .createIndex("collection_objects_type_added")
          .on("collection_objects")
          .columns(["collection_id", "type", "date_added", "seq"]),
      ),
      statement(
        db.schema
          .createTable("object_shares")
          .addColumn("object_id", "text", (c) => c.notNull())
          .addColumn("org_id", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("object_shares_pk", ["object_id", "org_id"]),
      ),
      statement(
        db.schema
          .createTable("object_red_recipients")
          .addColumn("object_id", "text", (c) => c.notNull())
          .addColumn("user_id", "text", (c) => c.notNull())
          .addPrimaryKeyConstraint("object_red_recipients_pk", ["object_id", "user_id"]),
      ),
      statement(
        db.schema
          .createTable("collections")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("title", "text", (c) => c.notNull())
          .addColumn("description", "text")
          .addColumn("created", "text", (c) => c.notNull()),
      ),
      statement(
        db.schema
          .createTable("store_clock")
          .addColumn("id", "integer", (c) => c.primaryKey())
          .addColumn("last_us", f.bigintType, (c) => c.notNull()),
      ),
      statement(db.insertInto("store_clock").values({ id: 1, last_us: 0 })),
    ],
  },
  {
    version: 4,
    name: "objects: only_version",
    statements: (db) => [
      statement(db.schema.alterTable("objects").addColumn("only_version", "integer", (c) => c.notNull().defaultTo(0))),
      // Existing stores: mark the ids stored once (a one-time pass over the id index).
      statement(
        db
          .updateTable("objects")
          .set({ only_version: 1 })
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("objects as other")
                  .select(sql.lit(1).as("one"))
                  .whereRef("other.id", "=", "objects.id")
                  .whereRef("other.seq", "<>", "objects.seq"),
              ),
            ),
          ),
      ),
    ],
  },
  {
    version: 5,
    name: "collection_objects: one membership per version and collection",
    statements: (db) => [
      // A membership's date_added is when the version joined that collection, no longer a
      // function of seq, so (collection_id, seq) is the key that stops a second one.
      statement(
        db.schema
          .createIndex("collection_objects_member")
          .unique()
          .on("collection_objects")
          .columns(["collection_id", "seq"]),
      ),
    ],
  },
  {
    version: 6,
    name: "objects: version_sort of long fractions",
    // Releases up to migration 5 kept a `modified` with more than nine fraction digits as its raw
    // text in version_sort, where match[version] and first/last cannot find or order it. The
    // fixed-width form is 27 characters, so only rows of another length are looked at.
    statements: (db) => rewriteVersionSorts(db),
  },
  {
    version: 7,
    name: "objects: search terms",
    statements: (db, f) => migrateTerms(db, f),
  },
  {
    version: 8,
    name: "objects: one version per id and modified instant",
    statements: (db) => mergeSameInstants(db),
  },
  {
    version: 9,
    name: "object_terms: the (term, seq) key is the table (SQLite)",
    statements: (db, f) => (f.triggers === "sqlite" ? clusterTerms(db, f) : []),
  },
];

/** The objects area's migrations, for migrate.ts. */
export const OBJECTS_MIGRATIONS: AreaMigrations = {
  area: "objects",
  block: [7, 19],
  legacy: [1, 4, 5, 6],
  migrations: MIGRATIONS,
};

/** Migration 7: the term table of search (search.ts), keyed (term, seq), and the terms of what is stored. */
function* migrateTerms(db: Kysely<Database>, f: DialectFeatures): WritePlan<void> {
  yield statement(
    db.schema
      .createTable("object_terms")
      .addColumn("term", "text", (c) => f.binaryText(c).notNull())
      .addColumn("seq", f.bigintType, (c) => c.notNull())
      .addPrimaryKeyConstraint("object_terms_pk", ["term", "seq"]),
  );
  yield* backfillTerms(db, f);
}

/**
 * Migration 9, SQLite only: object_terms becomes a WITHOUT ROWID table, its rows kept in the
 * B-tree of its (term, seq) key instead of a rowid table plus that key's index. Every stored term
 * was written twice; now once. An import writes about five terms per indicator, so this is most
 * of the B-tree work a new object costs after its own row. PostgreSQL's table is a heap with
 * that index either way, and stays as it is.
 */
function clusterTerms(db: Kysely<Database>, f: DialectFeatures): Statement[] {
  return [
    statement(
      db.schema
        .createTable("object_terms_clustered")
        .addColumn("term", "text", (c) => f.binaryText(c).notNull())
        .addColumn("seq", f.bigintType, (c) => c.notNull())
        .addPrimaryKeyConstraint("object_terms_pk", ["term", "seq"])
        .modifyEnd(sql`without rowid`),
    ),
    // In key order, so the new B-tree is written front to back.
    statement(
      db
        .insertInto("object_terms_clustered" as "object_terms")
        .columns(["term", "seq"])
        .expression(db.selectFrom("object_terms").select(["term", "seq"]).orderBy("term").orderBy("seq")),
    ),
    statement(db.schema.dropTable("object_terms")),
    statement(db.schema.alterTable("object_terms_clustered").renameTo("object_terms")),
  ];
}

/** Recomputes version_sort where it is not in the fixed-width form (migration 6). */
function* rewriteVersionSorts(db: Kysely<Database>): WritePlan<void> {
  const rows = yield statement(
    db
      .selectFrom("objects")
      .select(["seq", "version_key", "version_sort"])
      .where("version_key", "<>", "")
      .where(sql<boolean>`length(version_sort) <> 27`),
  );
  for (const row of rows) {
    const sort = versionSortKey(String(row.version_key));
    if (sort === row.version_sort) continue;
    yield statement(db.updateTable("objects").set({ version_sort: sort }).where("seq", "=", Number(row.seq)));
  }
}
