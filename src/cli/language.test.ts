import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PROJECT_ROOT, sharedData } from "../testing/index.js";
import { type CliRun, dataTarget, centinela as run } from "./commands/cli-target.fixture.js";

/**
 * The command line speaks one language at a time (issue #16 item 1): with LANG=es_MX.UTF-8 no
 * English sentence of ours, with LANG=en_US.UTF-8 none in Spanish. A word-list heuristic: common
 * function words of the other language, counted outside what is quoted, paths, URLs, commands in
 * backticks and identifiers (which are data, not our sentences).
 */

const ENGLISH = new Set([
  "the",
  "is",
  "are",
  "was",
  "with",
  "and",
  "from",
  "not",
  "this",
  "that",
  "which",
  "has",
  "have",
  "shown",
  "records",
  "updated",
  "unchanged",
  "skipped",
  "rejected",
  "objects",
  "read",
  "stored",
  "new",
]);
const SPANISH = new Set([
  "el",
  "la",
  "los",
  "las",
  "del",
  "que",
  "con",
  "para",
  "por",
  "una",
  "es",
  "son",
  "sin",
  "más",
  "objetos",
  "leídos",
  "guardados",
  "registros",
  "actualizados",
  "omitidos",
  "rechazados",
  "nuevos",
]);

/** The words of `text` that are function words of `other`, with the line each is on. */
export function foreignWords(text: string, other: Set<string>): string[] {
  const found: string[] = [];
  for (const line of text.split("\n")) {
    const ours = line
      .replace(/`[^`]*`/g, " ")
      .replace(/"[^"]*"|«[^»]*»|'[^']*'/g, " ")
      .replace(/\b\w+:\/\/\S+/g, " ")
      .replace(/(?:\.{0,2}\/|\b[\w.-]+\/)[\w./-]+/g, " ")
      .replace(/\b[\w-]+--[\w-]+\b|\bCVE-\d+-\d+\b/g, " ");
    for (const word of ours.toLowerCase().split(/[^\p{L}]+/u)) if (other.has(word)) found.push(`${word}: ${line}`);
  }
  return found;
}

describe("one language at a time on the command line", () => {
  let dir = "";
  let data = "";
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-language-"));
    data = join(dir, "data");
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("finds a sentence of the other language, and not the data around it", () => {
    assert.deepEqual(foreignWords("leídos 5  guardados 4", ENGLISH), []);
    assert.equal(foreignWords("5 objetos; the rest is later", ENGLISH).length, 2);
    assert.deepEqual(foreignWords('org "Secretaría de la Energía" at ../shared/data/la/x.json', SPANISH), []);
  });

  it("import, assets, vulns, actions and feeds print no sentence of the other language", async (t) => {
    const nmap = sharedData(t, "nmap-xml/1_hosts_down.xml");
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    if (!nmap || !kev) return;
    const sample = join(PROJECT_ROOT, "examples", "sample-bundle.json");
    for (const [lang, other, dataDir] of [
      ["es_MX.UTF-8", ENGLISH, `${data}-es`],
      ["en_US.UTF-8", SPANISH, `${data}-en`],
    ] as const) {
      const centinela = (args: string[]): Promise<CliRun> => run(dataTarget(dataDir), args, undefined, { LANG: lang });
      const runs: CliRun[] = [
        await centinela(["org", "add", "CSIRT"]),
        await centinela(["import", sample]),
        await centinela(["import", sample]),
        await centinela(["assets", "import", nmap, "--org", "CSIRT"]),
        await centinela(["vulns", "sync", "--kev", kev]),
        await centinela(["vulns", "status"]),
        await centinela(["actions", "--org", "CSIRT"]),
        await centinela(["feeds", "list"]),
        await centinela(["feeds", "sync"]),
      ];
      const text: string = runs.map((r) => `${r.stdout}\n${r.stderr}`).join("\n");
      assert.deepEqual(foreignWords(text, other), [], `${lang}:\n${text}`);
    }
  });
  it("an assets import of files with bad items and a vulns sync of a folder without records name each problem in the reader's language", async () => {
    // A CycloneDX SBOM with a component of a bad CPE, one without name, one not an object and a
    // purl without pkg:; an Nmap scan with a host down and a bad CPE; a CSV with an unknown column and bad cells.
    const sbom = join(dir, "broken.bom.json");
    await writeFile(
      sbom,
      JSON.stringify({
        bomFormat: "CycloneDX",
        specVersion: "1.5",
        metadata: { component: { type: "application", name: "portal" } },
        components: [
          { type: "library", name: "lodash", version: "4.17.20", cpe: "cpe:2.3:x:lodash:lodash:4.17.20:*:*:*:*:*:*:*" },
          { type: "library", version: "1.0" },
          "broken",
          { type: "library", name: "left-pad", purl: "npm/left-pad" },
        ],
      }),
    );
    const scan = join(dir, "down.xml");
    await writeFile(
      scan,
      `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV -oX down.xml 10.0.0.0/30" start="1700000000" version="7.94">
<host><status state="down" reason="no-response"/><address addr="10.0.0.1" addrtype="ipv4"/></host>
<host><status state="up" reason="syn-ack"/><address addr="10.0.0.2" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="22"><state state="open"/><service name="ssh" product="OpenSSH" version="9.6"><cpe>cpe:/q:openbsd:openssh:9.6</cpe></service></port></ports></host>
<host><status state="up"/><address addr="10.0.0.3" addrtype="ipv4"/></host>
</nmaprun>
`,
    );
    const csv = join(dir, "bad.csv");
    await writeFile(csv, "name,ip,criticality,colour\nweb1,10.0.0.300,huge,red\n");
    const empty = join(dir, "no-nvd");
    await mkdir(empty);
    await writeFile(join(empty, "notes.txt"), "not a record\n");
    for (const [lang, other, dataDir] of [
      ["es_MX.UTF-8", ENGLISH, `${data}-bad-es`],
      ["en_US.UTF-8", SPANISH, `${data}-bad-en`],
    ] as const) {
      const centinela = (args: string[]): Promise<CliRun> => run(dataTarget(dataDir), args, undefined, { LANG: lang });
      const runs: CliRun[] = [
        await centinela(["org", "add", "CSIRT"]),
        await centinela(["assets", "import", sbom, "--org", "CSIRT"]),
        await centinela(["assets", "import", scan, "--org", "CSIRT"]),
        await centinela(["assets", "import", csv, "--org", "CSIRT"]),
        // A folder with no NVD record: the vulns module's SOURCE_EMPTY error.
        await centinela(["vulns", "sync", "--nvd", empty]),
      ];
      const text: string = runs.map((r) => `${r.stdout}\n${r.stderr}`).join("\n");
      for (const code of ["CPE_BAD_PART", "PURL_BAD_SCHEME", "NMAP_BAD_CPE", "CSV_BAD_CELL", "SOURCE_EMPTY"])
        assert.match(text, new RegExp(code), `${lang}: the problem ${code} is reported\n${text}`);
      assert.deepEqual(foreignWords(text, other), [], `${lang}:\n${text}`);
    }
  });
});
