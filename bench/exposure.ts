/**
 * bench/exposure.ts — matching an inventory against known vulnerabilities: 100,000 generated
 * assets × 20 software items each, matched against the full CISA KEV catalog and the NVD CVE 2.0
 * records in ../shared/data, through the vendor:product index (src/vulns/match.ts). In the same
 * run a naive baseline (every CPE against every criterion) runs on a subset, and its findings are
 * checked equal to the index's on that subset.
 *
 *   node --import tsx bench/exposure.ts                 100,000 assets, naive baseline on 500
 *   node --import tsx bench/exposure.ts --assets 20000 --naive 200
 *
 * The software mix per item: 15 % CPEs built from real NVD criteria (inside their version
 * ranges), 10 % real NVD vendor:product with a version outside every range, 5 % CPEs named after
 * KEV vendor/product pairs, 70 % CPEs of products no record names.
 */
import { readdirSync, readFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import {
  buildVulnIndex,
  type Finding,
  type MatchableAsset,
  matchAsset,
  matchAssetNaive,
  normalizeProductName,
  parseKevJson,
  parseNvd,
} from "../src/vulns/index.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const DATA = process.env.CENTINELA_SHARED_DATA ?? resolve(ROOT, "..", "shared", "data");

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** A small seeded PRNG (mulberry32) so every run generates the same inventory. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function escapeFs(value: string): string {
  return value.replace(/([^A-Za-z0-9._-])/g, "\\$1");
}

const assetsWanted = arg("assets", 100_000);
const naiveWanted = arg("naive", 500);
const perAsset = 20;

const kev = parseKevJson(readFileSync(join(DATA, "cisa-kev", "known_exploited_vulnerabilities.json"), "utf8"));
const nvdDir = join(DATA, "cve-records-kev", "nvd-api-2.0");
const nvd = readdirSync(nvdDir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => parseNvd(readFileSync(join(nvdDir, f), "utf8")).cves);

const t0 = performance.now();
const index = buildVulnIndex(nvd, kev.entries);
const buildMs = performance.now() - t0;

// Pools of CPE names.
const inRange: string[] = [];
const outOfRange: string[] = [];
for (const c of index.criteria) {
  const s = c.source;
  const parts = s.criteria.split(":");
  const version = s.versionStartIncluding ?? s.versionEndIncluding ?? (parts[5] === "*" ? "1.0" : null);
  if (version !== null && parts[5] === "*") parts[5] = escapeFs(version);
  inRange.push(parts.join(":"));
  const out = s.criteria.split(":");
  out[5] = "999999.0";
  outOfRange.push(out.join(":"));
}
const kevNames = kev.entries.map(
  (e) =>
    `cpe:2.3:a:${normalizeProductName(e.vendorProject) || "x"}:${normalizeProductName(e.product) || "x"}:1.0:*:*:*:*:*:*:*`,
);
const random = rng(20261124);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
function softwareCpe(): string {
  const r = random();
  if (r < 0.15) return pick(inRange);
  if (r < 0.25) return pick(outOfRange);
  if (r < 0.3) return pick(kevNames);
  return `cpe:2.3:a:vendor${Math.floor(random() * 2000)}:product${Math.floor(random() * 50)}:${Math.floor(random() * 20)}.${Math.floor(random() * 10)}:*:*:*:*:*:*:*`;
}
const assets: MatchableAsset[] = [];
for (let i = 0; i < assetsWanted; i++) {
  const software = [];
  for (let k = 0; k < perAsset; k++) software.push({ cpe: softwareCpe() });
  assets.push({ key: `asset-${i}`, software });
}

const rssBefore = process.memoryUsage().rss;
const t1 = performance.now();
let findings = 0;
let nvdFindings = 0;
for (const a of assets) {
  const f = matchAsset(index, a);
  findings += f.length;
  for (const x of f) if (x.basis === "nvd-configuration") nvdFindings++;
}
const matchMs = performance.now() - t1;

// Naive baseline on a subset, compared finding for finding with the index.
const subset = assets.slice(0, naiveWanted);
const key = (f: Finding) => `${f.assetKey}|${f.cveId}|${f.basis}`;
const t2 = performance.now();
const naive: string[] = [];
for (const a of subset) for (const f of matchAssetNaive(index, a)) naive.push(key(f));
const naiveMs = performance.now() - t2;
const indexed = subset.flatMap((a) => matchAsset(index, a).map(key));
const agree = JSON.stringify(naive.sort()) === JSON.stringify(indexed.sort());

const items = assetsWanted * perAsset;
const naivePerItemUs = (naiveMs * 1000) / (naiveWanted * perAsset);
const indexPerItemUs = (matchMs * 1000) / items;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const report = {
  date: new Date().toISOString(),
  machine: `${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  data: {
    kevEntries: kev.entries.length,
    nvdRecords: nvd.length,
    criteria: index.criteria.length,
    productKeys: index.byProduct.size,
    wildcardCriteria: index.wildcard.length,
  },
  indexBuildMs: Math.round(buildMs * 10) / 10,
  assets: assetsWanted,
  softwareItems: items,
  matchSeconds: Math.round(matchMs) / 1000,
  itemsPerSecond: Math.round(items / (matchMs / 1000)),
  findings,
  nvdFindings,
  kevProductFindings: findings - nvdFindings,
  naive: {
    assets: naiveWanted,
    seconds: Math.round(naiveMs) / 1000,
    itemsPerSecond: Math.round((naiveWanted * perAsset) / (naiveMs / 1000)),
    extrapolatedFullSeconds: Math.round((naivePerItemUs * items) / 1e4) / 100,
    sameFindingsAsIndex: agree,
  },
  speedup: Math.round((naivePerItemUs / indexPerItemUs) * 10) / 10,
  rssGrowthDuringMatchMb: Math.round((process.memoryUsage().rss - rssBefore) / 2 ** 20),
  peakRssMb: Math.round(peakRssMb),
};
console.log(JSON.stringify(report, null, 2));
if (!agree) process.exitCode = 1;
