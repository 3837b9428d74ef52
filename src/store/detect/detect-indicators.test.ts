import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import pg from "pg";
import { postgresSchema } from "../../testing/index.js";
import type { Store } from "../contract.js";
import { openStore } from "../index.js";
import { SYSTEM, testId, version, writer } from "../store-fixture.js";

/**
 * detect_indicators against writes that do not come through putObjects (a migration's delete or
 * rewrite, another tool), and its backfill of a store filled before migration 180: on both
 * databases, by SQL on a connection of the test's own.
 */

interface Raw {
  open(): Promise<Store>;
  exec(sql: string): Promise<void>;
  dispose(): Promise<void>;
}

async function sqliteRaw(): Promise<Raw> {
  const dataDir = mkdtempSync(join(tmpdir(), "centinela-detect-"));
  return {
    open: () => openStore({ dataDir }),
    async exec(sql) {
      const db = new BetterSqlite3(join(dataDir, "centinela.db"));
      try {
        db.exec(sql);
      } finally {
        db.close();
      }
    },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

async function postgresRaw(t: TestContext): Promise<Raw | null> {
  const schema = await postgresSchema(t);
  if (schema === null) return null;
  return {
    open: () => openStore({ url: schema.url }),
    async exec(sql) {
      const client = new pg.Client({ connectionString: schema.url });
      await client.connect();
      try {
        await client.query(sql);
      } finally {
        await client.end();
      }
    },
    dispose: () => schema.drop(),
  };
}

const UNDO_180 = {
  sqlite: `drop trigger detect_indicators_insert; drop trigger detect_indicators_delete;
    drop trigger detect_indicators_update; drop table detect_indicators; delete from schema_migrations where version in (180, 181)`,
  postgres: `drop trigger detect_indicators_insert on objects; drop trigger detect_indicators_delete on objects;
    drop trigger detect_indicators_update on objects; drop table detect_indicators;
    drop function detect_indicators_put(); drop function detect_indicators_refresh(text); drop function detect_json(text);
    delete from schema_migrations where version in (180, 181)`,
};

const W = writer("org-a", "user-a");

function indicator(n: number, value: string, month: number) {
  const modified = `2024-0${month}-01T00:00:00.000Z`;
  const id = testId(n);
  const raw = JSON.stringify({
    type: "indicator",
    spec_version: "2.1",
    id,
    modified,
    pattern: `[domain-name:value = '${value}']`,
  });
  return version(n, { modified, raw });
}

/** id → pattern of what the system read gives. */
async function patterns(store: Store): Promise<Record<string, unknown>> {
  const page = await store.queryIndicatorFields(SYSTEM, null, { limit: 100 });
  return Object.fromEntries(page.indicators.map((o) => [o.id, o.pattern]));
}

const p = (value: string) => `[domain-name:value = '${value}']`;

for (const kind of ["sqlite", "postgres"] as const) {
  describe(`detect_indicators (${kind})`, () => {
    it("keeps an indicator whose text holds the escape \\u0000 (PostgreSQL's json operators refuse it)", async (t) => {
      const raw = kind === "sqlite" ? await sqliteRaw() : await postgresRaw(t);
      if (raw === null) return;
      try {
        const store = await raw.open();
        const text = JSON.stringify({
          type: "indicator",
          spec_version: "2.1",
          id: testId(1),
          modified: "2024-01-01T00:00:00.000Z",
          description: "a NUL \u0000 in the middle",
          pattern: p("nul.example"),
        });
        assert.match(text, /\\u0000/);
        await store.putObjects(W, [version(1, { modified: "2024-01-01T00:00:00.000Z", raw: text })]);
        assert.deepEqual(await patterns(store), { [testId(1)]: p("nul.example") });
        const [kept] = await store.getVersions(SYSTEM, testId(1));
        assert.equal(kept?.raw, text);
        await store.close();
      } finally {
        await raw.dispose();
      }
    });

    it("follows deletes and rewrites of objects rows, and is backfilled for a store filled before it", async (t) => {
      const raw = kind === "sqlite" ? await sqliteRaw() : await postgresRaw(t);
      if (raw === null) return;
      try {
        let store = await raw.open();
        await store.putObjects(W, [indicator(1, "a.example", 1), indicator(2, "c.example", 1)]);
        await store.putObjects(W, [indicator(1, "b.example", 2), version(3, { type: "malware" })]);
        assert.deepEqual(await patterns(store), { [testId(1)]: p("b.example"), [testId(2)]: p("c.example") });
        await store.close();

        // The newest version deleted: the id's previous one is current again.
        await raw.exec(`delete from objects where id = '${testId(1)}' and version_key = '2024-02-01T00:00:00.000Z'`);
        await raw.exec(`update objects set raw = replace(raw, 'c.example', 'd.example') where id = '${testId(2)}'`);
        store = await raw.open();
        assert.deepEqual(await patterns(store), { [testId(1)]: p("a.example"), [testId(2)]: p("d.example") });
        await store.close();
        await raw.exec(`delete from objects where id = '${testId(2)}'`);
        store = await raw.open();
        assert.deepEqual(await patterns(store), { [testId(1)]: p("a.example") });
        await store.putObjects(W, [indicator(2, "e.example", 3), indicator(1, "f.example", 3)]);
        await store.close();

        // A store from before migration 180: opening it fills the table, and the triggers work again.
        await raw.exec(UNDO_180[kind]);
        store = await raw.open();
        assert.deepEqual(await patterns(store), { [testId(1)]: p("f.example"), [testId(2)]: p("e.example") });
        await store.putObjects(W, [indicator(1, "g.example", 4), indicator(2, "old.example", 2)]);
        assert.deepEqual(await patterns(store), { [testId(1)]: p("g.example"), [testId(2)]: p("e.example") });
        await store.close();
      } finally {
        await raw.dispose();
      }
    });
  });
}
