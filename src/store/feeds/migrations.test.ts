import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { postgresSchema } from "../../testing/index.js";
import { openStore, type Store } from "../index.js";

/**
 * Migration 140 on a store a release before it made: the TAXII-shaped feed rows become
 * `{kind, config, cursor}` rows with their resume point, credential and health, on both databases.
 */

/** The feed table of migration 2, as releases before 140 had it. */
const OLD_TABLE = `create table feeds (id text primary key, kind text not null, url text not null,
  collection text not null, local_collection text, username text, secret text, added_after text,
  next text, last_sync text, last_error text)`;
const OLD_ROWS = `insert into feeds values
  ('hub', 'taxii', 'https://hub.example/taxii2/main/', 'c1', 'mirror', 'ana', 'enc1:aa:bb', '2026-01-02T03:04:05.000Z', 'n-123', '2026-01-02T03:05:00.000Z', null),
  ('fresh', 'taxii', 'http://x/api/', 'c2', null, null, null, null, null, null, 'HTTP 503')`;

async function expectCarriedOver(store: Store): Promise<void> {
  const [fresh, hub] = await store.directory.listFeeds();
  assert.deepEqual(hub, {
    id: "hub",
    kind: "taxii",
    config: { url: "https://hub.example/taxii2/main/", collection: "c1", localCollection: "mirror", username: "ana" },
    secret: "enc1:aa:bb",
    cursor: JSON.stringify({ addedAfter: "2026-01-02T03:04:05.000Z", next: "n-123" }),
    everySeconds: null,
    lastSync: "2026-01-02T03:05:00.000Z",
    lastError: null,
    failures: 0,
    nextRun: null,
  });
  assert.deepEqual(
    [fresh?.id, fresh?.cursor, fresh?.lastError, fresh?.config.username],
    ["fresh", null, "HTTP 503", null],
  );
}

describe("migration 140: one feed row for every kind", () => {
  it("carries TAXII rows over on SQLite", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-m140-"));
    try {
      (await openStore({ dataDir: dir })).close();
      const db = new BetterSqlite3(join(dir, "centinela.db"));
      db.exec(`drop table feeds; ${OLD_TABLE}; ${OLD_ROWS}; delete from schema_migrations where version = 140`);
      db.close();
      const store = await openStore({ dataDir: dir });
      try {
        await expectCarriedOver(store);
      } finally {
        await store.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("carries TAXII rows over on PostgreSQL", async (t) => {
    const schema = await postgresSchema(t);
    if (!schema) return;
    try {
      await (await openStore({ url: schema.url })).close();
      const old = new pg.Client({ connectionString: schema.url });
      await old.connect();
      await old.query(`drop table feeds; ${OLD_TABLE}; ${OLD_ROWS}; delete from schema_migrations where version = 140`);
      await old.end();
      const store = await openStore({ url: schema.url });
      try {
        await expectCarriedOver(store);
      } finally {
        await store.close();
      }
    } finally {
      await schema.drop();
    }
  });
});
