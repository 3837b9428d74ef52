import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CompiledQuery, Kysely, PostgresDialect } from "kysely";
import pg from "pg";
import { postgresSchema } from "../../testing/index.js";
import type { Database } from "../database.js";
import { byIdQueries } from "../objects/by-id-plans.fixture.js";
import type { AccessContext, ObjectFilter } from "../objects/contract.js";
import { encodeCursor } from "../objects/cursor.js";
import { indicatorFieldsQuery } from "../objects/indicator-fields.js";
import { pageQuery } from "../objects/page-query.js";
import { member, SYSTEM, version, writer } from "../store-fixture.js";
import { openPostgresStore } from "./postgres-store.js";

/**
 * Page 10,000 must cost what page 1 costs. With sorting and sequential scans priced out, every
 * page query must still be an index scan in keyset order under a Limit: proof that an index
 * serves the order (on a small table PostgreSQL would otherwise rightly pick a scan and a sort).
 */
describe("postgres page query plans", () => {
  it("seek an index in keyset order for store-wide and collection reads, with and without types", async (t) => {
    const schema = await postgresSchema(t);
    if (!schema) return;
    const url = schema.url;
    const store = await openPostgresStore({ url });
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      // Malware is rare (1 in 30), so an index on type is the plan a planner should pick for it.
      const types = ["indicator", "ipv4-addr"];
      await store.putObjects(
        writer("org-a", "user-a"),
        Array.from({ length: 3000 }, (_, i) =>
          version(i, { type: i % 30 === 0 ? "malware" : types[i % 2], collectionId: i % 2 ? "col-1" : "col-2" }),
        ),
      );
      const client = await pool.connect();
      await client.query("analyze; set enable_seqscan = off; set enable_sort = off");
      const after = encodeCursor({ dateAdded: "2020-01-01T00:00:00.000000Z", seq: 1500 });
      const cases: Array<[ObjectFilter, RegExp]> = [
        [{}, /Index Scan using objects_added on objects o/],
        [{ types: ["malware"] }, /Index Scan using objects_type_added on objects o/],
        [{ collectionId: "col-1" }, /Index (Only )?Scan using collection_objects_pk on collection_objects m/],
        [
          { collectionId: "col-1", types: ["malware"] },
          /Index (Only )?Scan using collection_objects_type_added on collection_objects m/,
        ],
      ];
      try {
        for (const ctx of [SYSTEM, member("org-b", "user-b")] as AccessContext[]) {
          for (const [filter, expected] of cases) {
            const { sql, parameters } = pageQuery(db, ctx, filter, "amber", 100, after).compile();
            const rows = (await client.query(`explain ${sql}`, parameters as unknown[])).rows as {
              "QUERY PLAN": string;
            }[];
            const text = rows.map((r) => r["QUERY PLAN"]).join("\n");
            const label = `${ctx.kind} ${JSON.stringify(filter)}:\n${text}`;
            assert.match(rows[0]!["QUERY PLAN"], /^Limit/, label);
            assert.match(text, expected, label);
            assert.doesNotMatch(text, /\bSort\b/, label);
          }
        }
        // The detection index's read (queryIndicatorFields): the system reader detect_indicators'
        // (date_added, seq) index from the cursor, any other reader the objects' type index.
        const readers = [
          [SYSTEM, /Index Scan using detect_indicators_added on detect_indicators d/],
          [member("org-a", "user-a"), /Index Scan using objects_type_added on objects o/],
        ] as const;
        for (const [reader, expected] of readers)
          for (const addedAfter of [null, "2020-01-01T00:00:00.000000Z"]) {
            const { sql, parameters } = indicatorFieldsQuery(
              "postgres",
              reader,
              "amber",
              addedAfter,
              50_001,
              after,
            ).compile(db);
            const rows = (await client.query(`explain ${sql}`, parameters as unknown[])).rows as {
              "QUERY PLAN": string;
            }[];
            const text = rows.map((r) => r["QUERY PLAN"]).join("\n");
            assert.match(rows[0]!["QUERY PLAN"], /^Limit/, text);
            assert.match(text, expected, text);
            assert.doesNotMatch(text, /\bSort\b/, text);
          }
      } finally {
        client.release();
      }
    } finally {
      await db.destroy();
      await store.close();
      await schema.drop();
    }
  });

  it("seek the id index for reads by id (objects/{id}/, versions/, match[id]), never walking the collection", async (t) => {
    const schema = await postgresSchema(t);
    if (!schema) return;
    const store = await openPostgresStore({ url: schema.url });
    const pool = new pg.Pool({ connectionString: schema.url, max: 1 });
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    try {
      const queries = await byIdQueries(store, db);
      // Planned with the statistics alone: no method is priced out, so each plan is the planner's own pick.
      await db.executeQuery(CompiledQuery.raw("analyze"));
      for (const { label, compiled } of queries) {
        const { rows } = await db.executeQuery<{ "QUERY PLAN": string }>(
          CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]),
        );
        const text = rows.map((row) => row["QUERY PLAN"]).join("\n");
        if (process.env.SHOW_PLANS) console.log(label, `\n${text}`);
        const why = `${label}:\n${text}`;
        // The listed ids' versions are found through the id index, whatever the collection holds.
        assert.match(text, /(Bitmap Index Scan on|Index (Only )?Scan using) objects_id_version_key\b/, why);
        assert.doesNotMatch(text, /Seq Scan on (objects|collection_objects)\b/, why);
        // A membership is looked up by version, never walked in page order by collection alone.
        assert.doesNotMatch(text, /using collection_objects_(pk|type_added) on collection_objects m\b/, why);
      }
    } finally {
      await db.destroy();
      await store.close();
      await schema.drop();
    }
  });
});
