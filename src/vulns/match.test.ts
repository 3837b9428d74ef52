import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { sharedData } from "../testing/index.js";
import type { KevEntry } from "./kev.js";
import { cveAppliesTo, type MatchableAsset, matchAsset, matchAssetNaive } from "./match.js";
import { type NvdCve, parseNvd } from "./nvd.js";
import { buildVulnIndex, normalizeProductName } from "./vuln-index.js";

function cve(id: string, configurations: unknown[]): NvdCve {
  const { cves } = parseNvd(JSON.stringify({ id, configurations }));
  return cves[0] as NvdCve;
}
const crit = (criteria: string, extra: Record<string, unknown> = {}) => ({ vulnerable: true, criteria, ...extra });
const or = (...cpeMatch: unknown[]) => ({ operator: "OR", negate: false, cpeMatch });
const asset = (key: string, ...cpes: string[]): MatchableAsset => ({ key, software: cpes.map((cpe) => ({ cpe })) });
const ids = (index: ReturnType<typeof buildVulnIndex>, a: MatchableAsset) =>
  matchAsset(index, a)
    .map((f) => f.cveId)
    .sort();

const RANGED = cve("CVE-2099-0001", [
  {
    nodes: [
      or(
        crit("cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*", {
          versionStartIncluding: "17.3",
          versionEndExcluding: "17.3.8a",
        }),
        crit("cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*", {
          versionStartExcluding: "16.0",
          versionEndIncluding: "16.12.4",
        }),
      ),
    ],
  },
]);
const PLATFORM = cve("CVE-2099-0002", [
  {
    operator: "AND",
    nodes: [
      or(crit("cpe:2.3:o:acme:plc_firmware:*:*:*:*:*:*:*:*", { versionEndExcluding: "2.0" })),
      or({ vulnerable: false, criteria: "cpe:2.3:h:acme:plc_100:-:*:*:*:*:*:*:*" }),
    ],
  },
]);
const NEGATED = cve("CVE-2099-0003", [
  {
    operator: "AND",
    nodes: [
      or(crit("cpe:2.3:a:acme:agent:1.0:*:*:*:*:*:*:*")),
      { operator: "OR", negate: true, cpeMatch: [crit("cpe:2.3:o:acme:hardened_os:*:*:*:*:*:*:*:*")] },
    ],
  },
]);
const WILD = cve("CVE-2099-0004", [{ nodes: [or(crit("cpe:2.3:a:*:libfoo:1.?:*:*:*:*:*:*:*"))] }]);
const EXACT = cve("CVE-2099-0005", [
  {
    nodes: [
      {
        operator: "AND",
        negate: false,
        cpeMatch: [crit("cpe:2.3:a:x:a:1:*:*:*:*:*:*:*"), crit("cpe:2.3:a:x:b:1:*:*:*:*:*:*:*")],
      },
    ],
  },
]);
const KEV: KevEntry[] = [
  {
    cveId: "CVE-2099-0001",
    vendorProject: "Cisco",
    product: "IOS XE",
    vulnerabilityName: "",
    dateAdded: "2099-01-01",
    shortDescription: "",
    requiredAction: "",
    dueDate: "2099-01-22",
    knownRansomware: false,
    notes: "",
    cwes: [],
  },
  {
    cveId: "CVE-2099-0100",
    vendorProject: "Zyxel",
    product: "Firewall",
    vulnerabilityName: "",
    dateAdded: "2099-01-01",
    shortDescription: "",
    requiredAction: "",
    dueDate: "2099-01-22",
    knownRansomware: true,
    notes: "",
    cwes: [],
  },
];
const INDEX = buildVulnIndex([RANGED, PLATFORM, NEGATED, WILD, EXACT], KEV);

test("version bounds: start/end, including/excluding", () => {
  assert.deepEqual(ids(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*")), ["CVE-2099-0001"]);
  assert.deepEqual(ids(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:17.3:*:*:*:*:*:*:*")), ["CVE-2099-0001"]);
  assert.deepEqual(ids(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:17.3.8a:*:*:*:*:*:*:*")), []);
  assert.deepEqual(ids(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:16.0:*:*:*:*:*:*:*")), []);
  assert.deepEqual(ids(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:16.12.4:*:*:*:*:*:*:*")), ["CVE-2099-0001"]);
  assert.deepEqual(ids(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:16.12.5:*:*:*:*:*:*:*")), []);
  assert.deepEqual(ids(INDEX, asset("a", "cpe:/o:cisco:ios_xe:17.3.2")), ["CVE-2099-0001"], "Nmap's CPE URI form");
  assert.deepEqual(
    ids(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:*")),
    [],
    "an unknown version cannot be placed in a range",
  );
  const f = matchAsset(INDEX, asset("a", "cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*"))[0];
  assert.deepEqual(f?.criteria, ["cpe:2.3:o:cisco:ios_xe:*:*:*:*:*:*:*:* >= 17.3, < 17.3.8a"]);
  assert.deepEqual(f?.cpes, ["cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*"]);
});

test("AND configuration needs the platform too; the non-vulnerable criterion is not evidence", () => {
  assert.deepEqual(ids(INDEX, asset("p", "cpe:2.3:o:acme:plc_firmware:1.9:*:*:*:*:*:*:*")), []);
  const both = matchAsset(
    INDEX,
    asset("p", "cpe:2.3:o:acme:plc_firmware:1.9:*:*:*:*:*:*:*", "cpe:2.3:h:acme:plc_100:-:*:*:*:*:*:*:*"),
  );
  assert.deepEqual(
    both.map((f) => f.cveId),
    ["CVE-2099-0002"],
  );
  assert.deepEqual(both[0]?.cpes, ["cpe:2.3:o:acme:plc_firmware:1.9:*:*:*:*:*:*:*"]);
  assert.deepEqual(
    ids(INDEX, asset("p", "cpe:2.3:o:acme:plc_firmware:2.0:*:*:*:*:*:*:*", "cpe:2.3:h:acme:plc_100:-:*:*:*:*:*:*:*")),
    [],
  );
});

test("a negated node excludes platforms that match it", () => {
  assert.deepEqual(ids(INDEX, asset("n", "cpe:2.3:a:acme:agent:1.0:*:*:*:*:*:*:*")), ["CVE-2099-0003"]);
  assert.deepEqual(
    ids(INDEX, asset("n", "cpe:2.3:a:acme:agent:1.0:*:*:*:*:*:*:*", "cpe:2.3:o:acme:hardened_os:3:*:*:*:*:*:*:*")),
    [],
  );
});

test("wildcard vendors and versions in criteria; AND inside a node", () => {
  assert.deepEqual(ids(INDEX, asset("w", "cpe:2.3:a:anyone:libfoo:1.5:*:*:*:*:*:*:*")), ["CVE-2099-0004"]);
  assert.deepEqual(ids(INDEX, asset("w", "cpe:2.3:a:anyone:libfoo:1.10:*:*:*:*:*:*:*")), []);
  assert.deepEqual(ids(INDEX, asset("x", "cpe:2.3:a:x:a:1:*:*:*:*:*:*:*")), []);
  assert.deepEqual(ids(INDEX, asset("x", "cpe:2.3:a:x:a:1:*:*:*:*:*:*:*", "cpe:2.3:a:x:b:1:*:*:*:*:*:*:*")), [
    "CVE-2099-0005",
  ]);
});

test("KEV entries without an NVD record match by normalized vendor and product", () => {
  assert.equal(normalizeProductName("Cisco Systems, Inc."), "cisco_systems_inc");
  const f = matchAsset(INDEX, asset("z", "cpe:2.3:h:zyxel:firewall:-:*:*:*:*:*:*:*"));
  assert.deepEqual(
    f.map((x) => [x.cveId, x.basis]),
    [["CVE-2099-0100", "kev-product"]],
  );
  assert.deepEqual(
    ids(INDEX, asset("z", "cpe:2.3:o:zyxel:zyxel_firewall:5:*:*:*:*:*:*:*")),
    ["CVE-2099-0100"],
    "vendor repeated in product",
  );
  // CVE-2099-0001 has an NVD record: its KEV names are not used, the configuration decides.
  assert.deepEqual(ids(INDEX, asset("z", "cpe:2.3:o:cisco:ios_xe:1.0:*:*:*:*:*:*:*")), []);
});

test("hostile input: malformed CPEs and empty software lists are skipped, not fatal", () => {
  assert.deepEqual(ids(INDEX, asset("h", "cpe:2.3:a:bad", "not a cpe", `cpe:2.3:a:${"x".repeat(10000)}`)), []);
  assert.deepEqual(matchAsset(INDEX, { key: "e", software: [{ cpe: null }] }), []);
});

test("the real NVD records: index and naive scan agree; Cisco IOS XE 17.3.1 hits CVE-2023-20198", (t) => {
  const dir = sharedData(t, "cve-records-kev/nvd-api-2.0");
  if (!dir) return;
  const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
  const records = files.flatMap((f) => parseNvd(readFileSync(join(dir, f), "utf8")).cves);
  assert.equal(records.length, 125);
  const index = buildVulnIndex(records, []);
  const hit = matchAsset(index, asset("r", "cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*"));
  assert.ok(hit.some((f) => f.cveId === "CVE-2023-20198"));
  // Every versionless criterion, and one version inside each ranged one, checked both ways.
  const probes: MatchableAsset[] = index.criteria.map((c, i) => {
    const v = c.source.versionStartIncluding ?? c.source.versionEndIncluding ?? null;
    const cpe = v
      ? c.source.criteria.replace(/^(cpe:2\.3:[^:]+:[^:]+:[^:]+):\*/, `$1:${v.replace(/([^A-Za-z0-9._-])/g, "\\$1")}`)
      : c.source.criteria;
    return asset(`p${i}`, cpe);
  });
  let total = 0;
  for (const p of probes) {
    const a = matchAsset(index, p)
      .map((f) => f.cveId)
      .sort();
    const b = matchAssetNaive(index, p)
      .map((f) => f.cveId)
      .sort();
    assert.deepEqual(a, b, p.software[0]?.cpe ?? "");
    total += a.length;
  }
  assert.ok(total > 100, `probes found ${total} findings`);
});

test("escaped characters in vendor or product still reach their criteria (the quick key path)", () => {
  const escaped = cve("CVE-2099-0200", [
    { nodes: [or(crit("cpe:2.3:a:at\\&t:u\\-verse:*:*:*:*:*:*:*:*", { versionEndExcluding: "2.0" }))] },
  ]);
  const index = buildVulnIndex(
    [escaped],
    [{ ...KEV[1]!, cveId: "CVE-2099-0201", vendorProject: "Acme Co.", product: "Gate-Way" }],
  );
  assert.deepEqual(ids(index, asset("e", "cpe:2.3:a:AT\\&T:U-Verse:1.5:*:*:*:*:*:*:*")), ["CVE-2099-0200"]);
  assert.deepEqual(ids(index, asset("e", "cpe:/a:at%26t:u-verse:1.5")), ["CVE-2099-0200"]);
  assert.deepEqual(ids(index, asset("e", "cpe:2.3:a:at\\&t:u-verse:2.0:*:*:*:*:*:*:*")), []);
  assert.deepEqual(ids(index, asset("k", "cpe:2.3:a:acme_co:gate\\-way:3:*:*:*:*:*:*:*")), ["CVE-2099-0201"]);
  assert.deepEqual(ids(index, asset("k", "cpe:2.3:a:acme_co:gateway:3:*:*:*:*:*:*:*")), []);
});

test("cveAppliesTo answers for one CVE and a list of CPEs", () => {
  const hit = cveAppliesTo(PLATFORM, ["cpe:2.3:o:acme:plc_firmware:1.0:*:*:*:*:*:*:*", "cpe:/h:acme:plc_100:-"]);
  assert.equal(hit?.cveId, "CVE-2099-0002");
  assert.deepEqual(hit?.criteria, ["cpe:2.3:o:acme:plc_firmware:*:*:*:*:*:*:*:* < 2.0"]);
  assert.equal(cveAppliesTo(PLATFORM, ["cpe:2.3:o:acme:plc_firmware:1.0:*:*:*:*:*:*:*"]), null);
  assert.equal(cveAppliesTo(PLATFORM, []), null);
});
