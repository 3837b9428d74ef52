import { createHash } from "node:crypto";
import { Kysely, PostgresDialect, sql } from "kysely";
import pg from "pg";
import type { Backend, DialectFeatures, Row, Statement, WritePlan } from "../backend.js";
import type { Store } from "../contract.js";
import { createSharedStore, type StoreOptions } from "../create-store.js";
import type { Database } from "../database.js";
import { causeMessage, StoreError } from "../errors.js";

/**
 * The PostgreSQL store: a pg Pool shared by Kysely (reads) and the write path, which takes one
 * pooled client per putObjects call and runs the plan between BEGIN and COMMIT. Writers are
 * serialized on the clock row (SELECT … FOR UPDATE), so date_added and seq follow commit order
 * and a keyset reader never sees a row appear behind its cursor.
 */

/** Advisory lock key that serializes migrations across processes ("centinela" in a bigint). */
const MIGRATION_LOCK_KEY = 7_283_151_001;

const FEATURES: DialectFeatures = {
  lockClockForUpdate: true,
  migrationLock: { sql: "select pg_advisory_xact_lock($1)", parameters: [MIGRATION_LOCK_KEY] },
  seqColumn: (c) => c.generatedByDefaultAsIdentity().primaryKey(),
  arrayParameters: true,
  bigintType: "bigint",
  maxParameters: 65_535,
  binaryText: (c) => c.modifyFront(sql`collate "C"`),
  triggers: "postgres",
};

/** Options of the PostgreSQL store. */
export interface PostgresStoreOptions extends StoreOptions {
  /** postgres:// URL; `?options=-c search_path=…` selects a schema. */
  url: string;
  /** Most pooled connections; default 10. */
  maxConnections?: number;
}

/** The URL without its password, for messages. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || "5432"}${u.pathname}`;
  } catch {
    return "the configured URL";
  }
}

/** Opens (migrating if needed) the PostgreSQL store at `url`. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const pool = new pg.Pool({ connectionString: options.url, max: options.maxConnections ?? 10 });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it and the next query reports any lasting failure.
  });
  try {
    const client = await pool.connect();
    client.release();
  } catch (cause) {
    await pool.end();
    throw new StoreError(
      "STORE_UNAVAILABLE",
      `cannot connect to PostgreSQL at ${describe(options.url)}: ${causeMessage(cause)}; start it or set CENTINELA_DB`,
      { cause },
    );
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });

  const backend: Backend = {
    kind: "postgres",
    db,
    features: FEATURES,
    async runWrite<T>(plan: () => WritePlan<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const steps = plan();
        let step = steps.next();
        while (!step.done) step = steps.next(await run(client, step.value));
        await client.query("COMMIT");
        return step.value;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async close() {
      await db.destroy();
      // Kysely ends the pool only if it ever ran a query; a write-only store must still end it.
      if (!pool.ended) await pool.end();
    },
  };
  try {
    return await createSharedStore(backend, options);
  } catch (error) {
    await backend.close();
    throw error;
  }
}

/** Runs one statement; cached statements are named so PostgreSQL parses and plans them once per connection. */
async function run(client: pg.PoolClient, statement: Statement): Promise<Row[]> {
  const values = statement.parameters as unknown[];
  if (statement.cacheKey) {
    const name = `c${createHash("sha1").update(statement.cacheKey).digest("hex").slice(0, 20)}`;
    return (await client.query({ name, text: statement.sql, values })).rows;
  }
  return (await client.query(statement.sql, values)).rows;
}
