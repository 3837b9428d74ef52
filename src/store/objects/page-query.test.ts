import assert from "node:assert/strict";
import { describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import fc from "fast-check";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import type { AccessContext, ObjectFilter } from "./contract.js";
import { encodeCursor } from "./cursor.js";
import { createPageCompiler, pageQuery } from "./page-query.js";
import { MAX_FILTER_VALUES } from "./read-predicates.js";

/**
 * The prebuilt page queries must be exactly what the query builder makes for the same request,
 * whatever request of the same shape came before: a value left in a cached template would leak
 * one reader's filter, organization or cursor into another's page. Compiling needs no server.
 */

const sqlite = new Kysely<Database>({ dialect: new SqliteDialect({ database: new BetterSqlite3(":memory:") }) });
// A pool connects only when a query runs; these tests only compile.
const postgres = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ max: 1 }) }) });

const hex = fc.integer({ min: 0, max: 2 ** 40 }).map((n) => n.toString(16).padStart(12, "0"));
const stixId = hex.map((h) => `indicator--00000000-0000-4000-8000-${h}`);
const stamp = fc
  .date({ min: new Date("2000-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => d.toISOString());
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const context: fc.Arbitrary<AccessContext> = fc.oneof(
  fc.constant<AccessContext>({ kind: "system", orgId: null, userId: null }),
  fc.constant<AccessContext>({ kind: "anonymous", orgId: null, userId: null }),
  fc.record({
    kind: fc.constant("member" as const),
    orgId: fc.oneof(
      fc.constant(null),
      hex.map((h) => `org-${h}`),
    ),
    userId: fc.oneof(
      fc.constant(null),
      hex.map((h) => `user-${h}`),
    ),
  }),
);

const filter: fc.Arbitrary<ObjectFilter> = fc.record(
  {
    ids: optional(fc.array(stixId, { minLength: 1, maxLength: 3 })),
    types: optional(fc.array(fc.constantFrom("indicator", "malware", "ipv4-addr"), { minLength: 1, maxLength: 3 })),
    versions: optional(
      fc.array(fc.oneof(fc.constantFrom("first", "last", "all"), stamp), { minLength: 1, maxLength: 3 }),
    ),
    specVersions: optional(fc.array(fc.constantFrom("2.0", "2.1"), { minLength: 1, maxLength: 2 })),
    addedAfter: optional(stamp),
    collectionId: optional(fc.constantFrom("col-1", "col-2", "")),
  },
  { requiredKeys: [] },
);

const cursor = fc.option(
  fc
    .tuple(stamp, fc.nat({ max: 2 ** 40 }))
    .map(([t, seq]) => encodeCursor({ dateAdded: `${t.slice(0, 23)}000Z`, seq })),
  { nil: null },
);

describe("prebuilt page queries", () => {
  for (const [name, db] of [
    ["sqlite", sqlite],
    ["postgres", postgres],
  ] as const) {
    it(`compile to the builder's SQL and parameters, request after request (${name})`, () => {
      const compile = createPageCompiler(db, "amber");
      fc.assert(
        fc.property(
          fc.array(fc.tuple(context, filter, fc.integer({ min: 1, max: 1000 }), cursor), {
            minLength: 1,
            maxLength: 6,
          }),
          (requests) => {
            for (const [ctx, f, limit, after] of requests) {
              const expected = pageQuery(db, ctx, f, "amber", limit, after).compile();
              const got = compile(ctx, f, limit, after);
              assert.equal(got.sql, expected.sql);
              assert.deepEqual(got.parameters, expected.parameters);
            }
          },
        ),
        { numRuns: 300 },
      );
    });
  }

  it("keep one template per shape and fill it with each request's values", () => {
    const compile = createPageCompiler(sqlite, "amber");
    const a = compile({ kind: "member", orgId: "org-a", userId: "user-a" }, { collectionId: "col-1" }, 100, null);
    const b = compile({ kind: "member", orgId: "org-b", userId: "user-b" }, { collectionId: "col-2" }, 100, null);
    assert.equal(a.sql, b.sql);
    assert.ok(a.parameters.includes("org-a") && a.parameters.includes("col-1"));
    assert.ok(b.parameters.includes("org-b") && b.parameters.includes("col-2"));
    assert.ok(!b.parameters.includes("org-a") && !b.parameters.includes("col-1"));
  });

  it("write the row count into the SQL (SQLite runs a bound LIMIT far slower), one template per count", () => {
    const compile = createPageCompiler(sqlite, "amber");
    const ctx: AccessContext = { kind: "member", orgId: "org-a", userId: "user-a" };
    const a = compile(ctx, { collectionId: "col-1" }, 100, null);
    const b = compile(ctx, { collectionId: "col-1" }, 5, null);
    assert.match(a.sql, / limit 101$/);
    assert.match(b.sql, / limit 6$/);
    assert.ok(!a.parameters.includes(101) && !b.parameters.includes(6));
    assert.throws(() => compile(ctx, {}, 1.5, null), /not a positive integer/);
  });

  it("refuse bad cursors and filters with the store's codes, before any SQL", () => {
    const compile = createPageCompiler(sqlite, "amber");
    const ctx: AccessContext = { kind: "member", orgId: "org-a", userId: "user-a" };
    const code = (c: string) => (error: unknown) => error instanceof StoreError && error.code === c;
    assert.throws(() => compile(ctx, {}, 10, "not a cursor!"), code("STORE_BAD_CURSOR"));
    assert.throws(
      () => compile(ctx, {}, 10, encodeCursor({ dateAdded: "yesterday", seq: 1 })),
      code("STORE_BAD_CURSOR"),
    );
    assert.throws(() => compile(ctx, { addedAfter: "2024-13-45" }, 10, null), code("STORE_BAD_FILTER"));
    assert.throws(() => compile(ctx, { versions: ["newest"] }, 10, null), code("STORE_BAD_FILTER"));
    const many = Array.from({ length: MAX_FILTER_VALUES + 1 }, (_, i) => `indicator--${i}`);
    assert.throws(() => compile(ctx, { ids: many }, 10, null), code("STORE_BAD_FILTER"));
    // A hostile value is a parameter, never SQL text.
    const hostile = "x') or 1=1 --";
    const page = compile(ctx, { collectionId: hostile, types: [hostile] }, 10, null);
    assert.ok(!page.sql.includes(hostile));
    assert.equal(page.parameters.filter((p) => p === hostile).length, 3);
  });
});
