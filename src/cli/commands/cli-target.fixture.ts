import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { PROJECT_ROOT, postgresSchema } from "../../testing/index.js";
import { BIN, type CliRun, runCli } from "../run-in-process.fixture.js";

/**
 * What the CLI tests share: a fresh store on either database, the real `centinela` binary run
 * against it, and `centinela serve` started on it.
 */

export { BIN, type CliRun };

/** Where a test's store lives: the arguments and environment that reach it, and how to remove it. */
export interface Target {
  name: "sqlite" | "postgres";
  args: string[];
  env: Record<string, string>;
  /** What openStore needs to reach the same store from the test itself. */
  location: { url?: string; dataDir?: string };
  dispose(): Promise<void>;
}

/** The SQLite store in `data` (a folder the test made and removes itself), reached with --data. */
export function dataTarget(data: string): Target {
  return { name: "sqlite", args: ["--data", data], env: {}, location: { dataDir: data }, dispose: async () => {} };
}

/** A fresh SQLite store in a temporary folder, reached with --data. */
export async function sqliteTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-cli-"));
  const data = join(dir, "data");
  return {
    name: "sqlite",
    args: ["--data", data],
    env: {},
    location: { dataDir: data },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** A fresh PostgreSQL schema reached through CENTINELA_DB, or null after skipping (server missing). */
export async function postgresTarget(t: TestContext): Promise<Target | null> {
  const schema = await postgresSchema(t);
  if (!schema) return null;
  return {
    name: "postgres",
    args: [],
    env: { CENTINELA_DB: schema.url },
    location: { url: schema.url },
    dispose: () => schema.drop(),
  };
}

/** Both databases, by name, for `for … of` over the cases. */
export const TARGETS = [
  ["sqlite", () => sqliteTarget()],
  ["postgres", (t: TestContext) => postgresTarget(t)],
] as const;

/** The environment a child gets: ours, the target's, and `env`, without settings that would pick another store or key. */
function childEnv(target: Target, env: Record<string, string>): Record<string, string | undefined> {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.CENTINELA_DB;
  delete base.CENTINELA_DATA;
  delete base.CENTINELA_CURSOR_SECRET;
  delete base.CENTINELA_ADMIN_PASSWORD;
  delete base.CENTINELA_SECRET_KEY;
  delete base.CENTINELA_TRUST_PROXY;
  // LC_ALL and LC_MESSAGES would override the LANG a test sets to pick the output language;
  // English unless the test asks for another, so a test's expected text does not hang on the machine's LANG.
  delete base.LC_ALL;
  delete base.LC_MESSAGES;
  return { ...base, LANG: "en_US.UTF-8", ...target.env, ...env };
}

/**
 * Runs `centinela` against the target's store, in this process (see run-in-process.fixture.ts;
 * `CENTINELA_TEST_SPAWN=1` runs the real binary instead).
 */
export function centinela(
  target: Target,
  args: string[],
  input?: string,
  env: Record<string, string> = {},
): Promise<CliRun> {
  return runCli([...args, ...target.args], { env: childEnv(target, env), input, cwd: PROJECT_ROOT });
}

/** A running `centinela serve`: its discovery URL, what it printed, and how to stop it. */
export interface Served {
  child: ChildProcess;
  url: string;
  stderr(): string;
  /** Its JSON log so far (standard output, read as it comes so the pipe never fills). */
  stdout(): string;
  /** Sends SIGTERM and waits for the process to end. */
  stop(): Promise<void>;
}

/** Starts `centinela serve --port 0` on the target's store and resolves once it listens. */
export function serveTarget(target: Target, env: Record<string, string>, extra: string[] = []): Promise<Served> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", ...target.args, ...extra], {
    env: childEnv(target, env),
    cwd: PROJECT_ROOT,
  });
  const ended = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  let err = "";
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const m = /(?:server at|servidor TAXII 2\.1 en) (https?:\/\/\S+)/.exec(err);
      if (m) {
        resolve({
          child,
          url: m[1] as string,
          stderr: () => err,
          stdout: () => out,
          stop: async () => {
            if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
            await ended;
          },
        });
      }
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

/** A current STIX indicator of `pattern` (valid from 2017, made 2023), for the CLI's detection tests. */
export function stixIndicator(id: string, pattern: string, extra: Record<string, string> = {}) {
  const time = "2023-01-01T00:00:00.000Z";
  return {
    type: "indicator",
    spec_version: "2.1",
    id,
    created: time,
    modified: time,
    pattern,
    pattern_type: "stix",
    valid_from: "2017-01-01T00:00:00Z",
    ...extra,
  };
}
