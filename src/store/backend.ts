import type { ColumnDefinitionBuilder, Compilable, Kysely } from "kysely";
import type { Database } from "./database.js";

/**
 * What a database adapter gives the shared store: a Kysely instance for reads, a way to run a
 * write plan inside one transaction, and the few capabilities where the dialects differ.
 *
 * A write plan is a generator that yields compiled statements and receives their rows, so the
 * same plan runs synchronously on SQLite (no await inside a transaction: another connection of
 * this process could otherwise wait on the lock while blocking the event loop) and
 * asynchronously on PostgreSQL.
 */

/**
 * A compiled statement ready for the driver. `cacheKey` marks statements worth preparing once.
 * `rowWidth` marks a one-row statement run once per `rowWidth` parameters, the rows returned
 * concatenated: how SQLite takes bulk inserts fastest (see bulk.ts).
 */
export interface Statement {
  sql: string;
  parameters: readonly unknown[];
  cacheKey?: string;
  rowWidth?: number;
}

/** A result row as the driver returns it. */
export type Row = Record<string, unknown>;

/** A write plan: yields statements, receives their rows, returns its result. */
export type WritePlan<T> = Generator<Statement, T, Row[]>;

/** Where the dialects differ, each adapter says so here. */
export interface DialectFeatures {
  /** PostgreSQL needs `FOR UPDATE` on the clock row to serialize writers; SQLite has BEGIN IMMEDIATE. */
  lockClockForUpdate: boolean;
  /** Statement that serializes migrations across processes, or null when the transaction already does. */
  migrationLock: Statement | null;
  /** Declares the `seq` column: INTEGER PRIMARY KEY (rowid) in SQLite, identity in PostgreSQL. */
  seqColumn: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /** Type of the `seq` and clock columns. */
  bigintType: "integer" | "bigint";
  /** PostgreSQL takes arrays as parameters (unnest, = any): one statement text for any row count. */
  arrayParameters: boolean;
  /** Most bound parameters one statement may carry. */
  maxParameters: number;
  /**
   * Declares a text column that compares byte by byte, so a prefix is a range of its index:
   * SQLite's default (BINARY); PostgreSQL `collate "C"`, whatever the database's collation.
   */
  binaryText: (column: ColumnDefinitionBuilder) => ColumnDefinitionBuilder;
  /**
   * Which trigger syntax the database speaks (detect/migrations.ts keeps a table in step with
   * objects by triggers): SQLite's CREATE TRIGGER … BEGIN … END, PostgreSQL's plpgsql functions.
   */
  triggers: "sqlite" | "postgres";
}

/** A database adapter for the shared store. */
export interface Backend {
  readonly kind: "sqlite" | "postgres";
  /** Reads go through this; it is also the compiler for write plans. */
  readonly db: Kysely<Database>;
  readonly features: DialectFeatures;
  /** Runs the plan in one transaction: all of it commits, or nothing does. */
  runWrite<T>(plan: () => WritePlan<T>): Promise<T>;
  close(): Promise<void>;
}

/** Compiles a Kysely query into a Statement. */
export function statement(query: Compilable): Statement {
  const compiled = query.compile();
  return { sql: compiled.sql, parameters: compiled.parameters };
}
