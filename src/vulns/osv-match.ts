import { parsePurl } from "../assets/index.js";
import {
  type Ecosystem,
  type EcosystemOrdering,
  ecosystemOf,
  packageKey,
  purlPackage,
  semverOrdering,
} from "./ecosystems/index.js";
import type { Finding } from "./match.js";
import { type OsvAffected, type OsvEvent, type OsvRange, type OsvRecord, osvCve } from "./osv.js";

/**
 * Which OSV advisories an asset's packages are affected by, following the OSV schema: the
 * component's purl names the ecosystem and package (npm `@scope/name`, Maven `group:artifact`,
 * Packagist `vendor/package`, PyPI by its PEP 503 name, Go module path, crates.io), and the
 * version is affected when it is listed in `versions`, or when some range holds it — the
 * range's events sorted in the ecosystem's order, "introduced" (inclusive, "0" from the start)
 * opening it, "fixed" (exclusive) and "last_affected" (inclusive) closing it.
 *
 * A finding is named by the advisory's CVE (its alias) so that it meets the NVD finding for the
 * same CVE: mergeFindings makes the two one finding with both sources.
 */

/** One affected package of one record, as the index keeps it. */
interface IndexedAffected {
  record: OsvRecord;
  affected: OsvAffected;
  ecosystem: Ecosystem;
}

/** OSV records by ecosystem and package, built once for every asset. */
export interface OsvIndex {
  readonly byPackage: ReadonlyMap<string, readonly IndexedAffected[]>;
  /** Each purl met, read once: the same component is in many SBOMs (null: not a package matched here). */
  readonly packages: Map<string, PurlPackage | null>;
}

type PurlPackage = NonNullable<ReturnType<typeof purlPackage>>;
const PACKAGE_CACHE_LIMIT = 200_000;

function packageOf(index: OsvIndex, purl: string): PurlPackage | null {
  let pkg = index.packages.get(purl);
  if (pkg === undefined) {
    try {
      pkg = purlPackage(parsePurl(purl));
    } catch {
      pkg = null;
    }
    if (index.packages.size >= PACKAGE_CACHE_LIMIT) index.packages.clear();
    index.packages.set(purl, pkg);
  }
  return pkg;
}

/** Builds the index; withdrawn records and ecosystems with no ordering here are left out. */
export function buildOsvIndex(records: Iterable<OsvRecord>): OsvIndex {
  const byPackage = new Map<string, IndexedAffected[]>();
  for (const record of records) {
    if (record.withdrawn) continue;
    for (const affected of record.affected) {
      const ecosystem = ecosystemOf(affected.ecosystem);
      if (!ecosystem) continue;
      const key = packageKey(ecosystem, affected.name);
      const list = byPackage.get(key);
      const entry = { record, affected, ecosystem };
      if (list) list.push(entry);
      else byPackage.set(key, [entry]);
    }
  }
  return { byPackage, packages: new Map() };
}

/** Why a version is affected: the listed version or the range that holds it ("[0, 4.17.21)"). */
export interface OsvHit {
  evidence: string;
  /** The versions that fix the range that holds it (empty when listed only or never fixed). */
  fixed: string[];
}

function describeEvents(events: readonly OsvEvent[]): string {
  let from = "0";
  const parts: string[] = [];
  for (const e of events) {
    if (e.introduced !== undefined) from = e.introduced;
    if (e.fixed !== undefined) parts.push(`[${from}, ${e.fixed})`);
    if (e.last_affected !== undefined) parts.push(`[${from}, ${e.last_affected}]`);
  }
  const last = events.at(-1);
  if (last?.introduced !== undefined) parts.push(`[${from}, ∞)`);
  return parts.join(" ");
}

/**
 * Whether the version `v` (read in `order`) is inside one range: its events sorted in that order
 * ("0" for introduced first; events that do not read as versions left out), then walked as the
 * OSV schema says. Returns the fixed versions above `v`, or null when outside.
 */
function inRange(range: OsvRange, order: EcosystemOrdering, v: unknown): string[] | null {
  const events = range.events
    .map((e) => {
      const text = e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? "";
      return { e, at: e.introduced === "0" ? null : order.parse(text), zero: e.introduced === "0" };
    })
    .filter((x) => x.zero || x.at !== null)
    .sort((a, b) => (a.zero ? -1 : b.zero ? 1 : order.compare(a.at, b.at)));
  let affected = false;
  for (const { e, at, zero } of events) {
    if (e.introduced !== undefined && (zero || order.compare(v, at) >= 0)) affected = true;
    else if (e.fixed !== undefined && order.compare(v, at) >= 0) affected = false;
    else if (e.last_affected !== undefined && order.compare(v, at) > 0) affected = false;
    else if (e.limit !== undefined && order.compare(v, at) >= 0) affected = false;
  }
  if (!affected) return null;
  return events.flatMap(({ e, at }) => (e.fixed !== undefined && order.compare(at, v) > 0 ? [e.fixed] : []));
}

/**
 * Whether `version` of a package is affected by one affected entry; null when not. `versions`
 * entries compare in the ecosystem's order (or as equal text); ECOSYSTEM ranges in the
 * ecosystem's order, SEMVER ranges in SemVer's, as the OSV schema says, whatever the ecosystem.
 */
export function osvAffects(affected: OsvAffected, ecosystem: Ecosystem, version: string): OsvHit | null {
  const own = ecosystem.ordering;
  const v = own.parse(version);
  for (const listed of affected.versions) {
    const l = v === null ? null : own.parse(listed);
    if (listed === version || (l !== null && own.compare(l, v) === 0))
      return { evidence: `versions lists ${listed}`, fixed: [] };
  }
  for (const range of affected.ranges) {
    const order = range.type === "SEMVER" ? semverOrdering : own;
    const at = order === own ? v : order.parse(version);
    if (at === null) continue;
    const fixed = inRange(range, order, at);
    if (fixed) return { evidence: describeEvents(range.events), fixed };
  }
  return null;
}

/** What the OSV matcher reads of an asset. */
export interface PurlAsset {
  key: string;
  software: readonly { purl?: string | null }[];
}

/** Every OSV finding for one asset: one per advisory and affected package version. */
export function matchOsv(index: OsvIndex, asset: PurlAsset): Finding[] {
  const out: Finding[] = [];
  if (index.byPackage.size === 0) return out;
  for (const sw of asset.software) {
    if (!sw.purl) continue;
    const pkg = packageOf(index, sw.purl);
    if (!pkg) continue;
    for (const entry of index.byPackage.get(pkg.key) ?? []) {
      const hit = osvAffects(entry.affected, entry.ecosystem, pkg.version);
      if (!hit) continue;
      out.push({
        assetKey: asset.key,
        cveId: osvCve(entry.record) ?? entry.record.id,
        basis: "osv-range",
        sources: ["osv"],
        cpes: [],
        purls: [sw.purl],
        criteria: [`${entry.record.id}: ${entry.affected.ecosystem} ${entry.affected.name} ${hit.evidence}`],
        advisories: [entry.record.id],
        fixedIn: hit.fixed,
      });
    }
  }
  return out;
}

const union = <T>(a: readonly T[] | undefined, b: readonly T[] | undefined): T[] => [
  ...new Set([...(a ?? []), ...(b ?? [])]),
];

/**
 * NVD/KEV findings and OSV findings as one list: those of one asset for one CVE become one
 * finding with every source, its evidence from each. A version range (NVD or OSV) outranks a
 * match by product name only, so a KEV lead that OSV confirms becomes a confirmed finding.
 */
export function mergeFindings(findings: readonly Finding[], osv: readonly Finding[]): Finding[] {
  if (osv.length === 0) return [...findings];
  const out: Finding[] = [];
  const byKey = new Map<string, number>();
  for (const f of [...findings, ...osv]) {
    const key = `${f.assetKey}|${f.cveId}`;
    const at = byKey.get(key);
    if (at === undefined) {
      byKey.set(key, out.length);
      out.push(f);
      continue;
    }
    const prev = out[at] as Finding;
    const basis = prev.basis === "kev-product" ? f.basis : prev.basis;
    out[at] = {
      ...prev,
      basis,
      sources: union(prev.sources, f.sources),
      cpes: union(prev.cpes, f.cpes),
      purls: union(prev.purls, f.purls),
      criteria: union(prev.criteria, f.criteria),
      advisories: union(prev.advisories, f.advisories),
      fixedIn: union(prev.fixedIn, f.fixedIn),
    };
  }
  return out;
}
