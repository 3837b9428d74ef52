import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Database } from "../database.js";
import { byIdQueries } from "../objects/by-id-plans.fixture.js";
import type { AccessContext, ObjectFilter } from "../objects/contract.js";
import { encodeCursor } from "../objects/cursor.js";
import { indicatorFieldsQuery } from "../objects/indicator-fields.js";
import { pageQuery } from "../objects/page-query.js";
import { member, SYSTEM, version, writer } from "../store-fixture.js";
import { openSqliteStore, SQLITE_FILE } from "./sqlite-store.js";

/**
 * Page 10,000 must cost what page 1 costs: every page query seeks an index from the cursor and
 * reads rows in index order (no sort of all matching rows, no OFFSET).
 */
describe("sqlite page query plans", () => {
  it("seek an index in keyset order for store-wide and collection reads, with and without types", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "centinela-plan-"));
    const store = await openSqliteStore({ dataDir });
    const conn = new BetterSqlite3(join(dataDir, SQLITE_FILE), { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
    try {
      // Malware is rare (1 in 30), so an index on type is the plan a planner should pick for it.
      const types = ["indicator", "ipv4-addr"];
      const batch = Array.from({ length: 3000 }, (_, i) =>
        version(i, { type: i % 30 === 0 ? "malware" : types[i % 2], collectionId: i % 2 ? "col-1" : "col-2" }),
      );
      await store.putObjects(writer("org-a", "user-a"), batch);
      const after = encodeCursor({ dateAdded: "2020-01-01T00:00:00.000000Z", seq: 1500 });
      const plan = (ctx: AccessContext, filter: ObjectFilter) => {
        const { sql, parameters } = pageQuery(db, ctx, filter, "amber", 100, after).compile();
        return (conn.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as { detail: string }[])
          .map((row) => row.detail)
          .join("\n");
      };
      const cases: Array<[ObjectFilter, RegExp]> = [
        [{}, /SEARCH o USING INDEX objects_added \(\(?date_added/],
        [{ types: ["malware"] }, /SEARCH o USING INDEX objects_type_added \(type=\? AND \(?date_added/],
        [
          { collectionId: "col-1" },
          /SEARCH m USING (COVERING )?INDEX sqlite_autoindex_collection_objects_1 \(collection_id=\? AND \(?date_added/,
        ],
        [
          { collectionId: "col-1", types: ["malware"] },
          /SEARCH m USING (COVERING )?INDEX collection_objects_type_added \(collection_id=\? AND type=\? AND \(?date_added/,
        ],
      ];
      for (const ctx of [SYSTEM, member("org-b", "user-b")]) {
        for (const [filter, expected] of cases) {
          const text = plan(ctx, filter);
          if (process.env.SHOW_PLANS) console.log(ctx.kind, JSON.stringify(filter), "\n" + text);
          assert.match(text, expected, `${ctx.kind} ${JSON.stringify(filter)}:\n${text}`);
          assert.doesNotMatch(
            text,
            /TEMP B-TREE FOR ORDER BY/,
            `${ctx.kind} ${JSON.stringify(filter)} sorts:\n${text}`,
          );
          assert.doesNotMatch(text, /SCAN o\b/, `${ctx.kind} ${JSON.stringify(filter)} scans objects:\n${text}`);
        }
      }
    } finally {
      await db.destroy();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("the detection index's read seeks the type index from its cursor, without a sort", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "centinela-plan-"));
    const store = await openSqliteStore({ dataDir });
    const conn = new BetterSqlite3(join(dataDir, SQLITE_FILE), { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
    try {
      const types = ["indicator", "ipv4-addr", "malware"];
      await store.putObjects(
        writer("org-a", "user-a"),
        Array.from({ length: 3000 }, (_, i) => version(i, { type: types[i % 3] })),
      );
      const after = encodeCursor({ dateAdded: "2020-01-01T00:00:00.000000Z", seq: 1500 });
      // The system reader walks detect_indicators by its key; any other reader the objects' type index.
      const readers = [
        [SYSTEM, /SEARCH d USING PRIMARY KEY \(\(?date_added/],
        [member("org-a", "user-a"), /SEARCH o USING INDEX objects_type_added \(type=\? AND \(?date_added/],
      ] as const;
      for (const [reader, expected] of readers)
        for (const addedAfter of [null, "2020-01-01T00:00:00.000000Z"]) {
          const { sql, parameters } = indicatorFieldsQuery(
            "sqlite",
            reader,
            "amber",
            addedAfter,
            50_001,
            after,
          ).compile(db);
          const text = (
            conn.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]
          )
            .map((row) => row.detail)
            .join("\n");
          if (process.env.SHOW_PLANS) console.log("indicator fields", addedAfter, `\n${text}`);
          assert.match(text, expected, text);
          assert.doesNotMatch(text, /TEMP B-TREE FOR ORDER BY/, text);
          assert.doesNotMatch(text, /SCAN (o|d)\b/, text);
        }
    } finally {
      await db.destroy();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("seek the id index for reads by id (objects/{id}/, versions/, match[id]), never walking the collection", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "centinela-plan-"));
    const store = await openSqliteStore({ dataDir });
    const conn = new BetterSqlite3(join(dataDir, SQLITE_FILE), { readonly: true });
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: conn }) });
    try {
      for (const { label, scoped, compiled } of await byIdQueries(store, db)) {
        const lines = (
          conn.prepare(`explain query plan ${compiled.sql}`).all(...(compiled.parameters as unknown[])) as {
            detail: string;
          }[]
        ).map((row) => row.detail);
        const text = lines.join("\n");
        if (process.env.SHOW_PLANS) console.log(label, `\n${text}`);
        const why = `${label}:\n${text}`;
        // The outer loop is the id index: the rows read are the listed ids' versions, whatever the
        // collection holds. What is sorted after (USE TEMP B-TREE) is those versions only.
        assert.match(lines[0]!, /^SEARCH o USING (COVERING )?INDEX \w+ \(id=\?\)$/, why);
        assert.doesNotMatch(text, /\bSCAN\b/, why);
        // A membership is looked up by version, never walked by collection alone.
        assert.doesNotMatch(text, /\(collection_id=\?\)/, why);
        if (scoped) assert.match(text, /SEARCH m USING (COVERING )?INDEX \w+ \(collection_id=\? AND seq=\?\)/, why);
      }
    } finally {
      await db.destroy();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
