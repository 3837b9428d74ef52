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

test("a designated vendor in a critical role is its own line; elsewhere it adds weight", () => {
  const vendors = createVendorRegistry(shippedVendorLists());
  const items = rankActions([finding("camera", "CVE-2025-0003")], { assets: ASSETS, vendors, today: "2025-02-01" });
  const router = items.find((i) => i.assetKey === "router");
  assert.equal(router?.kind, "designated-vendor");
  assert.equal(router?.organizationId, "org-b");
  assert.match(router?.reasons.find((r) => r.factor === "designated-vendor")?.es ?? "", /papel crítico/);
  assert.match(router?.action.es ?? "", /Planee el reemplazo/);
  const camera = items.find((i) => i.assetKey === "camera");
  assert.equal(camera?.kind, "vulnerability");
  assert.equal(camera?.reasons.find((r) => r.factor === "designated-vendor")?.points, 10);
  assert.ok(
    !items.some((i) => i.kind === "designated-vendor" && i.assetKey === "camera"),
    "a camera is not a critical role",
  );
  const split = splitByOrganization(items);
  assert.deepEqual([...split.byOrganization.keys()].sort(), ["org-a", "org-b"]);
  assert.equal(split.national.length, items.length);
});

test("sightings raise an asset; a name-only KEV match is discounted and says so", () => {
  const items = rankActions([finding("plain", "CVE-2025-0004", "kev-product"), finding("exposed", "CVE-2025-0005")], {
    assets: ASSETS,
    kev: new Map([["CVE-2025-0004", kev("CVE-2025-0004", { dueDate: "2030-01-01" })]]),
    sightings: new Map([["plain", 3]]),
    today: "2025-02-01",
  });
  const plain = items.find((i) => i.assetKey === "plain")!;
  assert.equal(plain.reasons.find((r) => r.factor === "sightings")?.points, 17);
  const unconfirmed = plain.reasons.find((r) => r.factor === "unconfirmed");
  assert.ok(unconfirmed && unconfirmed.points < 0);
  assert.equal(plain.score, Math.round((40 + 5 + 17) * 0.75 * 10) / 10);
  assert.match(unconfirmed?.es ?? "", /confirme la versión/);
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
  assert.ok(items.some((i) => i.assetName === "linux-box" && i.finding?.basis === "kev-product"));
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
