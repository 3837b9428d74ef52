import type { Kysely } from "kysely";
import type { DialectFeatures, Statement, WritePlan } from "./backend.js";
import type { Database } from "./database.js";

/**
 * What an area gives the migration runner (migrate.ts): its migrations, each numbered inside
 * the block of versions the area owns, so that areas written at the same time never pick the
 * same number. The runner applies every area's pending migrations in version order.
 */

/**
 * One schema migration: its version, a name, and the statements that apply it, or a plan when a
 * step needs what an earlier one read (data rewritten by code, not by SQL alone).
 */
export interface Migration {
  version: number;
  name: string;
  statements: (db: Kysely<Database>, features: DialectFeatures) => Statement[] | WritePlan<void>;
}

/** An area's migrations and the block of versions it owns (both ends included). */
export interface AreaMigrations {
  area: string;
  /** Versions of this area from now on: `[first, last]`. */
  block: readonly [number, number];
  /** Versions given before blocks existed (the first six); they keep their numbers. */
  legacy?: readonly number[];
  /** Oldest first. Append only: never edit one that has shipped. */
  migrations: readonly Migration[];
}
