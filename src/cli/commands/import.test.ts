import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT } from "../../testing/index.js";
import { centinela, sqliteTarget, TARGETS, type Target } from "./cli-target.fixture.js";

const SAMPLE = join(PROJECT_ROOT, "examples", "sample-bundle.json");

const stored = async (target: Target) =>
  (JSON.parse((await centinela(target, ["stats", "--json"])).stdout) as { total: number }).total;

for (const [name, make] of TARGETS) {
  describe(`centinela import --collection (${name})`, () => {
    it("refuses a collection that does not exist before reading any input, and says how to list or add one", async (t) => {
      const target = await make(t);
      if (!target) return;
      t.after(() => target.dispose());
      // Standard input holds a good object: had the command read it, the store would hold it.
      const good = '{"type":"domain-name","spec_version":"2.1","value":"kept-out.example"}\n';
      const scratch = await mkdtemp(join(tmpdir(), "centinela-rejects-"));
      t.after(() => rm(scratch, { recursive: true, force: true }));
      const rejects = join(scratch, "rejects.jsonl");
      const run = await centinela(
        target,
        ["import", "-", "--jsonl", "-q", "--collection", "ioc-gobeirno", "--rejects", rejects],
        good,
      );
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /^centinela: collection "ioc-gobeirno" does not exist, so nothing was imported/m);
      assert.match(run.stderr, /`centinela collection list[^`]*`/);
      assert.match(run.stderr, /`centinela collection add ioc-gobeirno[^`]*`/);
      assert.doesNotMatch(run.stderr, /Unhandled|at .*\.ts:/);
      assert.equal(run.stdout, "", "no import summary");
      assert.equal(await stored(target), 0);
      assert.equal(existsSync(rejects), false, "a refused import leaves no --rejects file");

      // The commands the message names work, and then the same import goes into the collection.
      const added = await centinela(target, ["collection", "add", "ioc-gobeirno"]);
      assert.equal(added.code, 0, added.stderr);
      assert.match((await centinela(target, ["collection", "list"])).stdout, /^ioc-gobeirno\t/m);
      const imported = await centinela(target, ["import", SAMPLE, "--json", "-q", "--collection", "ioc-gobeirno"]);
      assert.equal(imported.code, 0, imported.stderr);
      assert.equal((JSON.parse(imported.stdout) as { new: number }).new, 11);
      const exported = await centinela(target, ["export", "--jsonl", "--collection", "ioc-gobeirno"]);
      assert.equal(exported.code, 0, exported.stderr);
      assert.equal(exported.stdout.trim().split("\n").length, 11);
    });

    it("makes the well-known default collection when it is missing, once, and only that one", async (t) => {
      const target = await make(t);
      if (!target) return;
      t.after(() => target.dispose());
      const first = await centinela(target, ["import", SAMPLE, "--json", "-q", "--collection", "default"]);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stderr, /^centinela: created the collection "default"$/m);
      assert.equal((JSON.parse(first.stdout) as { new: number }).new, 11);
      assert.match((await centinela(target, ["collection", "list"])).stdout, /^default\tDefault collection$/m);
      const again = await centinela(target, ["import", SAMPLE, "--json", "-q", "--collection", "default"]);
      assert.equal(again.code, 0, again.stderr);
      assert.doesNotMatch(again.stderr, /created/);
      assert.equal((JSON.parse(again.stdout) as { unchanged: number }).unchanged, 11);
      // Any other unknown collection is still refused, and is not made.
      const other = await centinela(target, ["import", SAMPLE, "-q", "--collection", "defualt"]);
      assert.equal(other.code, 2, other.stderr);
      assert.doesNotMatch((await centinela(target, ["collection", "list"])).stdout, /defualt/);
      const exported = await centinela(target, ["export", "--jsonl", "--collection", "default"]);
      assert.equal(exported.stdout.trim().split("\n").length, 11);
    });
  });
}

describe("centinela import's progress off a terminal", () => {
  it("ends each file on one final line with every figure, not the last line and a shorter copy of it", async (t) => {
    const target = await sqliteTarget();
    t.after(() => target.dispose());
    for (const [lang, stored] of [
      ["en_US.UTF-8", "stored"],
      ["es_MX.UTF-8", "guardados"],
    ] as const) {
      const run = await centinela(target, ["import", SAMPLE], undefined, { LANG: lang });
      assert.equal(run.code, 0, run.stderr);
      const lines = run.stderr.split("\n").filter((line) => line.startsWith(`${SAMPLE}: `));
      assert.equal(lines.length, 1, run.stderr);
      assert.match(lines[0] as string, new RegExp(`: 100% \\S+ 11  ${stored} 11  \\S+ 0$`));
    }
  });
});
