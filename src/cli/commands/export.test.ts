import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PROJECT_ROOT } from "../../testing/index.js";
import { runCli } from "../run-in-process.fixture.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

const SAMPLE = join(PROJECT_ROOT, "examples", "sample-bundle.json");
const INDICATOR = "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f";

describe("export and get: the documented options, and typos as errors", () => {
  let dir = "";
  let data = "";
  const centinela = (args: string[], lang = "en_US.UTF-8") => run(dataTarget(data), args, undefined, { LANG: lang });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-export-"));
    data = join(dir, "data");
    assert.equal((await centinela(["import", SAMPLE, "-q", "--json"])).code, 0);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("takes `--version all` as the object's versions, not the program's version", async () => {
    const id = (
      JSON.parse((await centinela(["export", "--jsonl", "--type", "indicator"])).stdout.split("\n")[0] as string) as {
        id: string;
      }
    ).id;
    const got = await centinela(["get", id, "--version", "all"]);
    assert.equal(got.code, 0, got.stderr);
    assert.equal((JSON.parse(got.stdout) as { id: string }).id, id);
    const exported = await centinela(["export", "--version", "all", "--jsonl"]);
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal(exported.stdout.trim().split("\n").length, 11);
  });

  it("keeps the program's version on -V, --version and `centinela version`", async () => {
    for (const args of [["-V"], ["--version"], ["version"]]) {
      const run = await runCli(args, { env: { ...process.env } });
      assert.match(run.stdout, /^\d+\.\d+\.\d+\n$/, args.join(" "));
    }
  });

  it("refuses an unknown --type, naming the stored types and the likely one", async () => {
    const run = await centinela(["export", "--type", "indicatr"]);
    assert.equal(run.code, 2);
    assert.equal(run.stdout, "");
    assert.match(run.stderr, /--type indicatr: not a STIX 2\.1 type/);
    assert.match(run.stderr, /identity, indicator, malware, relationship, threat-actor/);
    assert.match(run.stderr, /did you mean indicator\?/);
    // A STIX type with nothing stored is an empty answer, not an error.
    assert.equal((await centinela(["export", "--type", "vulnerability", "--jsonl"])).code, 0);
  });

  it("refuses an unknown --collection, in the reader's language", async () => {
    const en = await centinela(["export", "--collection", "nope"]);
    assert.equal(en.code, 2);
    assert.match(en.stderr, /--collection "nope" does not exist; the collections: \(none\)/);
    const es = await centinela(["export", "--collection", "nope"], "es_MX.UTF-8");
    assert.match(es.stderr, /--collection "nope" no existe/);
  });

  it("says get's not-found in Spanish by default", async () => {
    const es = await centinela(["get", INDICATOR], "C.UTF-8");
    assert.equal(es.code, 1);
    assert.match(es.stderr, /no está en el almacén/);
  });
});
