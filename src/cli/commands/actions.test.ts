import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { TLP_MARKING_IDS } from "../../stix/index.js";
import { sharedData } from "../../testing/index.js";
import { defaultLang } from "./actions.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

/** Runs the real binary on the test's store with LANG set. */
function centinela(data: string, args: string[], lang = "en_US.UTF-8") {
  return run(dataTarget(data), args, undefined, { LANG: lang });
}

interface Item {
  cveId: string | null;
  kind: string;
  assetName: string;
  organizationId: string;
  score: number;
  reasons: { factor: string; en: string; es: string }[];
}

const CSV =
  "name,ip,role,criticality,internet_exposed,vendor,cpe\n" +
  "adc-1,10.0.0.5,network-edge,critical,yes,Citrix,cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.0-91.10:*:*:*:-:*:*:*\n" +
  "adc-2,10.0.0.6,network-edge,low,no,Citrix,cpe:2.3:a:citrix:netscaler_application_delivery_controller:14.1-12.35:*:*:*:-:*:*:*\n" +
  "core-sw,10.0.0.1,network-core,high,no,Huawei Technologies Co. Ltd.,\n";

describe("centinela actions", () => {
  let dir: string;
  let data: string;
  let ready = false;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-actions-"));
    data = join(dir, "data");
    await writeFile(join(dir, "inv.csv"), CSV);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  const setup = async (t: Parameters<typeof sharedData>[0]): Promise<boolean> => {
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
    if (!kev || !nvd) return false;
    if (ready) return true;
    assert.equal((await centinela(data, ["org", "add", "CFE", "--sector", "energy", "--state", "MX-JAL"])).code, 0);
    assert.equal((await centinela(data, ["org", "add", "SCT", "--sector", "transport", "--state", "MX-CMX"])).code, 0);
    assert.equal((await centinela(data, ["assets", "import", join(dir, "inv.csv"), "--org", "CFE", "-q"])).code, 0);
    assert.equal((await centinela(data, ["assets", "import", join(dir, "inv.csv"), "--org", "SCT", "-q"])).code, 0);
    const sync = await centinela(data, ["vulns", "sync", "--kev", kev, "--nvd", nvd, "-q"]);
    assert.equal(sync.code, 0, sync.stderr);
    ready = true;
    return true;
  };

  it("ranks the known-exploited Citrix flaw on the exposed critical asset first, with every reason", async (t) => {
    if (!(await setup(t))) return;
    const run = await centinela(data, ["actions", "--org", "CFE", "--json", "--today", "2026-01-01"]);
    assert.equal(run.code, 0, run.stderr);
    const items = JSON.parse(run.stdout) as Item[];
    const top = items[0] as Item;
    assert.equal(top.assetName, "adc-1");
    assert.equal(top.kind, "vulnerability");
    const factors = top.reasons.map((r) => r.factor);
    for (const f of ["kev", "due-date", "cvss", "criticality", "exposure"]) assert.ok(factors.includes(f), f);
    const bleed = items.filter((i) => i.cveId === "CVE-2023-4966").map((i) => i.assetName);
    assert.deepEqual(bleed, ["adc-1"], "14.1-12.35 is the fixed build: adc-2 is not affected");
    const vendor = items.find((i) => i.kind === "designated-vendor");
    assert.equal(vendor?.assetName, "core-sw");
    assert.ok(items.every((i) => i.organizationId === items[0]?.organizationId));
  });

  it("prints the table in Spanish or English, from --lang or LANG", async (t) => {
    if (!(await setup(t))) return;
    const es = await centinela(
      data,
      ["actions", "--org", "CFE", "--limit", "1", "--today", "2026-01-01"],
      "es_MX.UTF-8",
    );
    assert.match(es.stdout, /se explota activamente/);
    assert.match(es.stdout, /… y \d+ más/);
    const en = await centinela(
      data,
      ["actions", "--org", "CFE", "--limit", "1", "--lang", "en", "--today", "2026-01-01"],
      "es_MX.UTF-8",
    );
    assert.match(en.stdout, /is known to be exploited/);
    assert.equal(defaultLang({ LANG: "es_ES.UTF-8" }), "es");
    assert.equal(defaultLang({ LC_ALL: "en_GB", LANG: "es_MX" }), "en");
    assert.equal(defaultLang({}), "es");
    assert.equal(defaultLang({ LANG: "C.UTF-8" }), "es");
  });

  it("writes CSV and STIX under the organization's TLP, and the national list covers every organization", async (t) => {
    if (!(await setup(t))) return;
    const csv = join(dir, "a.csv");
    const stix = join(dir, "a.json");
    const run = await centinela(data, [
      "actions",
      "--org",
      "CFE",
      "--csv",
      csv,
      "--stix",
      stix,
      "--today",
      "2026-01-01",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const lines = (await readFile(csv, "utf8")).trim().split("\r\n");
    assert.match(lines[0] as string, /^rank,score,organization,asset.*,organization_name,sector,state$/);
    assert.match(lines[1] as string, /,CFE,energy,MX-JAL$/);
    const bundle = JSON.parse(await readFile(stix, "utf8")) as {
      type: string;
      objects: { type: string; object_marking_refs?: string[] }[];
    };
    assert.equal(bundle.type, "bundle");
    assert.ok(bundle.objects.some((o) => o.type === "vulnerability"));
    const marked = bundle.objects.filter((o) => o.type !== "marking-definition");
    assert.ok(marked.every((o) => o.object_marking_refs?.[0] === TLP_MARKING_IDS.amber));
    const national = JSON.parse(
      (await centinela(data, ["actions", "--national", "--json", "--today", "2026-01-01"])).stdout,
    ) as Item[];
    assert.equal(new Set(national.map((i) => i.organizationId)).size, 2);
    const cfe = JSON.parse(
      (await centinela(data, ["actions", "--org", "CFE", "--json", "--today", "2026-01-01"])).stdout,
    ) as Item[];
    assert.equal(national.length, cfe.length * 2);
  });

  it("refuses unusable options with exit code 2", async () => {
    assert.equal((await centinela(data, ["actions"])).code, 2);
    // With --national, --org filters the national list; one that names no organization is refused.
    assert.equal((await centinela(data, ["actions", "--org", "Nadie", "--national"])).code, 2);
    const lang = await centinela(data, ["actions", "--org", "CFE", "--lang", "fr"]);
    assert.equal(lang.code, 2);
    assert.match(lang.stderr, /--lang must be es or en/);
    assert.equal((await centinela(data, ["actions", "--org", "CFE", "--today", "2026-13-45"])).code, 2);
    assert.equal((await centinela(data, ["actions", "--org", "CFE", "--tlp", "purple"])).code, 2);
    // A name every object inherits is not a TLP level either.
    const inherited = await centinela(data, ["actions", "--org", "CFE", "--tlp", "toString"]);
    assert.equal(inherited.code, 2);
    assert.match(inherited.stderr, /--tlp must be one of .*not "toString"/);
  });
});
