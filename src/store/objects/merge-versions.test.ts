import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { type Kysely, Kysely as KyselyDb, PostgresDialect, SqliteDialect, sql } from "kysely";
import pg from "pg";
import { postgresSchema } from "../../testing/index.js";
import type { Store } from "../contract.js";
import type { Database } from "../database.js";
import { openPostgresStore } from "../postgres/index.js";
import { openSqliteStore, SQLITE_FILE } from "../sqlite/index.js";
import { SYSTEM, testId, version, writer } from "../store-fixture.js";

/**
 * Migration 8 on a store an older release filled: the rows one `modified` instant got under two
 * spellings become one version, collections and "only version" follow, and each merge is in
 * the audit log. The older rows are written with plain SQL, on both databases.
 */

const W = writer("org-a", "user-a");
const X = testId(1);
const Z = testId(2);
const JAN = "2024-01-01T00:00:00.000Z";
const JAN_SHORT = "2024-01-01T00:00:00Z";
const JAN_OFFSET = "2024-01-01T02:00:00+02:00";

/** What releases before migration 8 stored: another row of `id` at `from`'s instant, keyed `key`. */
async function duplicate(db: Kysely<Database>, id: string, from: string, key: string, raw: string): Promise<void> {
  await sql`insert into objects (id, type, spec_version, created, version_key, version_sort, date_added, tlp,
      producer_org, producer_user, revoked, raw, raw_sha256, only_version)
    select id, type, spec_version, created, ${key}, version_sort, date_added, tlp, producer_org, producer_user,
      revoked, ${raw}, 'older', 0 from objects where id = ${id} and version_key = ${from}`.execute(db);
  await sql`update objects set only_version = 0 where id = ${id}`.execute(db);
}

async function join_(db: Kysely<Database>, collection: string, id: string, key: string, at: string): Promise<void> {
  await sql`insert into collection_objects (collection_id, object_id, version_key, type, date_added, seq, added_by_org)
    select ${collection}, id, version_key, type, ${at}, seq, null from objects
    where id = ${id} and version_key = ${key}`.execute(db);
}

async function migrates(open: () => Promise<Store>, db: Kysely<Database>): Promise<void> {
  const store = await open();
  const first = version(1, { modified: JAN, collectionId: "c1" }).raw;
  const feb = version(1, { modified: "2024-02-01T00:00:00.000Z" });
  await store.putObjects(W, [version(1, { modified: JAN, collectionId: "c1" }), version(2, { modified: JAN }), feb]);
  await store.close();

  // X: the same object with its instant spelled otherwise, in c1 and c2, and a different object at that instant.
  await duplicate(db, X, JAN, JAN_SHORT, first.replaceAll(JAN, JAN_SHORT));
  await duplicate(db, X, JAN, JAN_OFFSET, version(1, { modified: JAN_OFFSET, raw: '{"other":true}' }).raw);
  await join_(db, "c1", X, JAN_SHORT, "2099-01-01T00:00:00.000000Z");
  await join_(db, "c2", X, JAN_SHORT, "2099-01-02T00:00:00.000000Z");
  // Z: one version stored twice.
  await duplicate(db, Z, JAN, JAN_SHORT, version(2, { modified: JAN }).raw);
  await sql`delete from schema_migrations where version = 8`.execute(db);

  const reopened = await open();
  try {
    assert.deepEqual(
      (await reopened.getVersions(SYSTEM, X)).map((v) => v.raw),
      [first, feb.raw],
    );
    const inCollection = async (collectionId: string) =>
      (await reopened.queryObjects(SYSTEM, { collectionId, versions: ["all"] }, { limit: 10 })).objects.map(
        (o) => `${o.raw === first} ${o.dateAdded.startsWith("2099")}`,
      );
    assert.deepEqual(await inCollection("c1"), ["true false"], "c1 keeps its first membership");
    assert.deepEqual(await inCollection("c2"), ["true true"], "c2 holds the version kept, since it joined");
    assert.equal(await reopened.countObjects(SYSTEM, { ids: [Z], versions: ["last"] }), 1);
    assert.equal(await reopened.countObjects(SYSTEM, { ids: [Z], versions: ["all"] }), 1);
    const flags = await sql<{ only_version: number }>`select only_version from objects where id = ${Z}`.execute(db);
    assert.deepEqual(
      flags.rows.map((r) => Number(r.only_version)),
      [1],
      "Z is its only version again",
    );
    const audit = await sql<{ target: string; detail: string }>`select target, detail from audit_log
      where action = 'objects.merge_versions' order by target`.execute(db);
    assert.deepEqual(
      audit.rows.map((r) => [r.target, JSON.parse(r.detail)]),
      [
        [
          X,
          {
            instant: "2024-01-01T00:00:00.000000Z",
            kept: JAN,
            same: [JAN_SHORT],
            conflicts: [{ versionKey: JAN_OFFSET, raw: '{"other":true}' }],
          },
        ],
        [Z, { instant: "2024-01-01T00:00:00.000000Z", kept: JAN, same: [JAN_SHORT], conflicts: [] }],
      ],
    );
  } finally {
    await reopened.close();
  }
}

describe("migration 8: one version per id and modified instant", () => {
  it("merges an older SQLite store's rows of one instant", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "centinela-merge-"));
    await (await openSqliteStore({ dataDir })).close();
    const db = new KyselyDb<Database>({
      dialect: new SqliteDialect({ database: new BetterSqlite3(join(dataDir, SQLITE_FILE)) }),
    });
    try {
      await migrates(() => openSqliteStore({ dataDir }), db);
    } finally {
      await db.destroy();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("merges an older PostgreSQL store's rows of one instant", async (t) => {
    const schema = await postgresSchema(t);
    if (!schema) return;
    const db = new KyselyDb<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: schema.url, max: 1 }) }),
    });
    try {
      await migrates(() => openPostgresStore({ url: schema.url }), db);
    } finally {
      await db.destroy();
      await schema.drop();
    }
  });
});
