import type { Kysely } from "kysely";
import { ALERTS_MIGRATIONS } from "./alerts/migrations.js";
import { type DialectFeatures, statement, type WritePlan } from "./backend.js";
import type { StoreReadiness } from "./contract.js";
import type { Database } from "./database.js";
import { DETECT_MIGRATIONS } from "./detect/migrations.js";
import { DIRECTORY_MIGRATIONS } from "./directory/migrations.js";
import { FEEDS_MIGRATIONS } from "./feeds/migrations.js";
import { INCIDENTS_MIGRATIONS } from "./incidents/migrations.js";
import { INVENTORY_MIGRATIONS } from "./inventory/migrations.js";
import { LISTS_MIGRATIONS } from "./lists/migrations.js";
import type { AreaMigrations, Migration } from "./migration.js";
import { OBJECTS_MIGRATIONS } from "./objects/migrations.js";
import { OUTBOX_MIGRATIONS } from "./outbox/migrations.js";
import { SIGHTINGS_MIGRATIONS } from "./sightings/migrations.js";

/**
 * The schema, as every area's versioned migrations applied at open in one transaction. Two
 * processes opening the same store at once are serialized (SQLite: BEGIN IMMEDIATE;
 * PostgreSQL: an advisory lock), so each migration runs exactly once. A migration is applied
 * when its version is not in `schema_migrations`, whatever the highest applied one is, so an
 * area's new migration reaches stores that already have a later block's.
 */

/** Every area's migrations; a new area adds its list here. */
export const AREAS: readonly AreaMigrations[] = [
  OBJECTS_MIGRATIONS,
  DIRECTORY_MIGRATIONS,
  INVENTORY_MIGRATIONS,
  INCIDENTS_MIGRATIONS,
  LISTS_MIGRATIONS,
  SIGHTINGS_MIGRATIONS,
  ALERTS_MIGRATIONS,
  FEEDS_MIGRATIONS,
  OUTBOX_MIGRATIONS,
  DETECT_MIGRATIONS,
];

/**
 * Every migration in version order, after checking that each area numbers inside its own block
 * (or is one of its legacy versions) and that no two blocks overlap: a mistake here is a
 * programming error, thrown at the first open and by migrate.test.ts.
 */
export function orderedMigrations(areas: readonly AreaMigrations[]): Migration[] {
  const blocks = [...areas].sort((a, b) => a.block[0] - b.block[0]);
  for (let i = 1; i < blocks.length; i++) {
    const [before, after] = [blocks[i - 1] as AreaMigrations, blocks[i] as AreaMigrations];
    if (after.block[0] <= before.block[1]) {
      throw new Error(`store areas "${before.area}" and "${after.area}" have overlapping migration blocks`);
    }
  }
  const seen = new Map<number, string>();
  for (const area of areas) {
    for (const m of area.migrations) {
      const inBlock = m.version >= area.block[0] && m.version <= area.block[1];
      if (!inBlock && !area.legacy?.includes(m.version)) {
        throw new Error(
          `migration ${m.version} of store area "${area.area}" is outside its block ${area.block[0]}–${area.block[1]}`,
        );
      }
      const other = seen.get(m.version);
      if (other) throw new Error(`migration ${m.version} is claimed by store areas "${other}" and "${area.area}"`);
      seen.set(m.version, area.area);
    }
  }
  return areas.flatMap((area) => area.migrations).sort((a, b) => a.version - b.version);
}

const MIGRATIONS = orderedMigrations(AREAS);

/** The write plan that brings a store's schema up to date; returns the versions it applied. */
export function* migrationPlan(db: Kysely<Database>, features: DialectFeatures): WritePlan<number[]> {
  if (features.migrationLock) yield features.migrationLock;
  yield statement(
    db.schema
      .createTable("schema_migrations")
      .ifNotExists()
      .addColumn("version", "integer", (c) => c.primaryKey())
      .addColumn("name", "text", (c) => c.notNull())
      .addColumn("applied_at", "text", (c) => c.notNull()),
  );
  const rows = yield statement(db.selectFrom("schema_migrations").select("version"));
  const done = new Set(rows.map((row) => Number(row.version)));
  const applied: number[] = [];
  for (const migration of MIGRATIONS) {
    if (done.has(migration.version)) continue;
    const steps = migration.statements(db, features);
    if (Array.isArray(steps)) for (const step of steps) yield step;
    else yield* steps;
    yield statement(
      db
        .insertInto("schema_migrations")
        .values({ version: migration.version, name: migration.name, applied_at: new Date().toISOString() }),
    );
    applied.push(migration.version);
  }
  return applied;
}

/** How long a readiness check waits for the database before calling it unreachable. */
const READINESS_TIMEOUT_MS = 3000;

/**
 * The store's readiness: the database answers within READINESS_TIMEOUT_MS and `schema_migrations`
 * holds every version this release knows. Versions it does not know (a newer release migrated the
 * database) are reported but do not make it unready: migrations only add.
 */
export async function migrationReadiness(db: Kysely<Database>): Promise<StoreReadiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS / 1000} s`)),
      READINESS_TIMEOUT_MS,
    );
  });
  try {
    const rows = await Promise.race([db.selectFrom("schema_migrations").select("version").execute(), timeout]);
    const done = new Set(rows.map((row) => Number(row.version)));
    const known = new Set(MIGRATIONS.map((m) => m.version));
    const pending = MIGRATIONS.filter((m) => !done.has(m.version)).map((m) => m.version);
    if (pending.length > 0) {
      return {
        ready: false,
        pending,
        reason: `the database lacks migrations ${pending.join(", ")}; restart the server (it applies them at start)`,
      };
    }
    return { ready: true, migrations: done.size, newer: [...done].filter((v) => !known.has(v)).sort((a, b) => a - b) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ready: false, reason: `the database cannot be reached: ${message}; check that it is running` };
  } finally {
    clearTimeout(timer);
  }
}
