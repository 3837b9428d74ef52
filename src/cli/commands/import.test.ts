import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import pg from "pg";
import { PROJECT_ROOT, serviceMissing, TEST_POSTGRES_URL } from "../../testing/index.js";

const BIN = join(PROJECT_ROOT, "bin", "centinela.js");
const SAMPLE = join(PROJECT_ROOT, "examples", "sample-bundle.json");

/** Where a test's store lives: the arguments and environment that reach it, and how to remove it. */
interface Target {
  args: string[];
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/** A fresh SQLite store in a temporary folder, reached with --data. */
async function sqliteTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-import-"));
  return { args: ["--data", join(dir, "data")], env: {}, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** A fresh PostgreSQL schema reached through CENTINELA_DB, or null after skipping (server missing). */
async function postgresTarget(t: TestContext): Promise<Target | null> {
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  try {
    await admin.connect();
  } catch (cause) {
    serviceMissing(t, `PostgreSQL at ${TEST_POSTGRES_URL}`, cause);
    return null;
  }
  const schema = `t_${randomBytes(6).toString("hex")}`;
  await admin.query(`create schema ${schema}`);
  const url = new URL(TEST_POSTGRES_URL);
  url.searchParams.set("options", `-c search_path=${schema}`);
  return {
    args: [],
    env: { CENTINELA_DB: url.toString() },
    dispose: async () => {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** Runs the real binary against the target's store. */
function centinela(target: Target, args: string[], input?: string) {
  const env: Record<string, string | undefined> = { ...process.env, ...target.env };
  if (!target.env.CENTINELA_DB) delete env.CENTINELA_DB;
  const run = spawnSync(process.execPath, [BIN, ...args, ...target.args], {
    encoding: "utf8",
    input,
    env,
    cwd: PROJECT_ROOT,
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const stored = (target: Target) =>
  (JSON.parse(centinela(target, ["stats", "--json"]).stdout) as { total: number }).total;

for (const [name, make] of [
  ["sqlite", () => sqliteTarget()],
  ["postgres", (t: TestContext) => postgresTarget(t)],
] as const) {
  describe(`centinela import --collection (${name})`, () => {
    it("refuses a collection that does not exist before reading any input, and says how to list or add one", async (t) => {
      const target = await make(t);
      if (!target) return;
      t.after(() => target.dispose());
      // Standard input holds a good object: had the command read it, the store would hold it.
      const good = '{"type":"domain-name","spec_version":"2.1","value":"kept-out.example"}\n';
      const run = centinela(target, ["import", "-", "--jsonl", "-q", "--collection", "ioc-gobeirno"], good);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^centinela: collection "ioc-gobeirno" does not exist, so nothing was imported/m);
      assert.match(run.stderr, /`centinela collection list[^`]*`/);
      assert.match(run.stderr, /`centinela collection add ioc-gobeirno[^`]*`/);
      assert.doesNotMatch(run.stderr, /Unhandled|at .*\.ts:/);
      assert.equal(run.stdout, "", "no import summary");
      assert.equal(stored(target), 0);

      // The commands the message names work, and then the same import goes into the collection.
      const added = centinela(target, ["collection", "add", "ioc-gobeirno"]);
      assert.equal(added.code, 0, added.stderr);
      assert.match(centinela(target, ["collection", "list"]).stdout, /^ioc-gobeirno\t/m);
      const imported = centinela(target, ["import", SAMPLE, "--json", "-q", "--collection", "ioc-gobeirno"]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal((JSON.parse(imported.stdout) as { new: number }).new, 11);
      const exported = centinela(target, ["export", "--jsonl", "--collection", "ioc-gobeirno"]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.equal(exported.stdout.trim().split("\n").length, 11);
    });
  });
}
