import { createWriteStream } from "node:fs";
import { resolve } from "node:path";
import type { Command } from "commander";
import { loadSecretKey, SECRET_KEY_ENV, type SecretKey } from "../access/index.js";
import { t } from "../i18n/index.js";
import { type AccessContext, openStore, type Store, type WriteContext } from "../store/index.js";

/** Options every command that touches the store accepts. */
export interface StoreOptions {
  data?: string;
}

/** The local operator: the CLI on the machine that holds the store reads and writes everything. */
export const SYSTEM_READER: AccessContext = { kind: "system", orgId: null, userId: null };

/** Writes from the CLI are attributed to the local operator. */
export const CLI_WRITER: WriteContext = { orgId: null, userId: null, source: "cli" };

/** Adds the shared `--data DIR` option to a command. */
export function withStoreOption(command: Command): Command {
  return command.option("--data <dir>", t("help:context.data"));
}

/**
 * Opens the store a command works on: PostgreSQL when CENTINELA_DB names one, else SQLite in
 * --data, $CENTINELA_DATA or ./data. Any other CENTINELA_DB is an error, never a silent fallback.
 */
export async function openCommandStore(options: StoreOptions): Promise<Store> {
  const url = process.env.CENTINELA_DB;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openStore({ url });
  // A mistyped URL must not send the work silently to a local SQLite file instead.
  if (url) {
    // Name the scheme only: the rest of a connection string may hold a password.
    const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(url)?.[0];
    throw new Error(
      `CENTINELA_DB must be a postgres:// or postgresql:// URL, not ${scheme ? `"${scheme}…"` : "the value it holds"}; unset it to use SQLite in --data`,
    );
  }
  return openStore({ dataDir: commandDataDir(options) });
}

/** The data directory a command uses: --data, $CENTINELA_DATA or ./data (SQLite's folder, and the key file's). */
export function commandDataDir(options: StoreOptions): string {
  return resolve(options.data ?? process.env.CENTINELA_DATA ?? "data");
}

/**
 * The key that seals feed credentials, loaded on first call only (so commands that never touch a
 * credential make no key file): $CENTINELA_SECRET_KEY, else `secret.key` in the command's data
 * directory, for a PostgreSQL store too, because the point of the key is not to be in the database.
 */
export function commandSecretKey(options: StoreOptions): () => SecretKey {
  let loaded: SecretKey | null = null;
  return () => {
    loaded ??= loadSecretKey({ env: process.env[SECRET_KEY_ENV], dataDir: commandDataDir(options) });
    return loaded;
  };
}

/** Prints an error for a person: what went wrong and what to do, without a stack trace. */
export function printError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`centinela: ${message}\n`);
  if (process.env.CENTINELA_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}

/** A file a command writes to (--out, --rejects), opened before the work starts. */
export interface OutputFile {
  /** Writes text, waiting while the disk catches up; rejects once the file has failed. */
  write(text: string): Promise<void>;
  /** Flushes and closes the file; rejects if any write failed. */
  close(): Promise<void>;
}

/**
 * Opens `path` for writing before any work starts, so a bad path (missing folder, no
 * permission) ends the command at once with a message naming the option, instead of an
 * unhandled stream error after the work is done. Later write errors (a full disk) come back
 * from `write` and `close` rather than crashing the process.
 */
export async function openOutputFile(path: string, option: string): Promise<OutputFile> {
  const stream = createWriteStream(path);
  let failure: Error | null = null;
  const describe = (error: Error) =>
    new Error(t("cli:error.cannotWrite", { option, path, reason: error.message }), { cause: error });
  stream.on("error", (error) => {
    failure ??= describe(error);
  });
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", () => reject(failure));
  });
  // One shared wait for "drain", however many writes are waiting on it.
  let drained: Promise<void> | null = null;
  return {
    async write(text) {
      if (failure) throw failure;
      if (stream.write(text)) return;
      drained ??= new Promise<void>((resolve) => {
        const done = () => {
          stream.off("drain", done);
          stream.off("error", done);
          drained = null;
          resolve();
        };
        stream.on("drain", done);
        stream.on("error", done);
      });
      await drained;
      if (failure) throw failure;
    },
    async close() {
      if (!stream.writableEnded) await new Promise<void>((resolve) => stream.end(resolve));
      if (failure) throw failure;
    },
  };
}
