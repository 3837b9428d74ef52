import { type InsertQueryBuilder, type InsertResult, type Kysely, sql } from "kysely";
import type { DialectFeatures, Statement } from "../backend.js";
import type { Database } from "../database.js";

/**
 * Bulk statements of the write path, compiled by Kysely once per shape and reused: compiling
 * per row costs more than the insert itself at 1,000-object batches.
 *
 *   SQLite      a one-row INSERT run per row (rowWidth), and IN (?, …) per id count
 *   PostgreSQL  one array parameter per column (unnest, = any): one text for any count, so the
 *               server parses and plans it once per connection
 */

/** Column types, for the PostgreSQL array casts. */
export type ColumnType = "text" | "integer" | "bigint";

/** A table's bulk-insert shape: columns in parameter order, the conflict target, what to return. */
export interface BulkInsertSpec {
  name: string;
  table: keyof Database;
  columns: ReadonlyArray<readonly [column: string, type: ColumnType]>;
  conflict: readonly string[];
  returning?: readonly string[];
}

const cache = new WeakMap<Kysely<Database>, Map<string, string>>();

function cached(
  db: Kysely<Database>,
  key: string,
  make: () => { sql: string; parameters: readonly unknown[] },
): string {
  let byKey = cache.get(db);
  if (!byKey) {
    byKey = new Map();
    cache.set(db, byKey);
  }
  let text = byKey.get(key);
  if (text === undefined) {
    const compiled = make();
    // Compiled with each parameter set to its own index: check the driver will see them in our order.
    compiled.parameters.forEach((value, i) => {
      if (value !== i) throw new Error(`store: unexpected parameter order in compiled ${key}`);
    });
    text = compiled.sql;
    byKey.set(key, text);
  }
  return text;
}

/** INSERT … ON CONFLICT DO NOTHING [RETURNING] of `count` rows whose values are `params`, row-major. */
export function bulkInsert(
  db: Kysely<Database>,
  features: DialectFeatures,
  spec: BulkInsertSpec,
  params: unknown[],
): Statement {
  const width = spec.columns.length;
  const count = params.length / width;
  const names = spec.columns.map(([column]) => column);
  const build = (q: InsertQueryBuilder<Database, keyof Database, InsertResult>) => {
    const done = q.onConflict((oc) => oc.columns(spec.conflict as never).doNothing());
    return spec.returning ? done.returning(spec.returning as never) : done;
  };

  if (features.arrayParameters) {
    const text = cached(db, spec.name, () =>
      build(
        db
          .insertInto(spec.table)
          .columns(names as never)
          .expression(
            sql`select * from unnest(${sql.join(spec.columns.map(([, type], i) => sql`${i}::${sql.raw(type)}[]`))})` as never,
          ),
      ).compile(),
    );
    const columns: unknown[][] = spec.columns.map(() => new Array(count));
    for (let r = 0; r < count; r++) for (let c = 0; c < width; c++) columns[c]![r] = params[r * width + c];
    return { sql: text, parameters: columns, cacheKey: text };
  }
  // SQLite: one prepared one-row statement, run for each row inside the transaction. Measured
  // against multi-row VALUES of 500 rows at 1M rows: 58,000 vs 48,000 rows/s, since binding
  // thousands of arguments in one call costs more than the calls it saves.
  const text = cached(db, `${spec.name}:1`, () => {
    const row: Record<string, number> = {};
    names.forEach((column, i) => {
      row[column] = i;
    });
    return build(db.insertInto(spec.table).values(row as never)).compile();
  });
  return { sql: text, parameters: params, cacheKey: text, rowWidth: width };
}

/** The stored versions (id, version_key, version_sort, raw_sha256, date_added, seq) of the given ids. */
export function versionsOfIds(db: Kysely<Database>, features: DialectFeatures, ids: string[]): Statement {
  const columns = ["id", "version_key", "version_sort", "raw_sha256", "date_added", "seq"] as const;
  if (features.arrayParameters) {
    const text = cached(db, "versionsOfIds", () =>
      db.selectFrom("objects").select(columns).where(sql<boolean>`id = any(${0}::text[])`).compile(),
    );
    return { sql: text, parameters: [ids], cacheKey: text };
  }
  const text = cached(db, `versionsOfIds:${ids.length}`, () =>
    db
      .selectFrom("objects")
      .select(columns)
      // Each placeholder is compiled with its own index as value (checked by cached).
      .where(
        "id",
        "in",
        ids.map((_, i) => sql<string>`${i}`),
      )
      .compile(),
  );
  return { sql: text, parameters: ids, cacheKey: text };
}

/** Marks the stored versions of these ids as no longer the only version of their id. */
export function clearOnlyVersion(db: Kysely<Database>, features: DialectFeatures, ids: string[]): Statement {
  const base = db.updateTable("objects").set({ only_version: 0 });
  if (features.arrayParameters) {
    const text = cached(db, "clearOnlyVersion", () =>
      base.where(sql<boolean>`id = any(${1}::text[])`).where("only_version", "=", 2).compile(),
    );
    // Compiled with placeholders 0 (the new value), 1 (the ids) and 2 (the old value).
    return { sql: text, parameters: [0, ids, 1], cacheKey: text };
  }
  const text = cached(db, `clearOnlyVersion:${ids.length}`, () =>
    base
      .where(
        "id",
        "in",
        ids.map((_, i) => sql<string>`${i + 1}`),
      )
      .where("only_version", "=", ids.length + 1)
      .compile(),
  );
  return { sql: text, parameters: [0, ...ids, 1], cacheKey: text };
}

/** The memberships (collection_id, seq) of the given stored versions. */
export function membershipsOfSeqs(db: Kysely<Database>, features: DialectFeatures, seqs: number[]): Statement {
  return bySeqs(db, features, "collection_objects", ["collection_id", "seq"], seqs);
}

/** The stored texts (seq, raw) of the given versions. */
export function rawsOfSeqs(db: Kysely<Database>, features: DialectFeatures, seqs: number[]): Statement {
  return bySeqs(db, features, "objects", ["seq", "raw"], seqs);
}

function bySeqs(
  db: Kysely<Database>,
  features: DialectFeatures,
  table: "collection_objects" | "objects",
  columns: readonly string[],
  seqs: number[],
): Statement {
  const name = `${table}.bySeqs`;
  const select = () => db.selectFrom(table).select(columns as never);
  if (features.arrayParameters) {
    const text = cached(db, name, () => select().where(sql<boolean>`seq = any(${0}::bigint[])`).compile());
    return { sql: text, parameters: [seqs], cacheKey: text };
  }
  const text = cached(db, `${name}:${seqs.length}`, () =>
    select()
      .where(
        "seq",
        "in",
        seqs.map((_, i) => i),
      )
      .compile(),
  );
  return { sql: text, parameters: seqs, cacheKey: text };
}
