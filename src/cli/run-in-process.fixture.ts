import { spawn } from "node:child_process";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { PROJECT_ROOT } from "../testing/index.js";

/**
 * Runs `centinela` for a test inside the test's own process. Spawning the binary costs a new
 * Node process and a tsx compile of the whole CLI (about a second each on this machine), which
 * was most of the suite's time; a test that is not about the process itself gets the same
 * program, arguments, environment, standard streams and exit code in-process instead.
 *
 * What the program sees during a run: `process.stdout`/`stderr` are collectors (not terminals),
 * `process.stdin` is the given input (or an empty stream), `process.env` is exactly the given
 * environment and the working directory is `cwd`. Everything is put back afterwards. Runs are
 * serialized, since these are process-wide. `CENTINELA_TEST_SPAWN=1` spawns the real binary
 * instead, to check that the two agree.
 */

/** The binary the tests run when they do spawn it. */
export const BIN = join(PROJECT_ROOT, "bin", "centinela.js");

/** What a run of the CLI gave: its exit code and what it printed. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** How to run it: the whole environment, standard input and working directory. */
export interface CliRunOptions {
  env: Record<string, string | undefined>;
  input?: string;
  cwd?: string;
}

let queue: Promise<unknown> = Promise.resolve();

/** Runs `centinela ARGS` in-process (or spawned, with CENTINELA_TEST_SPAWN=1), one run at a time. */
export function runCli(args: string[], options: CliRunOptions): Promise<CliRun> {
  const run = queue.then(() =>
    process.env.CENTINELA_TEST_SPAWN === "1" ? spawnCli(args, options) : runInProcess(args, options),
  );
  queue = run.catch(() => undefined);
  return run;
}

/** Runs the real binary in a child process and collects what it printed. */
export function spawnCli(args: string[], { env, input, cwd = PROJECT_ROOT }: CliRunOptions): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => {
      stdout += s;
    });
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      stderr += s;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    // A child that exits before reading its input closes the pipe; that is its business.
    child.stdin.on("error", () => undefined);
    child.stdin.end(input ?? "");
  });
}

/** A writable that keeps what is written to it, shaped enough like a non-terminal stdout. */
function collector(): { stream: Writable; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      callback();
    },
  });
  Object.assign(stream, { isTTY: false, fd: -1 });
  return { stream, text: () => chunks.join("") };
}

/** Replaces a property of `process` for the run and returns how to put the original back. */
function swap(name: "stdout" | "stderr" | "stdin", value: unknown): () => void {
  const original = Object.getOwnPropertyDescriptor(process, name);
  Object.defineProperty(process, name, { configurable: true, enumerable: true, get: () => value });
  return () => {
    if (original) Object.defineProperty(process, name, original);
  };
}

/** Makes `process.env` exactly `env` (in place: modules hold the object) and returns how to undo it. */
function replaceEnv(env: Record<string, string | undefined>): () => void {
  const saved = { ...process.env };
  const assign = (from: Record<string, string | undefined>) => {
    for (const key of Object.keys(process.env)) delete process.env[key];
    for (const [key, value] of Object.entries(from)) if (value !== undefined) process.env[key] = value;
  };
  assign(env);
  return () => assign(saved);
}

const SIGNALS = ["SIGINT", "SIGTERM"] as const;

async function runInProcess(args: string[], { env, input, cwd = PROJECT_ROOT }: CliRunOptions): Promise<CliRun> {
  const { main } = await import("./index.js");
  const out = collector();
  const err = collector();
  const stdin = Readable.from(input === undefined || input === "" ? [] : [Buffer.from(input, "utf8")]);
  Object.assign(stdin, { isTTY: false, fd: -1 });
  const listeners = SIGNALS.map((signal) => new Set(process.listeners(signal)));
  const exitCode = process.exitCode;
  const previousCwd = process.cwd();
  const restores = [swap("stdout", out.stream), swap("stderr", err.stream), swap("stdin", stdin), replaceEnv(env)];
  process.chdir(cwd);
  let code: number | null;
  try {
    code = await main([process.execPath, BIN, ...args]);
  } catch (error) {
    // main turns every failure into a message and an exit code; reaching here is a bug in the CLI.
    err.stream.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    code = 1;
  } finally {
    process.chdir(previousCwd);
    for (const restore of restores.reverse()) restore();
    process.exitCode = exitCode;
    // A command that waits for a signal (serve) leaves its handlers; they belong to the run.
    SIGNALS.forEach((signal, i) => {
      for (const listener of process.listeners(signal)) {
        if (!listeners[i]?.has(listener)) process.removeListener(signal, listener);
      }
    });
  }
  return { code, stdout: out.text(), stderr: err.text() };
}
