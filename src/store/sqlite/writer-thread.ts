import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import type { Row, Statement } from "../backend.js";

/**
 * The SQLite write connection, living in its own thread. SQLite work (B-tree inserts, the WAL
 * writes of COMMIT) is most of an import's time, and better-sqlite3 runs it on the calling
 * thread; in a thread of its own it runs while the main thread parses and validates the next
 * batch, so an import uses both cores. Statements cross as (sql, parameters) messages.
 */

/** Pragmas every connection of the store runs at open, in order. */
export const CONNECTION_PRAGMAS = (busyTimeoutMs: number): string[] => [
  `busy_timeout = ${busyTimeoutMs}`,
  "journal_mode = WAL",
  "synchronous = NORMAL",
  "cache_size = -65536",
  // Checkpoint every ~400 MB of WAL instead of ~4 MB. Ids are random, so an import dirties index
  // pages all over the file; a checkpoint writes each dirty page once however often the WAL holds
  // it, so rare checkpoints write (and fsync) far less: 1M indicators 30,800 → 37,800 objects/s.
  "wal_autocheckpoint = 100000",
  // After a checkpoint, cut the WAL file back to 64 MiB instead of keeping its peak size on disk.
  "journal_size_limit = 67108864",
];

// Plain CommonJS run with `eval`: a worker does not inherit the TypeScript loader the `centinela`
// command registers at run time, so its code must be JavaScript. It is this constant, never input.
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path);
  for (const pragma of workerData.pragmas) db.pragma(pragma);
  parentPort.postMessage({ id: 0, rows: [] });
} catch (e) {
  parentPort.postMessage({ id: 0, error: { message: e.message, code: e.code } });
}
const prepared = new Map();
parentPort.on("message", (m) => {
  try {
    if (m.op === "close") { db.close(); parentPort.postMessage({ id: m.id, rows: [] }); return; }
    if (m.op === "exec") { db.exec(m.sql); parentPort.postMessage({ id: m.id, rows: [] }); return; }
    let statement = prepared.get(m.sql);
    if (!statement) {
      if (prepared.size >= 128) prepared.clear();
      statement = db.prepare(m.sql);
      prepared.set(m.sql, statement);
    }
    let rows;
    if (m.rowWidth) {
      rows = [];
      const width = m.rowWidth;
      for (let i = 0; i < m.params.length; i += width) {
        const values = m.params.slice(i, i + width);
        if (statement.reader) {
          const row = statement.get(values);
          if (row !== undefined) rows.push(row);
        } else statement.run(values);
      }
    } else rows = statement.reader ? statement.all(...m.params) : (statement.run(...m.params), []);
    parentPort.postMessage({ id: m.id, rows });
  } catch (e) {
    parentPort.postMessage({ id: m.id, error: { message: e.message, code: e.code } });
  }
});
`;

interface Reply {
  id: number;
  rows?: Row[];
  error?: { message: string; code?: string };
}

/** The write connection: send statements, get rows; one request at a time per caller's await. */
export interface WriterThread {
  exec(sql: string): Promise<void>;
  run(statement: Statement): Promise<Row[]>;
  close(): Promise<void>;
}

/** Starts the writer thread on the database file at `path` and waits until it has opened it. */
export async function startWriterThread(path: string, pragmas: string[]): Promise<WriterThread> {
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, pragmas, driver } });
  const waiting = new Map<number, { resolve: (rows: Row[]) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failed: Error | null = null;
  // The thread keeps the process alive only while a request is in flight.
  worker.unref();

  const settle = (reply: Reply): void => {
    const entry = waiting.get(reply.id);
    if (!entry) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.error) entry.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    else entry.resolve(reply.rows ?? []);
  };
  worker.on("message", settle);
  worker.on("error", (error) => {
    failed = error;
    for (const [id] of waiting) settle({ id, error: { message: `SQLite writer thread failed: ${error.message}` } });
  });
  worker.on("exit", () => {
    failed ??= new Error("the SQLite store is closed; open it again to write");
    for (const [id] of waiting) settle({ id, error: { message: failed.message } });
  });

  const request = (message: Record<string, unknown>, id: number): Promise<Row[]> =>
    new Promise<Row[]>((resolve, reject) => {
      if (failed) {
        reject(failed);
        return;
      }
      waiting.set(id, { resolve, reject });
      worker.ref();
      if (id !== 0) worker.postMessage({ ...message, id });
    });

  await request({}, 0); // the thread's own "opened" (or error) message answers id 0
  return {
    async exec(sql) {
      await request({ op: "exec", sql }, nextId++);
    },
    run(statement) {
      return request(
        { op: "run", sql: statement.sql, params: statement.parameters, rowWidth: statement.rowWidth ?? 0 },
        nextId++,
      );
    },
    async close() {
      if (failed) return;
      try {
        await request({ op: "close" }, nextId++);
      } finally {
        failed = new Error("the SQLite store is closed; open it again to write");
        await worker.terminate();
      }
    },
  };
}
