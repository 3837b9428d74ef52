import assert from "node:assert/strict";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sharedData } from "../../testing/index.js";
import { dataTarget, centinela as run } from "./cli-target.fixture.js";

/**
 * The exposure path a new user takes, on the real Nmap scans of ../shared/data plus a small scan
 * of designated-vendor equipment: import, sync KEV and NVD, list the actions, review the roles.
 */

function centinela(data: string, args: string[]) {
  return run(dataTarget(data), args, undefined, { LANG: "en_US.UTF-8" });
}

interface Item {
  kind: string;
  assetName: string;
  cveId: string | null;
  cveIds: string[];
  score: number;
  finding: { cpes: string[] } | null;
  reasons: { factor: string; en: string; es: string }[];
  action: { en: string; es: string };
}

/**
 * A Hikvision camera seen from the internet by an unprivileged scan (a MAC, no vendor name) and a
 * Huawei router that speaks BGP: neither has a critical criticality, both must be listed.
 */
const DESIGNATED = `<?xml version="1.0"?>
<nmaprun scanner="nmap" args="nmap -sV" start="1764806400" version="7.94">
<host starttime="1764806400" endtime="1764806460"><status state="up"/>
<address addr="203.0.113.10" addrtype="ipv4"/><address addr="44:19:B6:AA:BB:CC" addrtype="mac"/>
<hostnames><hostname name="cam-gate" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="554"><state state="open"/><service name="rtsp"/></port>
<port protocol="tcp" portid="80"><state state="open"/><service name="http" product="lighttpd"/></port></ports>
</host>
<host starttime="1764806400" endtime="1764806460"><status state="up"/>
<address addr="203.0.113.1" addrtype="ipv4"/><address addr="00:E0:FC:12:34:56" addrtype="mac" vendor="Huawei Technologies"/>
<hostnames><hostname name="edge-bgp" type="PTR"/></hostnames>
<ports><port protocol="tcp" portid="179"><state state="open"/><service name="bgp"/></port></ports>
</host>
</nmaprun>
`;

describe("exposure on the real Nmap scans", () => {
  let dir: string;
  let data: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-exposure-"));
    data = join(dir, "data");
    await writeFile(join(dir, "designated.xml"), DESIGNATED);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it("one name-only line per asset and product, every designated-vendor device listed, roles reviewable", async (t) => {
    const scans = sharedData(t, "nmap-xml");
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
    if (!scans || !kev || !nvd) return;
    assert.equal((await centinela(data, ["org", "add", "CFE", "--sector", "energy", "--state", "MX-JAL"])).code, 0);
    for (const f of (await readdir(scans)).filter((f) => f.endsWith(".xml")).sort()) {
      const r = await centinela(data, ["assets", "import", join(scans, f), "--org", "CFE", "-q"]);
      assert.ok(r.code === 0 || f === "1_hosts_down.xml", `${f}: ${r.stderr}`);
    }
    const imp = await centinela(data, [
      "assets",
      "import",
      join(dir, "designated.xml"),
      "--org",
      "CFE",
      "--internet",
      "-q",
    ]);
    assert.equal(imp.code, 0, imp.stderr);
    const sync = await centinela(data, ["vulns", "sync", "--kev", kev, "--nvd", nvd, "-q"]);
    assert.equal(sync.code, 0, sync.stderr);

    const out = await centinela(data, ["actions", "--org", "CFE", "--json", "--today", "2026-12-04"]);
    assert.equal(out.code, 0, out.stderr);
    const items = JSON.parse(out.stdout) as Item[];
    // Before the grouping the real scans gave 193 lines, 151 of them on 192.168.1.5.
    const perProduct = new Map<string, number>();
    for (const i of items.filter((i) => i.finding && i.kind !== "designated-vendor" && i.cveId === null)) {
      const key = `${i.assetName} ${i.finding?.cpes[0]}`;
      perProduct.set(key, (perProduct.get(key) ?? 0) + 1);
    }
    assert.ok(
      [...perProduct.values()].every((n) => n === 1),
      JSON.stringify([...perProduct]),
    );
    const windows = items.find((i) => i.assetName === "192.168.1.5" && i.kind === "unconfirmed-version");
    assert.equal(windows?.cveIds.length, 151);
    assert.match(
      windows?.action.en ?? "",
      /Confirm the installed version of Microsoft Windows on 192\.168\.1\.5: 151 known-exploited/,
    );
    assert.match(windows?.action.es ?? "", /Confirme la versión instalada de Microsoft Windows/);
    const kernel4 = items.find((i) => i.assetName === "dionaea" && i.kind === "unconfirmed-version");
    assert.match(kernel4?.reasons.find((r) => r.factor === "unconfirmed")?.en ?? "", /only the family 4/);
    assert.equal(items.filter((i) => i.kind === "unconfirmed-version").length, 3);

    const designated = items.filter((i) => i.kind === "designated-vendor");
    assert.deepEqual(designated.map((i) => i.assetName).sort(), ["cam-gate", "edge-bgp"]);
    const cam = designated.find((i) => i.assetName === "cam-gate");
    assert.match(cam?.reasons.find((r) => r.factor === "designated-vendor")?.en ?? "", /IEEE block 4419B6/);
    assert.match(
      cam?.reasons.find((r) => r.factor === "designated-vendor")?.en ?? "",
      /camera \(inferred from 554\/tcp rtsp; unconfirmed\)/,
    );
    assert.match(cam?.action.en ?? "", /First take it off the internet/);
    // Version-confirmed and designated-vendor lines come before every name-only one.
    const firstNameOnly = items.findIndex((i) => i.kind === "unconfirmed-version");
    assert.ok(items.slice(firstNameOnly).every((i) => i.kind === "unconfirmed-version"));

    const table = await centinela(data, ["actions", "--org", "CFE", "--lang", "es", "--today", "2026-12-04"]);
    assert.match(table.stdout, /151 KEV, versión sin confirmar/);

    const roles = await centinela(data, ["assets", "role", "--org", "CFE"]);
    assert.equal(roles.code, 0, roles.stderr);
    const camLine = roles.stdout.split("\n").find((l) => l.includes("\tcam-gate\t")) ?? "";
    assert.match(camLine, /\tcamera\tinferred\t554\/tcp rtsp$/);
    assert.match(roles.stdout, /\tedge-bgp\tnetwork-core\tinferred\t179\/tcp bgp/);
    const camId = camLine.split("\t")[0] as string;
    const set = await centinela(data, ["assets", "role", camId, "--set", "control", "--org", "CFE"]);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /\tcam-gate\tcontrol\tconfirmed\t/);
    // The next import of the same scan keeps the person's word.
    await centinela(data, ["assets", "import", join(dir, "designated.xml"), "--org", "CFE", "-q"]);
    const again = await centinela(data, ["assets", "role", "--org", "CFE"]);
    assert.doesNotMatch(again.stdout, /cam-gate/);
    const bad = await centinela(data, ["assets", "role", camId, "--set", "toaster", "--org", "CFE"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /--set/);
  });

  it("a designated-vendor list the operator adds puts that vendor's assets on the action list", async () => {
    const own = join(dir, "own");
    const list = {
      list: "lista-nacional-ejemplo",
      title: "Lista nacional de ejemplo",
      publisher: "CSIRT nacional (ejemplo)",
      url: "https://example.org/lista",
      entries: [
        {
          id: "ejemplo-redes",
          name: "Ejemplo Redes S.A. de C.V.",
          aliases: ["Ejemplo Redes"],
          country: "XX",
          stateControl: "Propiedad de un Estado (ejemplo).",
          dateAdded: "2026-01-15",
          source: "https://example.org/lista#ejemplo",
        },
      ],
    };
    await writeFile(join(dir, "list.json"), JSON.stringify(list));
    await writeFile(join(dir, "bad.json"), "{ not json");
    await writeFile(join(dir, "shipped.json"), JSON.stringify({ ...list, list: "fcc-covered-list" }));
    await writeFile(
      join(dir, "no-date.json"),
      JSON.stringify({ ...list, entries: [{ ...list.entries[0], dateAdded: "ayer" }] }),
    );
    await writeFile(join(dir, "inv.csv"), "name,ip,role,vendor\nsw-planta,10.1.0.2,,Ejemplo Redes S. A. de C. V.\n");
    assert.equal((await centinela(own, ["org", "add", "SCT", "--sector", "transport", "--state", "MX-CMX"])).code, 0);
    assert.equal((await centinela(own, ["assets", "import", join(dir, "inv.csv"), "--org", "SCT", "-q"])).code, 0);
    const before = JSON.parse((await centinela(own, ["actions", "--org", "SCT", "--json"])).stdout) as Item[];
    assert.deepEqual(before, []);

    const bad = await centinela(own, ["assets", "vendor", "add-list", join(dir, "bad.json")]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /bad\.json is not valid JSON/);
    const shipped = await centinela(own, ["assets", "vendor", "add-list", join(dir, "shipped.json")]);
    assert.equal(shipped.code, 1);
    assert.match(shipped.stderr, /"fcc-covered-list" is a list Centinela ships/);
    const noDate = await centinela(own, ["assets", "vendor", "add-list", join(dir, "no-date.json")]);
    assert.equal(noDate.code, 1);
    assert.match(noDate.stderr, /entries\[0\]\.dateAdded must be YYYY-MM-DD/);
    const add = await centinela(own, ["assets", "vendor", "add-list", join(dir, "list.json")]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /list "lista-nacional-ejemplo" added \(1 entities\)/);
    const lists = await centinela(own, ["assets", "vendor", "lists"]);
    assert.match(lists.stdout, /^fcc-covered-list\tshipped\t/m);
    assert.match(lists.stdout, /^lista-nacional-ejemplo\tadded\t1 entity\tLista nacional de ejemplo$/m);

    const after = JSON.parse((await centinela(own, ["actions", "--org", "SCT", "--json"])).stdout) as Item[];
    assert.deepEqual(
      after.map((i) => [i.kind, i.assetName]),
      [["designated-vendor", "sw-planta"]],
    );
    const why = after[0]?.reasons.find((r) => r.factor === "designated-vendor");
    assert.match(why?.en ?? "", /Lista nacional de ejemplo, designated 2026-01-15/);
    assert.match(
      why?.es ?? "",
      /País de origen: XX\. Control estatal .*Propiedad de un Estado \(ejemplo\)\. Fuente: https:\/\/example\.org\/lista#ejemplo/,
    );

    assert.equal((await centinela(own, ["assets", "vendor", "rm-list", "lista-nacional-ejemplo"])).code, 0);
    assert.deepEqual(JSON.parse((await centinela(own, ["actions", "--org", "SCT", "--json"])).stdout), []);
    const again = await centinela(own, ["assets", "vendor", "rm-list", "lista-nacional-ejemplo"]);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /no designated-vendor list "lista-nacional-ejemplo"/);
  });

  it("CVE JSON 5 records load with --cve5 and their SSVC points rank and explain; empty or wrong sources are errors", async (t) => {
    const cve5 = sharedData(t, "cve-records-kev/vulnrichment-cve5");
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
    if (!cve5 || !kev || !nvd) return;
    const own = join(dir, "cve5");
    const wrong = await centinela(own, ["vulns", "sync", "--nvd", cve5, "-q"]);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /is a CVE JSON 5 record; load it with --cve5/);
    await mkdir(join(dir, "empty"), { recursive: true });
    const empty = await centinela(own, ["vulns", "sync", "--cve5", join(dir, "empty"), "-q"]);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /SOURCE_EMPTY: .*no \.json or \.json\.gz file \(subfolders included\)/);
    const other = await centinela(own, ["vulns", "sync", "--cve5", nvd, "-q"]);
    assert.equal(other.code, 1);
    assert.match(other.stderr, /125 document\(s\), none a CVE JSON 5 record/);
    const sync = await centinela(own, ["vulns", "sync", "--kev", kev, "--nvd", nvd, "--cve5", cve5, "--json"]);
    assert.equal(sync.code, 0, sync.stderr);
    const report = JSON.parse(sync.stdout) as Record<
      string,
      { records: number; documents: number; problems: unknown[] }
    >;
    assert.deepEqual([report.cve5?.records, report.cve5?.documents, report.cve5?.problems.length], [251, 251, 0]);
    await writeFile(
      join(dir, "ios.csv"),
      "name,ip,role,criticality,cpe\nrtr-1,10.2.0.1,network-edge,high,cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*\n",
    );
    assert.equal((await centinela(own, ["org", "add", "CFE", "--sector", "energy", "--state", "MX-JAL"])).code, 0);
    assert.equal((await centinela(own, ["assets", "import", join(dir, "ios.csv"), "--org", "CFE", "-q"])).code, 0);
    const items = JSON.parse(
      (await centinela(own, ["actions", "--org", "CFE", "--json", "--today", "2026-12-04"])).stdout,
    ) as Item[];
    const ios = items.find((i) => i.cveId === "CVE-2023-20198");
    const ssvc = ios?.reasons.find((r) => r.factor === "ssvc");
    assert.match(ssvc?.en ?? "", /Exploitation active, Automatable yes, Technical Impact total/);
    assert.match(ssvc?.es ?? "", /Puntos de decisión SSVC de CISA/);
    assert.match((await centinela(own, ["vulns", "status"])).stdout, /^CVE5 251$/m);
  });
});
