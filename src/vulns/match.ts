import { parseCpe, plainValue, type Wfn } from "../assets/index.js";
import type { NvdCve } from "./nvd.js";
import {
  buildVulnIndex,
  type CompiledCriterion,
  cannotMatch,
  criterionMatches,
  normalizeProductName,
  parsedCpe,
  type VulnIndex,
} from "./vuln-index.js";

/**
 * Which known vulnerabilities an asset's software has. Two bases:
 * - "nvd-configuration": the NVD applicability configurations of the CVE evaluate true over the
 *   asset's CPE names (NISTIR 7696 superset match per criterion, version bounds, AND/OR, negate);
 * - "kev-product": for a KEV CVE with no NVD record loaded, the KEV vendor and product names equal
 *   a CPE's vendor and product once normalized. No version is known: a lead to check, not proof.
 *
 * The index keys every criterion by its vendor:product, so an asset's CPE meets only the criteria
 * that could match it; criteria with a wildcard vendor or product are checked against every CPE.
 */

/**
 * How a finding was established: NVD configurations, the KEV product name only, or an OSV
 * advisory's version range for a package (osv-match.ts).
 */
export type MatchBasis = "nvd-configuration" | "kev-product" | "osv-range";

/** Where a finding comes from; one finding may have several (NVD and OSV for the same CVE). */
export type FindingSource = "nvd" | "kev" | "osv";

/** One CVE found on one asset, with the names that show why. */
export interface Finding {
  assetKey: string;
  cveId: string;
  basis: MatchBasis;
  /** The asset's CPE names that matched a vulnerable criterion (or the KEV product). */
  cpes: string[];
  /** The criteria that matched, with their version bounds ("cpe:2.3:o:cisco:ios_xe:* >= 17.3, < 17.3.8a"). */
  criteria: string[];
  /** Every source that found it. */
  sources: FindingSource[];
  /** The asset's package URLs that an OSV advisory named. */
  purls?: string[];
  /** The OSV advisories (GHSA-…, GO-…, PYSEC-…) behind it. */
  advisories?: string[];
  /** Versions that fix it, from the OSV ranges, when known. */
  fixedIn?: string[];
}

/** What the matcher reads of an asset. */
export interface MatchableAsset {
  key: string;
  software: readonly { cpe: string | null }[];
}

/** Every finding for one asset. */
export function matchAsset(index: VulnIndex, asset: MatchableAsset): Finding[] {
  const { criteria, stamp, matchedCpe, byProduct, wildcard } = index;
  const gen = ++index.generation;
  const candidates: number[] = [];
  const findings: Finding[] = [];
  // KEV keys already reported for this asset (two CPEs may name one product): usually 0 or 1.
  let kevSeen: string[] | null = null;
  for (const sw of asset.software) {
    const cpe = sw.cpe;
    if (!cpe) continue;
    if (!index.parsed.has(cpe) && cannotMatch(index, cpe)) continue;
    const name = parsedCpe(index, cpe);
    if (!name) continue;
    const wfn = name.wfn;
    const list = byProduct.get(name.productKey);
    if (list) {
      for (const id of list) {
        if (stamp[id] === gen) continue;
        const c = criteria[id] as CompiledCriterion;
        if (!criterionMatches(c.source, wfn)) continue;
        stamp[id] = gen;
        matchedCpe[id] = cpe;
        candidates.push(c.cve);
      }
    }
    for (const id of wildcard) {
      if (stamp[id] === gen) continue;
      const c = criteria[id] as CompiledCriterion;
      if (!criterionMatches(c.source, wfn)) continue;
      stamp[id] = gen;
      matchedCpe[id] = cpe;
      candidates.push(c.cve);
    }
    const kev = index.kevByProduct.get(name.kevKey);
    if (kev && !kevSeen?.includes(name.kevKey)) {
      if (kevSeen === null) kevSeen = [name.kevKey];
      else kevSeen.push(name.kevKey);
      const cpes = [cpe];
      for (const hit of kev) {
        findings.push({
          assetKey: asset.key,
          cveId: hit.entry.cveId,
          basis: "kev-product",
          sources: ["kev"],
          cpes,
          criteria: hit.criteria,
        });
      }
    }
  }
  if (candidates.length === 0) return findings;
  const cveStamp = index.cveStamp;
  for (const cveIndex of candidates) {
    if (cveStamp[cveIndex] === gen) continue;
    cveStamp[cveIndex] = gen;
    const hit = evaluateCve(index, cveIndex, gen);
    if (hit) {
      findings.push({
        assetKey: asset.key,
        cveId: (index.cves[cveIndex] as NvdCve).id,
        basis: "nvd-configuration",
        sources: ["nvd"],
        ...hit,
      });
    }
  }
  return findings;
}

function evaluateCve(index: VulnIndex, cveIndex: number, gen: number): { cpes: string[]; criteria: string[] } | null {
  const { stamp, matchedCpe, criteria } = index;
  const cpes = new Set<string>();
  const labels: string[] = [];
  for (const cfg of index.configs[cveIndex] ?? []) {
    let cfgValue = cfg.and;
    for (const node of cfg.nodes) {
      let nodeValue = node.and;
      for (const id of node.ids) {
        const m = stamp[id] === gen;
        if (node.and ? !m : m) {
          nodeValue = !node.and;
          break;
        }
      }
      if (node.negate) nodeValue = !nodeValue;
      if (cfg.and ? !nodeValue : nodeValue) {
        cfgValue = !cfg.and;
        break;
      }
    }
    if (cfg.negate) cfgValue = !cfgValue;
    if (!cfgValue) continue;
    // The configuration applies: its vulnerable, matched criteria are the evidence.
    for (const node of cfg.nodes) {
      if (node.negate) continue;
      for (const id of node.ids) {
        const c = criteria[id] as CompiledCriterion;
        if (stamp[id] !== gen || !c.source.vulnerable) continue;
        cpes.add(matchedCpe[id] as string);
        labels.push(c.label);
      }
    }
  }
  return labels.length > 0 ? { cpes: [...cpes], criteria: labels } : null;
}

/** Findings for many assets, in input order. */
export function matchAssets(index: VulnIndex, assets: Iterable<MatchableAsset>): Finding[] {
  const out: Finding[] = [];
  for (const asset of assets) for (const f of matchAsset(index, asset)) out.push(f);
  return out;
}

/**
 * The same result as matchAsset without the index: every CPE of the asset against every
 * criterion. The baseline the benchmark measures the index against, and a cross-check in tests.
 */
export function matchAssetNaive(index: VulnIndex, asset: MatchableAsset): Finding[] {
  const gen = ++index.generation;
  const { criteria, stamp, matchedCpe } = index;
  const candidates = new Set<number>();
  const findings: Finding[] = [];
  const kevSeen = new Set<string>();
  for (const sw of asset.software) {
    if (!sw.cpe) continue;
    let wfn: Wfn;
    try {
      wfn = parseCpe(sw.cpe);
    } catch {
      continue;
    }
    for (let id = 0; id < criteria.length; id++) {
      const c = criteria[id] as CompiledCriterion;
      if (stamp[id] === gen || !criterionMatches(c.source, wfn)) continue;
      stamp[id] = gen;
      matchedCpe[id] = sw.cpe;
      candidates.add(c.cve);
    }
    const key = `${normalizeProductName(plainValue(wfn.vendor))}:${normalizeProductName(plainValue(wfn.product))}`;
    for (const [k, hits] of index.kevByProduct) {
      if (k !== key) continue;
      for (const { entry, criteria: labels } of hits) {
        if (kevSeen.has(entry.cveId)) continue;
        kevSeen.add(entry.cveId);
        findings.push({
          assetKey: asset.key,
          cveId: entry.cveId,
          basis: "kev-product",
          sources: ["kev"],
          cpes: [sw.cpe],
          criteria: labels,
        });
      }
    }
  }
  for (const cveIndex of candidates) {
    const hit = evaluateCve(index, cveIndex, gen);
    if (hit)
      findings.push({
        assetKey: asset.key,
        cveId: (index.cves[cveIndex] as NvdCve).id,
        basis: "nvd-configuration",
        sources: ["nvd"],
        ...hit,
      });
  }
  return findings;
}

/**
 * Whether one CVE's NVD configurations apply to a set of CPE names, with the evidence: the
 * question "is this asset affected by CVE-X?" without building an index by hand.
 */
export function cveAppliesTo(cve: NvdCve, cpes: readonly string[]): Finding | null {
  const found = matchAsset(buildVulnIndex([cve], []), { key: "", software: cpes.map((cpe) => ({ cpe })) });
  return found.find((f) => f.basis === "nvd-configuration") ?? null;
}
