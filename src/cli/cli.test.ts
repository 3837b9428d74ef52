import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { PROJECT_ROOT } from "../testing/index.js";
import { runCli } from "./run-in-process.fixture.js";

const SAMPLE = join(PROJECT_ROOT, "examples", "sample-bundle.json");

function centinela(args: string[], input?: string, lang = "en_US.UTF-8") {
  const env: Record<string, string | undefined> = { ...process.env, LANG: lang };
  delete env.CENTINELA_DB;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return runCli(args, { env, input, cwd: PROJECT_ROOT });
}

describe("centinela command", () => {
  it("prints help naming every command", async () => {
    const run = await centinela(["--help"]);
    assert.equal(run.code, 0);
    for (const command of ["import", "export", "get", "stats"])
      assert.match(run.stdout, new RegExp(`\\b${command}\\b`));
  });

  it("imports, reports, exports byte for byte, gets and counts", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-cli-"));
    try {
      const data = join(dir, "data");
      const imported = await centinela(["import", SAMPLE, "--data", data, "--json", "-q"]);
      assert.equal(imported.code, 0, imported.stderr);
      const summary = JSON.parse(imported.stdout) as { new: number; rejected: number };
      assert.equal(summary.new, 11);
      assert.equal(summary.rejected, 0);

      const again = JSON.parse((await centinela(["import", SAMPLE, "--data", data, "--json", "-q"])).stdout) as {
        unchanged: number;
      };
      assert.equal(again.unchanged, 11);

      const out = join(dir, "out.json");
      assert.equal((await centinela(["export", "--data", data, "--out", out])).code, 0);
      const exported = JSON.parse(await readFile(out, "utf8")) as { type: string; objects: unknown[] };
      const source = JSON.parse(await readFile(SAMPLE, "utf8")) as { objects: Array<{ id: string }> };
      assert.equal(exported.type, "bundle");
      assert.deepEqual(new Set(exported.objects), new Set(source.objects));

      const jsonl = await centinela(["export", "--data", data, "--jsonl", "--type", "indicator"]);
      assert.equal(jsonl.stdout.trim().split("\n").length, 4);

      const id = source.objects[1]?.id as string;
      const got = await centinela(["get", id, "--data", data]);
      assert.equal(got.code, 0);
      assert.equal((JSON.parse(got.stdout) as { id: string }).id, id);
      assert.equal(
        (await centinela(["get", "indicator--00000000-0000-4000-8000-000000000000", "--data", data])).code,
        1,
      );

      const stats = JSON.parse((await centinela(["stats", "--data", data, "--json"])).stdout) as {
        total: number;
        byType: Record<string, number>;
      };
      assert.equal(stats.total, 11);
      assert.equal(stats.byType.indicator, 4);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("keeps good objects, exits 1 and writes rejects for bad input from stdin and gzip", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-cli-"));
    try {
      const data = join(dir, "data");
      const rejects = join(dir, "rejects.jsonl");
      const good = '{"type":"domain-name","spec_version":"2.1","value":"ok.example"}';
      const input = `${good}\n{"type":"domain-name",\n{"type":"not a type!","id":"x"}\n`;
      const run = await centinela(["import", "-", "--data", data, "--rejects", rejects, "--jsonl", "-q"], input);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /new\s+1/);
      assert.match(run.stdout, /rejected\s+2/);
      assert.match(run.stderr, /rejected -:2/);
      const lines = (await readFile(rejects, "utf8")).trim().split("\n");
      assert.equal(lines.length, 2);

      const gz = join(dir, "b.json.gz");
      await writeFile(gz, gzipSync(await readFile(SAMPLE)));
      const fromGz = JSON.parse((await centinela(["import", gz, "--data", data, "--json", "-q"])).stdout) as {
        new: number;
      };
      assert.equal(fromGz.new, 11);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("says what to do about a missing file or a bad option", async () => {
    const missing = await centinela(["import", "/nonexistent/file.json"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no such file/);
    const bad = await centinela(["import", SAMPLE, "--max-object-bytes", "lots"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /positive whole number/);
  });

  it("refuses an --out or --rejects file it cannot write, before doing the work, with a message", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-cli-"));
    try {
      const data = join(dir, "data");
      const nowhere = join(dir, "no-such-folder", "file.json");
      const imported = await centinela(["import", SAMPLE, "--data", data, "--rejects", nowhere, "-q"]);
      assert.equal(imported.code, 2, imported.stderr);
      assert.match(imported.stderr, /^centinela: --rejects .*no-such-folder.*: cannot write the file \(ENOENT/m);
      assert.doesNotMatch(imported.stderr, /Unhandled|at .*\.ts:/);
      // Nothing was imported: the bad path stopped the command before the store was touched.
      const stats = await centinela(["stats", "--data", data, "--json"]);
      assert.equal((JSON.parse(stats.stdout) as { total: number }).total, 0);

      const exported = await centinela(["export", "--data", data, "--out", nowhere]);
      assert.equal(exported.code, 2, exported.stderr);
      assert.match(exported.stderr, /^centinela: --out .*no-such-folder.*: cannot write the file \(ENOENT/m);
      assert.doesNotMatch(exported.stderr, /exported \d+ objects|Unhandled/);
      const spanish = await centinela(["export", "--data", data, "--out", nowhere], undefined, "es_MX.UTF-8");
      assert.match(spanish.stderr, /^centinela: --out .*no-such-folder.*: no se puede escribir el archivo \(ENOENT/m);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("refuses a CENTINELA_DB that is not a PostgreSQL URL instead of falling back to SQLite", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-cli-"));
    try {
      const data = join(dir, "data");
      const env = { ...process.env, CENTINELA_DB: "postgress://user:s3cret@db.example/centinela" };
      const run = await runCli(["stats", "--data", data], { env, cwd: PROJECT_ROOT });
      assert.equal(run.code, 2, run.stderr);
      assert.match(
        run.stderr,
        /^centinela: CENTINELA_DB must be a postgres:\/\/ or postgresql:\/\/ URL, not "postgress:\/\/…"/m,
      );
      // The password in the URL is never printed.
      assert.doesNotMatch(run.stderr, /s3cret/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
