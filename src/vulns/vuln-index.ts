import { hasWildcard, isCpeSuperset, NA, parseCpe, plainValue, type Wfn } from "../assets/index.js";
import type { KevEntry } from "./kev.js";
import type { CpeCriterion, NvdCve } from "./nvd.js";
import { describeRange, hasBounds, inRange } from "./version.js";

/**
 * The compiled vulnerability index that match.ts reads: every NVD cpeMatch criterion keyed by
 * its vendor:product (criteria with a wildcard vendor or product kept apart, checked against
 * every CPE), the configurations as trees of criterion numbers, the KEV entries without an NVD
 * record keyed by their normalized vendor:product, and the scratch space and parse cache that
 * matching uses.
 */

/** One criterion as the index holds it. */
export interface CompiledCriterion {
  cve: number;
  source: CpeCriterion;
  wfn: Wfn;
  ranged: boolean;
  label: string;
}

/** One configuration as trees of criterion numbers. */
export interface CompiledConfig {
  and: boolean;
  negate: boolean;
  nodes: { and: boolean; negate: boolean; ids: number[] }[];
}

/** A compiled index over NVD records and the KEV catalog, built once and used for every asset. */
export interface VulnIndex {
  readonly cves: readonly NvdCve[];
  readonly criteria: readonly CompiledCriterion[];
  readonly byProduct: ReadonlyMap<string, readonly number[]>;
  readonly wildcard: readonly number[];
  readonly configs: readonly CompiledConfig[][];
  readonly kevByProduct: ReadonlyMap<string, readonly KevHit[]>;
  /** Per-criterion generation stamps and the CPE that matched it (scratch space for matchAsset). */
  readonly stamp: Int32Array;
  readonly cveStamp: Int32Array;
  readonly matchedCpe: string[];
  generation: number;
  readonly parsed: Map<string, ParsedName | null>;
}

/** A KEV entry under its normalized vendor:product, with its explanation prepared once. */
export interface KevHit {
  entry: KevEntry;
  criteria: string[];
}

/** A CPE of an asset as the matcher keeps it: the WFN and its two lookup keys, computed once. */
export interface ParsedName {
  wfn: Wfn;
  productKey: string;
  kevKey: string;
}

/** Lower-case, non-alphanumeric runs to "_": "Cisco Systems, Inc." → "cisco_systems_inc". */
export function normalizeProductName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

function productKey(wfn: Wfn): string {
  return `${plainValue(wfn.vendor)}:${plainValue(wfn.product)}`;
}

/** Builds the index. KEV entries whose CVE has an NVD record are matched through that record only. */
export function buildVulnIndex(nvd: readonly NvdCve[], kev: readonly KevEntry[]): VulnIndex {
  const criteria: CompiledCriterion[] = [];
  const byProduct = new Map<string, number[]>();
  const wildcard: number[] = [];
  const configs: CompiledConfig[][] = [];
  nvd.forEach((cve, cveIndex) => {
    configs.push(
      cve.configurations.map((cfg) => ({
        and: cfg.operator === "AND",
        negate: cfg.negate,
        nodes: cfg.nodes.map((node) => ({
          and: node.operator === "AND",
          negate: node.negate,
          ids: node.cpeMatch.flatMap((c) => {
            if (!c.wfn) return [];
            const id = criteria.length;
            const ranged = hasBounds(c);
            criteria.push({
              cve: cveIndex,
              source: c,
              wfn: c.wfn,
              ranged,
              label: ranged ? `${c.criteria} ${describeRange(c)}` : c.criteria,
            });
            const { vendor, product } = c.wfn;
            if (vendor === "*" || product === "*" || vendor === NA || hasWildcard(vendor) || hasWildcard(product)) {
              wildcard.push(id);
            } else {
              const key = productKey(c.wfn);
              const list = byProduct.get(key);
              if (list) list.push(id);
              else byProduct.set(key, [id]);
            }
            return [id];
          }),
        })),
      })),
    );
  });
  const withNvd = new Set(nvd.map((c) => c.id));
  const kevByProduct = new Map<string, KevHit[]>();
  for (const entry of kev) {
    if (withNvd.has(entry.cveId)) continue;
    const vendor = normalizeProductName(entry.vendorProject);
    const product = normalizeProductName(entry.product);
    const hit = { entry, criteria: [`${entry.vendorProject} ${entry.product}`] };
    // CPE names often repeat the vendor in the product (KEV "Linux Kernel" is linux:linux_kernel).
    const keys = [`${vendor}:${product}`];
    if (!product.startsWith(`${vendor}_`)) keys.push(`${vendor}:${vendor}_${product}`);
    for (const key of keys) {
      const list = kevByProduct.get(key);
      if (!list) kevByProduct.set(key, [hit]);
      else if (!list.some((h) => h.entry.cveId === entry.cveId)) list.push(hit);
    }
  }
  return {
    cves: nvd,
    criteria,
    byProduct,
    wildcard,
    configs,
    kevByProduct,
    stamp: new Int32Array(criteria.length),
    cveStamp: new Int32Array(nvd.length),
    matchedCpe: new Array<string>(criteria.length).fill(""),
    generation: 0,
    parsed: new Map(),
  };
}

/** True when one criterion matches one CPE: name superset, and the version inside any bounds. */
export function criterionMatches(criterion: CpeCriterion, wfn: Wfn): boolean {
  if (!criterion.wfn || !isCpeSuperset(criterion.wfn, wfn)) return false;
  if (!hasBounds(criterion)) return true;
  const v = wfn.version;
  if (v === "*" || v === NA || hasWildcard(v)) return false;
  return inRange(plainValue(v), criterion);
}

const PARSE_CACHE_LIMIT = 200_000;
const SIMPLE_KEY = /^[a-z0-9]+(?:_[a-z0-9]+)*:[a-z0-9]+(?:_[a-z0-9]+)*$/;

/**
 * The vendor:product key of a CPE 2.3 formatted string read straight from the text, without a
 * full parse; null for other forms (URIs), which take the full parse. Lets the matcher skip the
 * parse of names that no criterion and no KEV product could concern.
 */
function quickProductKey(cpe: string): string | null {
  if (!cpe.startsWith("cpe:2.3:")) return null;
  let field = 2;
  let start = 8;
  let vendor = "";
  for (let i = 8; i < cpe.length; i++) {
    const c = cpe.charCodeAt(i);
    if (c === 92) {
      i++;
      continue;
    }
    if (c !== 58) continue;
    field++;
    if (field === 3) start = i + 1;
    else if (field === 4) {
      vendor = cpe.slice(start, i);
      start = i + 1;
    } else if (field === 5) {
      const key = `${vendor}:${cpe.slice(start, i)}`.toLowerCase();
      return key.indexOf("\\") < 0 ? key : key.replace(/\\(.)/g, "$1");
    }
  }
  return null;
}

/** True when no criterion and no KEV product could concern the CPE (decided without parsing it). */
export function cannotMatch(index: VulnIndex, cpe: string): boolean {
  if (index.wildcard.length > 0) return false;
  const key = quickProductKey(cpe);
  if (key === null || index.byProduct.has(key)) return false;
  if (SIMPLE_KEY.test(key)) return !index.kevByProduct.has(key);
  const colon = key.indexOf(":");
  return !index.kevByProduct.has(
    `${normalizeProductName(key.slice(0, colon))}:${normalizeProductName(key.slice(colon + 1))}`,
  );
}

/** The parsed form of an asset's CPE, from the cache or parsed now; null when malformed. */
export function parsedCpe(index: VulnIndex, cpe: string): ParsedName | null {
  let name = index.parsed.get(cpe);
  if (name === undefined) {
    try {
      const wfn = parseCpe(cpe);
      name = {
        wfn,
        productKey: productKey(wfn),
        kevKey: `${normalizeProductName(plainValue(wfn.vendor))}:${normalizeProductName(plainValue(wfn.product))}`,
      };
    } catch {
      name = null;
    }
    if (index.parsed.size >= PARSE_CACHE_LIMIT) index.parsed.clear();
    index.parsed.set(cpe, name);
  }
  return name;
}
