import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { PROJECT_ROOT, sharedData } from "../testing/index.js";
import { runCli } from "./run-in-process.fixture.js";

function centinela(args: string[], lang = "es_MX.UTF-8") {
  const env = { ...process.env, LC_ALL: lang, LC_MESSAGES: "", LANG: lang };
  return runCli(args, { cwd: PROJECT_ROOT, env });
}

const OBSERVED = [
  {
    type: "observed-data",
    spec_version: "2.1",
    id: "observed-data--b67d30ff-02ac-498a-92f9-32f845f448cf",
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-01T00:00:00.000Z",
    first_observed: "2026-01-01T00:00:00Z",
    last_observed: "2026-01-01T00:00:00Z",
    number_observed: 1,
    object_refs: ["ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd"],
  },
  {
    type: "ipv4-addr",
    spec_version: "2.1",
    id: "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd",
    value: "198.51.100.3",
  },
];

describe("centinela pattern", () => {
  it("check: valid exits 0, invalid exits 2 with line:column", async () => {
    const good = await centinela(["pattern", "check", "[ipv4-addr:value ISSUBSET '198.51.100.0/24']"]);
    assert.equal(good.code, 0);
    assert.equal(good.stdout, "válido (0 avisos)\n");
    const bad = await centinela(["pattern", "check", "[ipv4-addr:value = '1.2.3.4'"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stdout, /PATTERN_\w+.*\(1:\d+\)/);
    assert.match(bad.stdout, /\nno válido\n$/);
    const regex = await centinela(["pattern", "check", "[ipv4-addr:value MATCHES '(']"]);
    assert.match(
      regex.stdout,
      /^error PATTERN_BAD_REGEX: expresión regular no válida: falta el \) de cierre: `\(` \(1:26\)\n/,
    );
    const english = await centinela(["pattern", "check", "[ipv4-addr:value MATCHES '(']"], "en_US.UTF-8");
    assert.match(
      english.stdout,
      /^error PATTERN_BAD_REGEX: invalid regular expression: missing closing \): `\(` \(1:26\)\ninvalid\n$/,
    );
  });

  it("match: exit 0 on a match, 1 on no match, 2 on an invalid pattern; and the batch mode", async () => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-pattern-"));
    try {
      const file = join(dir, "observed.json");
      await writeFile(file, JSON.stringify(OBSERVED));
      const hit = await centinela(["pattern", "match", "[ipv4-addr:value = '198.51.100.3']", file]);
      assert.equal(hit.code, 0, hit.stderr);
      assert.equal((JSON.parse(hit.stdout) as { matched: boolean }).matched, true);
      assert.equal((await centinela(["pattern", "match", "[ipv4-addr:value = '198.51.100.4']", file])).code, 1);
      assert.equal((await centinela(["pattern", "match", "[ipv4-addr:value = ", file])).code, 2);

      const cases = join(dir, "cases.jsonl");
      await writeFile(
        cases,
        [
          JSON.stringify({ pattern: "[ipv4-addr:value = '198.51.100.3']", observed_data: OBSERVED }),
          JSON.stringify({ pattern: "[ipv4-addr:value = '10.0.0.1']", observed_data: OBSERVED }),
          JSON.stringify({ pattern: "[ipv4-addr:value = ", observed_data: OBSERVED }),
          "not json",
        ].join("\n"),
      );
      const batch = await centinela(["pattern", "match", "--cases", cases]);
      const lines = batch.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.equal(lines.length, 4);
      assert.deepEqual(lines[0], { matched: true });
      assert.deepEqual(lines[1], { matched: false });
      const error = lines[2]?.error as { code: string; line: number; column: number };
      assert.match(error.code, /^PATTERN_/);
      assert.equal(error.line, 1);
      assert.ok(error.column > 0);
      assert.ok(lines[3]?.error);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("match: a file that is not observed-data is an error saying what was expected and found", async (t) => {
    const pattern = "[ipv4-addr:value = '198.51.100.3']";
    const zeek = sharedData(t, "zeek-wrccdc-2018/zeek-default/dns.log.gz");
    if (zeek !== null) {
      const es = await centinela(["pattern", "match", pattern, zeek]);
      assert.equal(es.code, 2);
      assert.equal(es.stdout, "");
      assert.match(es.stderr, /parece un registro de Zeek.*`pattern match` lee observed-data/);
      const en = await centinela(["pattern", "match", pattern, zeek], "en_US.UTF-8");
      assert.match(en.stderr, /looks like a Zeek log.*`pattern match` reads observed-data/);
    }
    const dir = await mkdtemp(join(tmpdir(), "centinela-pattern-"));
    try {
      const scos = join(dir, "scos.json");
      await writeFile(scos, JSON.stringify([OBSERVED[1], { value: "x" }]));
      const none = await centinela(["pattern", "match", pattern, scos], "en_US.UTF-8");
      assert.equal(none.code, 2);
      assert.match(none.stderr, /no observed-data in it: found 2 objects \(ipv4-addr, no "type"\)/);
      assert.match(
        (await centinela(["pattern", "match", pattern, scos])).stderr,
        /no contiene observed-data: se encontraron 2/,
      );

      const broken = join(dir, "broken.jsonl");
      await writeFile(broken, `${JSON.stringify(OBSERVED[0])}\n{oops\n`);
      const bad = await centinela(["pattern", "match", pattern, broken], "en_US.UTF-8");
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /broken\.jsonl: line 2 is not JSON/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
