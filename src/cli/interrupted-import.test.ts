import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import Database from "better-sqlite3";
import { DEFAULT_BATCH_SIZE } from "../ingest/index.js";
import { PROJECT_ROOT } from "../testing/index.js";

const BIN = join(PROJECT_ROOT, "bin", "centinela.js");

function indicators(count: number): string {
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(12, "0");
    lines.push(
      JSON.stringify({
        type: "indicator",
        spec_version: "2.1",
        id: `indicator--00000000-0000-4000-8000-${hex}`,
        created: "2026-01-01T00:00:00.000Z",
        modified: "2026-01-01T00:00:00.000Z",
        pattern: `[domain-name:value = 'h${hex}.example']`,
        pattern_type: "stix",
        valid_from: "2026-01-01T00:00:00Z",
      }),
    );
  }
  return `{"type":"bundle","id":"bundle--00000000-0000-4000-8000-000000000001","objects":[\n${lines.join(",\n")}\n]}`;
}

describe("an import killed half-way", () => {
  it("leaves a consistent store, and a re-run completes it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-kill-"));
    try {
      const total = 60_000;
      const file = join(dir, "big.json");
      await writeFile(file, indicators(total));
      const data = join(dir, "data");
      const env = { ...process.env };
      delete env.CENTINELA_DB;
      // Kill the importer with SIGKILL once it has committed some batches: no cleanup runs.
      const child = spawn(process.execPath, [BIN, "import", file, "--data", data, "-q"], { env, stdio: "ignore" });
      const dbFile = join(data, "centinela.db");
      const deadline = Date.now() + 60_000;
      let stored = 0;
      while (Date.now() < deadline && child.exitCode === null) {
        await new Promise((r) => setTimeout(r, 50));
        try {
          const db = new Database(dbFile, { readonly: true, fileMustExist: true });
          stored = (db.prepare("SELECT count(*) AS n FROM objects").get() as { n: number }).n;
          db.close();
        } catch {
          // The store is still being created.
        }
        if (stored > 0) break;
      }
      child.kill("SIGKILL");
      await new Promise((r) => child.once("exit", r));

      const db = new Database(dbFile);
      assert.equal((db.prepare("PRAGMA integrity_check").get() as { integrity_check: string }).integrity_check, "ok");
      const afterKill = (db.prepare("SELECT count(*) AS n FROM objects").get() as { n: number }).n;
      db.close();
      // Whole batches only: a batch is one transaction.
      assert.equal(afterKill % DEFAULT_BATCH_SIZE, 0, `${afterKill} objects after the kill`);
      assert.ok(afterKill < total, "the import was interrupted before its end");

      const rerun = spawnSync(process.execPath, [BIN, "import", file, "--data", data, "-q", "--json"], {
        env,
        encoding: "utf8",
      });
      assert.equal(rerun.status, 0, rerun.stderr);
      const summary = JSON.parse(rerun.stdout) as { new: number; unchanged: number };
      assert.equal(summary.unchanged, afterKill);
      assert.equal(summary.new, total - afterKill);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
