import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sharedData } from "../../testing/index.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

describe("import: files that are not STIX, and objects stored with warnings", () => {
  let dir = "";
  let data = "";
  const centinela = (args: string[], lang = "en_US.UTF-8") => run(dataTarget(data), args, undefined, { LANG: lang });
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-import-formats-"));
    data = join(dir, "data");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("says an IP list is an IP list and names `import --list`, once, with the file name", async (t) => {
    const list = sharedData(t, "abusech-threatfox/threatfox-ioc-ips.txt");
    if (list === null) return;
    const en = await centinela(["import", list]);
    assert.equal(en.code, 2);
    assert.doesNotMatch(en.stderr, /STIX_STREAM_SYNTAX/);
    assert.equal(en.stderr.trim().split("\n").length, 1, en.stderr);
    assert.match(
      en.stderr,
      /threatfox-ioc-ips\.txt: this looks like a plain list of IP addresses, not STIX; read it with `centinela import --list /,
    );
    const es = await centinela(["import", list], "es_MX.UTF-8");
    assert.match(es.stderr, /threatfox-ioc-ips\.txt: parece una lista simple de direcciones IP/);
  });

  it("sends an Nmap scan to `assets import`", async (t) => {
    const scan = sharedData(t, "nmap-xml/1_hosts_down.xml");
    if (scan === null) return;
    const run = await centinela(["import", scan]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /1_hosts_down\.xml: this looks like an Nmap scan \(XML\), not STIX; read it with `centinela assets import /,
    );
  });

  it("imports the STIX files of a batch and reports the foreign one", async () => {
    const good = join(dir, "good.json");
    await writeFile(good, '{"type":"domain-name","spec_version":"2.1","value":"kept.example"}\n');
    const list = join(dir, "hashes.txt");
    await writeFile(list, `${"a".repeat(64)}\n${"b".repeat(40)}\n`);
    const run = await centinela(["import", good, list, "--json", "-q"]);
    assert.match(run.stderr, /hashes\.txt: this looks like a plain list of hashes/);
    assert.equal((JSON.parse(run.stdout) as { new: number }).new, 1);
  });

  it("names each object stored with warnings, and the warnings, with their counts in the summary", async () => {
    const file = join(dir, "warned.json");
    const indicator = {
      type: "indicator",
      spec_version: "2.1",
      id: "indicator--0b5f2a6e-7f43-4d8a-9a51-5c1f0c2b9e11",
      created: "2026-01-01T00:00:00.000Z",
      modified: "2026-01-01T00:00:00.000Z",
      pattern: "[ipv4-addr:value = '198.51.100.7']",
      pattern_type: "stix",
      valid_from: "2026-01-01T00:00:00Z",
      indicator_types: ["not-in-the-vocabulary"],
    };
    await writeFile(file, `${JSON.stringify(indicator)}\n`);
    const run = await centinela(["import", file, "-q"]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /stored with warnings .*warned\.json:1 \(object #1\) indicator--0b5f2a6e-7f43-4d8a-9a51-5c1f0c2b9e11/,
    );
    assert.match(run.stderr, /STIX_VOCAB_VALUE at indicator_types\[0\]/);
    assert.match(run.stdout, /stored with warnings +1\n +STIX_VOCAB_VALUE: 1/);
  });

  it("speaks Spanish in the summary and progress with LANG=es_MX, English with en_US", async () => {
    const file = join(dir, "one.json");
    await writeFile(file, '{"type":"domain-name","spec_version":"2.1","value":"uno.example"}\n');
    const es = await centinela(["import", file], "es_MX.UTF-8");
    assert.match(es.stdout, /se leyeron 1 objetos|se leyeron 1 objeto/);
    assert.match(es.stderr, /leídos 1/);
    const en = await centinela(["import", file], "en_US.UTF-8");
    assert.match(en.stdout, /read 1 objects? in/);
    assert.match(en.stderr, /read 1 /);
  });
});
