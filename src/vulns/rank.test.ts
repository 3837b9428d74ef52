import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  type Asset,
  createVendorRegistry,
  csvTemplateHeader,
  importAssetCsv,
  importNmapXml,
  shippedVendorLists,
} from "../assets/index.js";
import { sharedData } from "../testing/index.js";
import { actionsToCsv, actionsToStix } from "./export.js";
import type { KevEntry } from "./kev.js";
import { parseKevJson } from "./kev.js";
import type { Finding } from "./match.js";
import { matchAsset } from "./match.js";
import { parseNvd } from "./nvd.js";
import { rankActions, splitByOrganization } from "./rank.js";
import { buildVulnIndex } from "./vuln-index.js";

function asset(key: string, extra: Partial<Asset> = {}): Asset {
  return {
    key,
    name: key,
    organizationId: "org-a",
    siteId: null,
    addresses: [],
    macs: [],
    hostnames: [],
    role: "server",
    roleSource: "confirmed",
    roleEvidence: [],
    criticality: "medium",
    internetExposed: false,
    owner: null,
    vendor: null,
    ports: [],
    software: [],
    provenance: { source: "manual", input: "test", observedAt: null },
    ...extra,
  };
}
const kev = (cveId: string, extra: Partial<KevEntry> = {}): KevEntry => ({
  cveId,
  vendorProject: "V",
  product: "P",
  vulnerabilityName: "",
  dateAdded: "2025-01-01",
  shortDescription: "",
  requiredAction: "Apply mitigations per vendor instructions.",
  dueDate: "2025-01-22",
  knownRansomware: false,
  notes: "",
  cwes: [],
  ...extra,
});
const finding = (assetKey: string, cveId: string, basis: Finding["basis"] = "nvd-configuration"): Finding => ({
  assetKey,
  cveId,
  basis,
  sources: [basis === "kev-product" ? "kev" : "nvd"],
  cpes: ["cpe:2.3:a:v:p:1:*:*:*:*:*:*:*"],
  criteria: ["cpe:2.3:a:v:p:*:*:*:*:*:*:*:*"],
});

const ASSETS = new Map<string, Asset>([
  ["plain", asset("plain")],
  ["exposed", asset("exposed", { internetExposed: true, criticality: "critical" })],
  [
    "router",
    asset("router", { role: "network-core", vendor: "Huawei Technologies Co., Ltd.", organizationId: "org-b" }),
  ],
  ["camera", asset("camera", { role: "camera", vendor: "Hikvision" })],
]);

test("each factor raises the score and says why in both languages", () => {
  const items = rankActions(
    [finding("plain", "CVE-2025-0001"), finding("exposed", "CVE-2025-0001"), finding("plain", "CVE-2025-0002")],
    {
      assets: ASSETS,
      kev: new Map([["CVE-2025-0001", kev("CVE-2025-0001", { knownRansomware: true })]]),
      epss: new Map([["CVE-2025-0002", { epss: 0.5, percentile: 0.9 }]]),
      today: "2025-02-01",
    },
  );
  assert.deepEqual(
    items.map((i) => i.id),
    ["exposed|CVE-2025-0001", "plain|CVE-2025-0001", "plain|CVE-2025-0002"],
  );
  const top = items[0]!;
  assert.deepEqual(
    top.reasons.map((r) => r.factor),
    ["kev", "ransomware", "due-date", "criticality", "exposure"],
  );
  assert.equal(top.score, 40 + 10 + 10 + 15 + 15);
  assert.match(top.reasons[2]?.en ?? "", /passed 10 day/);
  assert.match(top.reasons[2]?.es ?? "", /venció hace 10 día/);
  assert.match(top.action.en, /Apply mitigations per vendor instructions/);
  assert.match(top.action.es, /Corrija CVE-2025-0001 en exposed/);
  assert.equal(items[2]?.score, 5 + 14);
});

test("a designated vendor is its own line in every role, ranked by role, with the facts and what to do", () => {
  const vendors = createVendorRegistry(shippedVendorLists());
  const items = rankActions([finding("camera", "CVE-2025-0003")], { assets: ASSETS, vendors, today: "2025-02-01" });
  const router = items.find((i) => i.assetKey === "router" && i.kind === "designated-vendor");
  assert.equal(router?.organizationId, "org-b");
  const why = router?.reasons.find((r) => r.factor === "designated-vendor");
  assert.equal(why?.points, 25);
  assert.match(why?.es ?? "", /País de origen: CN/);
  assert.match(why?.en ?? "", /Source: https:\/\/www\.fcc\.gov/);
  assert.match(router?.action.es ?? "", /Planee el reemplazo.*red de gestión dedicada/);
  const camera = items.find((i) => i.assetKey === "camera" && i.kind === "designated-vendor");
  assert.ok(camera, "a camera of a designated vendor is listed whatever its role");
  assert.equal(camera?.reasons.find((r) => r.factor === "designated-vendor")?.points, 15);
  assert.match(camera?.action.en ?? "", /no route to the internet/);
  assert.ok((router?.score ?? 0) > (camera?.score ?? 0), "network core ranks above a camera");
  const cameraCve = items.find((i) => i.assetKey === "camera" && i.kind === "vulnerability");
  assert.equal(cameraCve?.reasons.find((r) => r.factor === "designated-vendor")?.points, 15);
  const split = splitByOrganization(items);
  assert.deepEqual([...split.byOrganization.keys()].sort(), ["org-a", "org-b"]);
  assert.equal(split.national.length, items.length);
});

test("a designated vendor is recognized from the MAC block, the CPE vendor and the service product", () => {
  const vendors = createVendorRegistry(shippedVendorLists());
  const assets = new Map<string, Asset>([
    // 44:19:B6 is registered to Hangzhou Hikvision; Nmap gave no vendor (an unprivileged scan).
    ["oui", asset("oui", { macs: ["44:19:b6:01:02:03"], role: "camera", internetExposed: true })],
    [
      "cpe",
      asset("cpe", {
        software: [
          {
            name: "vrp",
            version: null,
            vendor: null,
            kind: "operating-system",
            cpe: "cpe:2.3:o:huawei:vrp:*:*:*:*:*:*:*:*",
            purl: null,
          },
        ],
      }),
    ],
    [
      "svc",
      asset("svc", {
        ports: [{ protocol: "tcp", port: 80, service: "http", product: "Dahua DVR httpd", version: null }],
      }),
    ],
    // Locally administered (Docker) and unregistered addresses name nobody.
    ["none", asset("none", { macs: ["02:42:ac:1c:01:03"] })],
  ]);
  const items = rankActions([], { assets, vendors, today: "2025-02-01" });
  const byKey = new Map(items.map((i) => [i.assetKey, i]));
  assert.deepEqual([...byKey.keys()].sort(), ["cpe", "oui", "svc"]);
  assert.equal(byKey.get("oui")?.vendorMatches[0]?.via, "mac-oui");
  assert.match(
    byKey.get("oui")?.reasons.find((r) => r.factor === "designated-vendor")?.en ?? "",
    /IEEE block 4419B6 registered to "Hangzhou Hikvision/,
  );
  assert.match(byKey.get("oui")?.action.es ?? "", /^Planee.*Primero retírelo de internet/);
  assert.equal(byKey.get("cpe")?.vendorMatches[0]?.entry.id, "huawei");
  assert.equal(byKey.get("cpe")?.vendorMatches[0]?.via, "cpe");
  assert.equal(byKey.get("svc")?.vendorMatches[0]?.entry.id, "dahua");
  assert.equal(byKey.get("svc")?.vendorMatches[0]?.rule, "prefix");
});

test("name-only KEV matches are one line per asset and product, below the version-confirmed lines", () => {
  const bare = "cpe:2.3:o:microsoft:windows:*:*:*:*:*:*:*:*";
  const nameOnly = (key: string, cve: string, cpe = bare): Finding => ({
    assetKey: key,
    cveId: cve,
    basis: "kev-product",
    sources: ["kev"],
    cpes: [cpe],
    criteria: ["Microsoft Windows"],
  });
  const win = asset("win", {
    internetExposed: true,
    software: [
      { name: "Windows", version: null, vendor: "microsoft", kind: "operating-system", cpe: bare, purl: null },
    ],
  });
  const recorded = asset("recorded", {
    software: [
      { name: "Windows", version: null, vendor: "microsoft", kind: "operating-system", cpe: bare, purl: null },
      {
        name: "windows_10",
        version: "1809",
        vendor: "microsoft",
        kind: "operating-system",
        cpe: "cpe:2.3:o:microsoft:windows_10:1809:*:*:*:*:*:*:*",
        purl: null,
      },
    ],
  });
  const assets = new Map<string, Asset>([...ASSETS, ["win", win], ["recorded", recorded]]);
  const cves = Array.from({ length: 8 }, (_, i) => `CVE-2024-000${i}`);
  const kevMap = new Map(cves.map((c, i) => [c, kev(c, { knownRansomware: i < 2 })]));
  const items = rankActions(
    [
      ...cves.map((c) => nameOnly("win", c)),
      ...cves.slice(0, 3).map((c) => nameOnly("recorded", c)),
      finding("plain", "CVE-2025-0001"),
    ],
    { assets, kev: kevMap, sightings: new Map([["win", 3]]), today: "2025-02-01" },
  );
  assert.deepEqual(
    items.map((i) => [i.assetKey, i.kind]),
    [
      ["plain", "vulnerability"],
      ["win", "unconfirmed-version"],
      ["recorded", "unconfirmed-version"],
    ],
  );
  const group = items[1]!;
  assert.equal(group.cveIds.length, 8);
  assert.equal(group.cveId, null);
  assert.ok(group.score > items[0]!.score, "it scores more, and still ranks below a confirmed line");
  assert.match(
    group.reasons[0]?.en ?? "",
    /^8 known-exploited vulnerabilities \(CISA KEV\) of Microsoft Windows: CVE-2024-0000, .* and 3 more; 2 used by ransomware/,
  );
  assert.equal(group.reasons.find((r) => r.factor === "sightings")?.points, 17);
  assert.ok((group.reasons.find((r) => r.factor === "unconfirmed")?.points ?? 0) < 0);
  assert.match(
    group.action.en,
    /Confirm the installed version of Microsoft Windows on win: 8 known-exploited vulnerabilities would apply/,
  );
  assert.match(group.action.es, /Confirme la versión instalada de Microsoft Windows en win: 8 vulnerabilidades/);
  assert.match(items[2]!.action.en, /windows_10 1809 on recorded is checked/);
  assert.match(actionsToCsv(items), /CVE-2024-0000 CVE-2024-0001/);
});

test("findings on unknown assets are ignored, not fatal", () => {
  assert.deepEqual(rankActions([finding("ghost", "CVE-2025-0001")], { assets: ASSETS, today: "2025-02-01" }), []);
});

test("real data end to end: Nmap + CSV inventory × KEV + NVD → ranked, explained, exported", (t) => {
  const nmapDir = sharedData(t, "nmap-xml");
  const kevDir = sharedData(t, "cisa-kev");
  const nvdDir = sharedData(t, "cve-records-kev/nvd-api-2.0");
  if (!nmapDir || !kevDir || !nvdDir) return;
  const scan = importNmapXml(readFileSync(join(nmapDir, "dionaea_scan.xml"), "utf8"), { internetExposed: true });
  const csv = importAssetCsv(
    [
      csvTemplateHeader().trim(),
      "edge-router,org-a,,10.9.9.1,,,network-edge,critical,yes,,Huawei,cpe:2.3:o:cisco:ios_xe:17.3.1:*:*:*:*:*:*:*,",
      "linux-box,org-b,,10.9.9.2,,,server,low,no,,,cpe:/o:linux:linux_kernel:5.10,",
    ].join("\n"),
  );
  assert.deepEqual(csv.problems, []);
  const assets = new Map([...scan.assets, ...csv.assets].map((a) => [a.key, a]));
  const kev = parseKevJson(readFileSync(join(kevDir, "known_exploited_vulnerabilities.json"), "utf8"));
  const nvd = readdirSync(nvdDir).flatMap((f) => parseNvd(readFileSync(join(nvdDir, f), "utf8")).cves);
  const index = buildVulnIndex(nvd, kev.entries);
  const findings = [...assets.values()].flatMap((a) => matchAsset(index, a));
  const items = rankActions(findings, {
    assets,
    kev: new Map(kev.entries.map((e) => [e.cveId, e])),
    nvd: new Map(nvd.map((c) => [c.id, c])),
    vendors: createVendorRegistry(shippedVendorLists()),
    today: "2025-09-01",
  });
  const top = items[0]!;
  assert.equal(top.assetName, "edge-router");
  assert.equal(top.cveId, "CVE-2023-20198");
  assert.deepEqual(
    top.reasons.map((r) => r.factor),
    ["kev", "due-date", "cvss", "criticality", "exposure", "designated-vendor"],
  );
  assert.ok(items.some((i) => i.assetName === "linux-box" && i.kind === "unconfirmed-version"));
  assert.ok(items.some((i) => i.kind === "designated-vendor" && i.assetName === "edge-router"));
  const rows = actionsToCsv(items).trimEnd().split("\r\n").length;
  assert.ok(rows >= items.length + 1);
  const stix = actionsToStix(items, {
    tlp: "amber",
    assets,
    nvd: new Map(nvd.map((c) => [c.id, c])),
    now: "2025-09-01T00:00:00.000Z",
  });
  assert.ok(stix.some((o) => o.type === "vulnerability" && o.name === "CVE-2023-20198"));
});
