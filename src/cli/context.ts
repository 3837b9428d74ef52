import { resolve } from "node:path";
import type { Command } from "commander";
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
  return command.option("--data <dir>", "folder of the embedded SQLite store (default: $CENTINELA_DATA or ./data)");
}

/**
 * Opens the store a command works on: PostgreSQL when CENTINELA_DB names one, else SQLite in
 * --data, $CENTINELA_DATA or ./data.
 */
export async function openCommandStore(options: StoreOptions): Promise<Store> {
  const url = process.env.CENTINELA_DB;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openStore({ url });
  const dataDir = resolve(options.data ?? process.env.CENTINELA_DATA ?? "data");
  return openStore({ dataDir });
}

/** Prints an error for a person: what went wrong and what to do, without a stack trace. */
export function printError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`centinela: ${message}\n`);
  if (process.env.CENTINELA_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
}
