import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import type { Backend, DialectFeatures, WritePlan } from "../backend.js";
import type { Store } from "../contract.js";
import { createSharedStore, type ReadArrays, type StoreOptions } from "../create-store.js";
import type { Database } from "../database.js";
import { causeMessage, StoreError } from "../errors.js";
import { CONNECTION_PRAGMAS, startWriterThread, type WriterThread } from "./writer-thread.js";

/**
 * The embedded store: one SQLite file `<dataDir>/centinela.db` in WAL mode. Reads use their own
 * connection (through Kysely), so they see only committed data; writes run on a second
 * connection in a thread of its own (writer-thread.ts), one transaction at a time, from
 * BEGIN IMMEDIATE to COMMIT, with prepared statements cached there.
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
  // BINARY is SQLite's default collation.
  binaryText: (c) => c,
  triggers: "sqlite",
};

/**
 * Pragmas of the write connection only. Every one-row INSERT inside a transaction keeps a
 * statement journal (the pages it changed, to undo that statement alone); in memory instead of
 * a temporary file this saves a write system call per page: 1,000,000 objects 28,900 → 33,500
 * rows/s bare, and more once inserts run in key order.
 */
const WRITER_PRAGMAS = ["temp_store = MEMORY"];

function connect(path: string): BetterSqlite3.Database {
  const db = new BetterSqlite3(path);
  for (const pragma of CONNECTION_PRAGMAS(BUSY_TIMEOUT_MS)) db.pragma(pragma);
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
  let writer: WriterThread;
  let reader: BetterSqlite3.Database;
  try {
    mkdirSync(dir, { recursive: true });
    reader = connect(path);
  } catch (cause) {
    throw unavailable(path, cause);
  }
  try {
    writer = await startWriterThread(path, [...CONNECTION_PRAGMAS(BUSY_TIMEOUT_MS), ...WRITER_PRAGMAS]);
  } catch (cause) {
    reader.close();
    throw unavailable(path, cause);
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cachePrepared(reader) }) });

  // Writes of this process run one at a time: a transaction's statements are awaited one by one,
  // and another write must not slip its statements in between.
  let queue: Promise<unknown> = Promise.resolve();
  const runPlan = async <T>(plan: () => WritePlan<T>): Promise<T> => {
    await writer.exec("BEGIN IMMEDIATE");
    try {
      const steps = plan();
      let step = steps.next();
      while (!step.done) step = steps.next(await writer.run(step.value));
      await writer.exec("COMMIT");
      return step.value;
    } catch (error) {
      // ROLLBACK fails harmlessly when SQLite already ended the transaction itself.
      await writer.exec("ROLLBACK").catch(() => undefined);
      throw wrapBusy(error, path);
    }
  };

  const backend: Backend = {
    kind: "sqlite",
    db,
    features: FEATURES,
    runWrite<T>(plan: () => WritePlan<T>): Promise<T> {
      const result = queue.then(() => runPlan(plan));
      queue = result.catch(() => undefined);
      return result;
    },
    async close() {
      await queue;
      await db.destroy();
      await writer.close();
    },
  };
  try {
    return await createSharedStore(backend, options, readArrays(reader));
  } catch (error) {
    await backend.close();
    throw error;
  }
}

function unavailable(path: string, cause: unknown): StoreError {
  return new StoreError(
    "STORE_UNAVAILABLE",
    `cannot open the SQLite store at ${path}: ${causeMessage(cause)}; check the folder is writable or choose another data directory`,
    { cause },
  );
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

/**
 * The read connection as Kysely sees it, with prepared statements cached by SQL text: Kysely
 * prepares every query it runs, and preparing costs more than running a keyset page.
 */
function cachePrepared(db: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property !== "prepare") {
        const value = Reflect.get(target, property, receiver);
        // Native methods need the real connection as `this`.
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (sql: string) => {
        let statement = cache.get(sql);
        if (!statement) {
          if (cache.size >= 256) cache.clear();
          statement = target.prepare(sql);
          cache.set(sql, statement);
        }
        return statement;
      };
    },
  });
}

/**
 * Page rows in raw (array) mode on the read connection, statements cached by SQL text apart from
 * Kysely's (raw mode is a setting of the statement). better-sqlite3 builds no object per row:
 * a member's page of 100 on 1,000,000 objects read in 199 µs instead of 264 µs.
 */
function readArrays(db: BetterSqlite3.Database): ReadArrays {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return (sql, parameters) => {
    let statement = cache.get(sql);
    if (!statement) {
      if (cache.size >= 256) cache.clear();
      statement = db.prepare(sql).raw(true);
      cache.set(sql, statement);
    }
    return statement.all(...parameters) as unknown[][];
  };
}
