import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Backend, DialectFeatures, Row, Statement, WritePlan } from "../backend.js";
import { causeMessage, StoreError } from "../errors.js";
import type { Database } from "../schema.js";
import { createSharedStore, type StoreOptions } from "../shared-store.js";
import type { Store } from "../store.js";

/**
 * The embedded store: one SQLite file `<dataDir>/centinela.db` in WAL mode. Reads use their own
 * connection (through Kysely), so they see only committed data; writes run on a second
 * connection, synchronously from BEGIN IMMEDIATE to COMMIT, with prepared statements cached.
 */

/** File name of the database inside the data directory. */
export const SQLITE_FILE = "centinela.db";

/** How long a writer waits for another process's write lock, in milliseconds. */
const BUSY_TIMEOUT_MS = 10_000;

const FEATURES: DialectFeatures = {
  lockClockForUpdate: false,
  migrationLock: null,
  seqColumn: (c) => c.primaryKey(),
  arrayParameters: false,
  bigintType: "integer",
  // SQLite's default limit is 32766 variables.
  maxParameters: 32_000,
};

function connect(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
  db.pragma("cache_size = -65536");
  // Checkpoint every ~40 MB of WAL instead of ~4 MB: fewer fsyncs of the main file under bulk import.
  db.pragma("wal_autocheckpoint = 10000");
  return db;
}

/** Options of the SQLite store. */
export interface SqliteStoreOptions extends StoreOptions {
  /** Folder of the database file; created if missing. Default `./data`. */
  dataDir?: string;
}

/** Opens (creating and migrating if needed) the SQLite store in `dataDir`. */
export async function openSqliteStore(options: SqliteStoreOptions = {}): Promise<Store> {
  const dir = resolve(options.dataDir ?? "./data");
  const path = join(dir, SQLITE_FILE);
  let writer: BetterSqlite3.Database;
  let reader: BetterSqlite3.Database;
  try {
    mkdirSync(dir, { recursive: true });
    writer = connect(path);
    reader = connect(path);
  } catch (cause) {
    throw new StoreError(
      "STORE_UNAVAILABLE",
      `cannot open the SQLite store at ${path}: ${causeMessage(cause)}; check the folder is writable or choose another data directory`,
      { cause },
    );
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: reader }) });
  const prepared = new Map<string, BetterSqlite3.Statement>();

  const execute = (statement: Statement): Row[] => {
    let stmt = statement.cacheKey ? prepared.get(statement.cacheKey) : undefined;
    if (!stmt) {
      stmt = writer.prepare(statement.sql);
      if (statement.cacheKey) {
        if (prepared.size >= 64) prepared.clear();
        prepared.set(statement.cacheKey, stmt);
      }
    }
    if (stmt.reader) return stmt.all(...(statement.parameters as unknown[])) as Row[];
    stmt.run(...(statement.parameters as unknown[]));
    return [];
  };

  const backend: Backend = {
    kind: "sqlite",
    db,
    features: FEATURES,
    // Synchronous from BEGIN to COMMIT: an await here could let another connection of this process block the event loop on the lock.
    async runWrite<T>(plan: () => WritePlan<T>): Promise<T> {
      writer.exec("BEGIN IMMEDIATE");
      try {
        const steps = plan();
        let step = steps.next();
        while (!step.done) step = steps.next(execute(step.value));
        writer.exec("COMMIT");
        return step.value;
      } catch (error) {
        if (writer.inTransaction) writer.exec("ROLLBACK");
        throw wrapBusy(error, path);
      }
    },
    async close() {
      await db.destroy();
      writer.close();
    },
  };
  try {
    return await createSharedStore(backend, options);
  } catch (error) {
    await backend.close();
    throw error;
  }
}

function wrapBusy(error: unknown, path: string): unknown {
  const code = (error as { code?: unknown }).code;
  if (code === "SQLITE_BUSY" || code === "SQLITE_CANTOPEN" || code === "SQLITE_READONLY") {
    return new StoreError(
      "STORE_UNAVAILABLE",
      `the SQLite store at ${path} is not writable now (${causeMessage(error)}); another process may hold it, retry later`,
      { cause: error },
    );
  }
  return error;
}
