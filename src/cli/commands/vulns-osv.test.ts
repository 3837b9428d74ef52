import assert from "node:assert/strict";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { zipSync } from "fflate";
import { PROJECT_ROOT, sharedData } from "../../testing/index.js";
import { type CliRun, runCli } from "../run-in-process.fixture.js";

/**
 * `vulns sync --osv` on the real advisories of ../shared/data/osv-advisories — a folder, a zip
 * made of them, a gzip URL — and `actions` on the real juice-shop SBOM: OSV findings, one line
 * for a CVE that NVD and OSV both find, and the mistakes a user makes (a damaged zip, a file of
 * another format) named with the file while the rest loads.
 */

function centinela(data: string, args: string[], lang = "en_US.UTF-8"): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, LANG: lang };
  delete env.CENTINELA_DB;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return runCli([...args, "--data", data], { env, cwd: PROJECT_ROOT });
}

interface Report {
  documents: number;
  records: number;
  new: number;
  unchanged: number;
  problems: { code: string; document: string; message: string }[];
}

interface Line {
  cveId: string;
  kind: string;
  finding: { basis: string; sources: string[]; purls?: string[]; cpes: string[]; advisories?: string[] } | null;
  reasons: { factor: string; en: string }[];
  action: { en: string };
}

/** An NVD record for CVE-2021-23337 (lodash < 4.17.21), written as NVD writes it, to meet GHSA-35jh-r3h4-6jhm. */
const NVD_LODASH = {
  resultsPerPage: 1,
  startIndex: 0,
  totalResults: 1,
  format: "NVD_CVE",
  version: "2.0",
  vulnerabilities: [
    {
      cve: {
        id: "CVE-2021-23337",
        published: "2021-02-15T13:15:12.560",
        lastModified: "2024-11-21T05:51:31.643",
        vulnStatus: "Modified",
        descriptions: [{ lang: "en", value: "Lodash versions prior to 4.17.21 are vulnerable to Command Injection." }],
        metrics: {
          cvssMetricV31: [
            {
              source: "nvd@nist.gov",
              type: "Primary",
              cvssData: {
                version: "3.1",
                vectorString: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H",
                baseScore: 7.2,
                baseSeverity: "HIGH",
              },
            },
          ],
        },
        configurations: [
          {
            nodes: [
              {
                operator: "OR",
                negate: false,
                cpeMatch: [
                  {
                    vulnerable: true,
                    criteria: "cpe:2.3:a:lodash:lodash:*:*:*:*:*:node.js:*:*",
                    versionEndExcluding: "4.17.21",
                    matchCriteriaId: "D1D8A6BA-4E7A-4D5C-8D3B-3F3E4B1B8C0A",
                  },
                ],
              },
            ],
          },
        ],
      },
    },
  ],
};

describe("centinela vulns sync --osv", () => {
  let dir: string;
  let data: string;
  let advisories: string;
  let server: Server;
  let base: string;
  const served = new Map<string, Buffer>();

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-osv-"));
    data = join(dir, "data");
    server = createServer((req, res) => {
      const body = served.get(req.url ?? "");
      res.writeHead(body ? 200 : 404);
      res.end(body ?? "not found");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  const ready = async (t: Parameters<typeof sharedData>[0]): Promise<string | null> => {
    const folder = sharedData(t, "osv-advisories");
    const sbom = sharedData(t, "cyclonedx-sbom/juice-shop-v11.1.2.bom.json");
    if (!folder || !sbom) return null;
    advisories = folder;
    return sbom;
  };

  it("loads a folder of OSV records, says so in status, and ranks the SBOM's affected packages", async (t) => {
    const sbom = await ready(t);
    if (!sbom) return;
    assert.equal((await centinela(data, ["org", "add", "Tienda", "--sector", "finance", "--state", "CDMX"])).code, 0);
    const imported = await centinela(data, ["assets", "import", sbom, "--org", "Tienda", "-q"]);
    assert.equal(imported.code, 0, imported.stderr);
    const sync = await centinela(data, ["vulns", "sync", "--osv", advisories, "--json"]);
    assert.equal(sync.code, 0, sync.stderr);
    const report = JSON.parse(sync.stdout).osv as Report;
    assert.equal(report.records, 61);
    assert.equal(report.new, 61);
    // marsdb's `"fixed": ""` is reported with its file; the record is kept.
    assert.deepEqual(
      report.problems.map((p) => [p.code, p.document.endsWith("GHSA-5mrr-rgp6-x4gr.json")]),
      [["OSV_BAD_ENTRY", true]],
    );
    const again = JSON.parse((await centinela(data, ["vulns", "sync", "--osv", advisories, "--json"])).stdout);
    assert.equal(again.osv.unchanged, 61);
    const status = await centinela(data, ["vulns", "status"]);
    assert.match(status.stdout, /^OSV 61$/m);

    const run = await centinela(data, ["actions", "--org", "Tienda", "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const lines = JSON.parse(run.stdout) as Line[];
    const byCve = new Map(lines.map((l) => [l.cveId, l]));
    // lodash 2.4.2 and 4.17.19 are both in juice-shop: one line for the CVE, both versions named.
    const lodash = byCve.get("CVE-2021-23337");
    assert.ok(lodash, "CVE-2021-23337 (GHSA-35jh-r3h4-6jhm) on lodash");
    assert.deepEqual(lodash.finding?.sources, ["osv"]);
    assert.deepEqual(lodash.finding?.purls?.sort(), ["pkg:npm/lodash@2.4.2", "pkg:npm/lodash@4.17.19"]);
    assert.match(lodash.action.en, /update lodash to 4\.17\.21 or later/);
    const advisory = lodash.reasons.find((r) => r.factor === "advisory");
    assert.match(advisory?.en ?? "", /GHSA-35jh-r3h4-6jhm \(OSV\) lists .*\[0, 4\.17\.21\)/);
    // An advisory without a CVE alias is a line under its own id.
    assert.ok(byCve.has("GHSA-5mrr-rgp6-x4gr"), "marsdb, all versions");
    // Misses of SOURCE.md: kind-of 6.0.3 equals the fix; debug 2.6.9 equals the fix of its range.
    assert.ok(!byCve.has("CVE-2019-20149"), "kind-of not affected");
    const debug = byCve.get("CVE-2017-16137");
    assert.ok(debug && !debug.finding?.purls?.includes("pkg:npm/debug@2.6.9"), "debug 2.6.9 not affected");
    // Spanish reasons and action.
    const es = await centinela(data, ["actions", "--org", "Tienda", "--lang", "es", "--limit", "200"], "es_MX.UTF-8");
    assert.match(es.stdout, /GHSA-35jh-r3h4-6jhm \(OSV\) señala .* como afectado/);
    assert.match(es.stdout, /actualice lodash a 4\.17\.21 o posterior/);
  });

  it("makes an NVD finding and an OSV finding for the same CVE one line with both sources", async (t) => {
    if (!(await ready(t))) return;
    const nvd = join(dir, "nvd-lodash.json");
    await writeFile(nvd, JSON.stringify(NVD_LODASH));
    assert.equal((await centinela(data, ["vulns", "sync", "--nvd", nvd, "-q"])).code, 0);
    // `assets list --json` writes one asset per line.
    const listed = await centinela(data, ["assets", "list", "--org", "Tienda", "--json"]);
    const asset = JSON.parse(listed.stdout.split("\n")[0] as string) as { id: string };
    const cpe = "cpe:2.3:a:lodash:lodash:4.17.19:*:*:*:*:node.js:*:*";
    const add = await centinela(data, ["assets", "software", "add", asset.id, "--org", "Tienda", "--cpe", cpe]);
    assert.equal(add.code, 0, add.stderr);
    const lines = JSON.parse((await centinela(data, ["actions", "--org", "Tienda", "--json"])).stdout) as Line[];
    const lodash = lines.filter((l) => l.cveId === "CVE-2021-23337");
    assert.equal(lodash.length, 1, "one line for the CVE");
    const finding = lodash[0]?.finding;
    assert.deepEqual(finding?.sources, ["nvd", "osv"]);
    assert.equal(finding?.basis, "nvd-configuration");
    assert.deepEqual(finding?.cpes, [cpe]);
    assert.deepEqual(finding?.advisories, ["GHSA-35jh-r3h4-6jhm"]);
    const factors = lodash[0]?.reasons.map((r) => r.factor);
    assert.ok(factors?.includes("cvss") && factors.includes("advisory"), String(factors));
  });

  it("reads a zip of records, a gzip URL, and names a damaged zip or a foreign file while the rest loads", async (t) => {
    if (!(await ready(t))) return;
    const names = (await readdir(advisories)).filter((n) => n.endsWith(".json")).sort();
    const entries: Record<string, Uint8Array> = {};
    for (const n of names.slice(0, 10)) entries[`advisories/${n}`] = await readFile(join(advisories, n));
    const zip = zipSync(entries);
    const mixed = join(dir, "mixed");
    await mkdir(join(mixed, "sub"), { recursive: true });
    await writeFile(join(mixed, "all.zip"), zip);
    await writeFile(join(mixed, "broken.zip"), zip.subarray(0, Math.floor(zip.length / 2)));
    await writeFile(join(mixed, "fake.zip"), "not a zip at all");
    await copyFile(join(advisories, names[20] as string), join(mixed, "sub", names[20] as string));
    const cve5 = sharedData(t, "cve-records-kev/vulnrichment-cve5");
    if (!cve5) return;
    const year = join(cve5, (await readdir(cve5)).sort()[0] as string);
    const firstCve5 = (await readdir(year, { recursive: true })).find((n) => String(n).endsWith(".json")) as string;
    await copyFile(join(year, firstCve5), join(mixed, "sub", "a-cve5-record.json"));

    const run = await centinela(data, ["vulns", "sync", "--osv", mixed, "--json"]);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout).osv as Report;
    assert.equal(report.records, 11);
    const problem = (file: string) => report.problems.find((p) => p.document.endsWith(file));
    assert.equal(problem("broken.zip")?.code, "OSV_BAD_ZIP");
    assert.match(problem("broken.zip")?.message ?? "", /broken\.zip is a damaged zip/);
    assert.match(problem("fake.zip")?.message ?? "", /fake\.zip is named \.zip but is not a zip file/);
    assert.equal(problem("a-cve5-record.json")?.code, "OSV_NOT_A_RECORD");
    assert.match(problem("a-cve5-record.json")?.message ?? "", /CVE JSON 5 record: load it with --cve5/);

    const broken = await centinela(data, ["vulns", "sync", "--osv", join(mixed, "broken.zip")], "es_MX.UTF-8");
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /SOURCE_EMPTY.*--osv .*broken\.zip.*broken\.zip es un zip dañado/);

    const arrays = await Promise.all(
      names.slice(30, 35).map(async (n) => JSON.parse(await readFile(join(advisories, n), "utf8"))),
    );
    served.set("/osv.json.gz", gzipSync(JSON.stringify(arrays)));
    served.set("/all.zip", Buffer.from(zip));
    const url = await centinela(data, ["vulns", "sync", "--osv", `${base}/osv.json.gz`, "--json"]);
    assert.equal(url.code, 0, url.stderr);
    assert.equal(JSON.parse(url.stdout).osv.records, 5);
    const zipUrl = await centinela(data, ["vulns", "sync", "--osv", `${base}/all.zip`, "--json"]);
    assert.equal(JSON.parse(zipUrl.stdout).osv.records, 10);
  });
});
