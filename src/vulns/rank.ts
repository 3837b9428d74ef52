import {
  type Asset,
  CRITICAL_ROLES,
  type Criticality,
  matchVendor,
  parseCpe,
  plainValue,
  type VendorMatch,
  type VendorRegistry,
} from "../assets/index.js";
import type { EpssScore } from "./epss.js";
import type { KevEntry } from "./kev.js";
import type { Finding } from "./match.js";
import type { NvdCve } from "./nvd.js";

/**
 * The action list: every finding, and every designated vendor in a critical role, scored and
 * explained. The score adds up points for known exploitation (KEV, ransomware use, the due
 * date), EPSS, CVSS, the asset's criticality and internet exposure, a designated vendor, and
 * sightings against the asset. Each factor that added points is one reason line, in Spanish and
 * English, so the order can be checked by a person.
 */

/** One factor behind a score. */
export interface Reason {
  factor:
    | "kev"
    | "ransomware"
    | "due-date"
    | "epss"
    | "cvss"
    | "criticality"
    | "exposure"
    | "designated-vendor"
    | "sightings"
    | "unconfirmed";
  points: number;
  en: string;
  es: string;
}

/** One line of the action list. */
export interface ActionItem {
  /** Stable id: asset key and CVE, or asset key and vendor list entry. */
  id: string;
  kind: "vulnerability" | "designated-vendor";
  organizationId: string | null;
  assetKey: string;
  assetName: string;
  cveId: string | null;
  score: number;
  dueDate: string | null;
  reasons: Reason[];
  action: { en: string; es: string };
  finding: Finding | null;
  vendorMatches: VendorMatch[];
}

/** What ranking reads besides the findings. Missing maps simply contribute nothing. */
export interface RankContext {
  assets: ReadonlyMap<string, Asset>;
  kev?: ReadonlyMap<string, KevEntry>;
  epss?: ReadonlyMap<string, EpssScore>;
  nvd?: ReadonlyMap<string, NvdCve>;
  vendors?: VendorRegistry;
  /** Number of sightings recorded against each asset key. */
  sightings?: ReadonlyMap<string, number>;
  /** Today, YYYY-MM-DD, for due dates (a parameter so results are reproducible). */
  today: string;
}

const CRITICALITY_POINTS: Record<Criticality, number> = { low: 0, medium: 5, high: 10, critical: 15 };
const CRITICALITY_ES: Record<Criticality, string> = { low: "baja", medium: "media", high: "alta", critical: "crítica" };

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Designated-vendor matches for an asset: its own vendor and the vendors of its software. */
export function assetVendorMatches(asset: Asset, registry: VendorRegistry): VendorMatch[] {
  const names = new Set<string>();
  if (asset.vendor) names.add(asset.vendor);
  for (const sw of asset.software) {
    if (sw.vendor) names.add(sw.vendor);
    if (sw.cpe) {
      try {
        names.add(plainValue(parseCpe(sw.cpe).vendor));
      } catch {
        // A bad CPE was reported at import; it names no vendor here.
      }
    }
  }
  const out: VendorMatch[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    for (const m of matchVendor(registry, name)) {
      const key = `${m.list}|${m.entry.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(m);
    }
  }
  return out;
}

function assetReasons(asset: Asset, ctx: RankContext, vendorMatches: VendorMatch[]): Reason[] {
  const reasons: Reason[] = [];
  const c = CRITICALITY_POINTS[asset.criticality];
  if (c > 0) {
    reasons.push({
      factor: "criticality",
      points: c,
      en: `The asset's criticality is ${asset.criticality}.`,
      es: `La criticidad del activo es ${CRITICALITY_ES[asset.criticality]}.`,
    });
  }
  if (asset.internetExposed) {
    reasons.push({
      factor: "exposure",
      points: 15,
      en: "The asset is reachable from the internet.",
      es: "El activo es accesible desde internet.",
    });
  }
  if (vendorMatches.length > 0) {
    const m = vendorMatches[0] as VendorMatch;
    const critical = CRITICAL_ROLES.has(asset.role);
    reasons.push({
      factor: "designated-vendor",
      points: critical ? 25 : 10,
      en: `${m.explanation.en}${critical ? ` The asset has a critical role (${asset.role}).` : ""}`,
      es: `${m.explanation.es}${critical ? ` El activo tiene un papel crítico (${asset.role}).` : ""}`,
    });
  }
  const sightings = ctx.sightings?.get(asset.key) ?? 0;
  if (sightings > 0) {
    reasons.push({
      factor: "sightings",
      points: 15 + Math.min(5, sightings - 1),
      en: `${sightings} sighting(s) of known threat indicators involve this asset.`,
      es: `${sightings} avistamiento(s) de indicadores de amenaza conocidos involucran este activo.`,
    });
  }
  return reasons;
}

function vulnerabilityItem(finding: Finding, asset: Asset, ctx: RankContext, vendorMatches: VendorMatch[]): ActionItem {
  const reasons: Reason[] = [];
  const kev = ctx.kev?.get(finding.cveId);
  const nvd = ctx.nvd?.get(finding.cveId);
  const dueDate = kev?.dueDate ?? nvd?.kev?.dueDate ?? null;
  if (kev || nvd?.kev) {
    const added = kev?.dateAdded ?? nvd?.kev?.dateAdded ?? "";
    reasons.push({
      factor: "kev",
      points: 40,
      en: `${finding.cveId} is known to be exploited (CISA KEV, added ${added}).`,
      es: `${finding.cveId} se explota activamente (catálogo KEV de CISA, añadida el ${added}).`,
    });
  }
  if (kev?.knownRansomware) {
    reasons.push({
      factor: "ransomware",
      points: 10,
      en: "Ransomware campaigns are known to use it.",
      es: "Se sabe que campañas de ransomware la usan.",
    });
  }
  if (dueDate) {
    const days = daysBetween(ctx.today, dueDate);
    if (days < 0) {
      reasons.push({
        factor: "due-date",
        points: 10,
        en: `The KEV due date ${dueDate} passed ${-days} day(s) ago.`,
        es: `La fecha límite KEV ${dueDate} venció hace ${-days} día(s).`,
      });
    } else if (days <= 14) {
      reasons.push({
        factor: "due-date",
        points: 5,
        en: `The KEV due date ${dueDate} is in ${days} day(s).`,
        es: `La fecha límite KEV ${dueDate} vence en ${days} día(s).`,
      });
    }
  }
  const epss = ctx.epss?.get(finding.cveId);
  if (epss) {
    const points = Math.round((epss.epss * 10 + epss.percentile * 10) * 10) / 10;
    const pct = (epss.epss * 100).toFixed(1);
    reasons.push({
      factor: "epss",
      points,
      en: `EPSS gives a ${pct}% chance of exploitation in the next 30 days (percentile ${(epss.percentile * 100).toFixed(0)}).`,
      es: `EPSS estima un ${pct}% de probabilidad de explotación en los próximos 30 días (percentil ${(epss.percentile * 100).toFixed(0)}).`,
    });
  }
  if (nvd?.cvss) {
    reasons.push({
      factor: "cvss",
      points: nvd.cvss.baseScore,
      en: `CVSS ${nvd.cvss.version} base score ${nvd.cvss.baseScore}${nvd.cvss.severity ? ` (${nvd.cvss.severity})` : ""}.`,
      es: `Puntuación base CVSS ${nvd.cvss.version}: ${nvd.cvss.baseScore}${nvd.cvss.severity ? ` (${nvd.cvss.severity})` : ""}.`,
    });
  }
  reasons.push(...assetReasons(asset, ctx, vendorMatches));
  let score = reasons.reduce((s, r) => s + r.points, 0);
  if (finding.basis === "kev-product") {
    const cut = Math.round(score * 0.25 * 10) / 10;
    score -= cut;
    reasons.push({
      factor: "unconfirmed",
      points: -cut,
      en: `Matched on product name only (${finding.criteria.join("; ")}); confirm the installed version.`,
      es: `Coincide solo por nombre de producto (${finding.criteria.join("; ")}); confirme la versión instalada.`,
    });
  }
  const software = finding.cpes.join(", ");
  const required = kev?.requiredAction ?? nvd?.kev?.requiredAction ?? null;
  return {
    id: `${asset.key}|${finding.cveId}`,
    kind: "vulnerability",
    organizationId: asset.organizationId,
    assetKey: asset.key,
    assetName: asset.name,
    cveId: finding.cveId,
    score: Math.round(score * 10) / 10,
    dueDate,
    reasons,
    action: {
      en: `Fix ${finding.cveId} on ${asset.name} (${software}): ${required ?? "update to a version the vendor lists as fixed, or apply the vendor's mitigation."}`,
      es: `Corrija ${finding.cveId} en ${asset.name} (${software}): ${required ? "aplique las mitigaciones del fabricante (indicación CISA: " + required + ")" : "actualice a una versión que el fabricante indique como corregida, o aplique su mitigación."}`,
    },
    finding,
    vendorMatches,
  };
}

function vendorItem(asset: Asset, ctx: RankContext, vendorMatches: VendorMatch[]): ActionItem {
  const reasons = assetReasons(asset, ctx, vendorMatches);
  const m = vendorMatches[0] as VendorMatch;
  return {
    id: `${asset.key}|${m.list}:${m.entry.id}`,
    kind: "designated-vendor",
    organizationId: asset.organizationId,
    assetKey: asset.key,
    assetName: asset.name,
    cveId: null,
    score: Math.round(reasons.reduce((s, r) => s + r.points, 0) * 10) / 10,
    dueDate: null,
    reasons,
    action: {
      en: `Plan the replacement of ${asset.name} (${m.entry.name} equipment in a ${asset.role} role); until then isolate it, restrict its management access and watch its traffic.`,
      es: `Planee el reemplazo de ${asset.name} (equipo de ${m.entry.name} con papel ${asset.role}); mientras tanto aíslelo, restrinja su acceso de administración y vigile su tráfico.`,
    },
    finding: null,
    vendorMatches,
  };
}

/** Scores findings and designated-vendor assets and returns them best first (ties: due date, then id). */
export function rankActions(findings: readonly Finding[], ctx: RankContext): ActionItem[] {
  const items: ActionItem[] = [];
  const vendorCache = new Map<string, VendorMatch[]>();
  const vendorsOf = (asset: Asset) => {
    let v = vendorCache.get(asset.key);
    if (!v) {
      v = ctx.vendors ? assetVendorMatches(asset, ctx.vendors) : [];
      vendorCache.set(asset.key, v);
    }
    return v;
  };
  for (const f of findings) {
    const asset = ctx.assets.get(f.assetKey);
    if (asset) items.push(vulnerabilityItem(f, asset, ctx, vendorsOf(asset)));
  }
  if (ctx.vendors) {
    for (const asset of ctx.assets.values()) {
      const v = vendorsOf(asset);
      if (v.length > 0 && CRITICAL_ROLES.has(asset.role)) items.push(vendorItem(asset, ctx, v));
    }
  }
  return items.sort(
    (a, b) => b.score - a.score || (a.dueDate ?? "9999").localeCompare(b.dueDate ?? "9999") || a.id.localeCompare(b.id),
  );
}

/** The national list and one list per organization (assets without one go under ""). */
export function splitByOrganization(items: readonly ActionItem[]): {
  national: ActionItem[];
  byOrganization: Map<string, ActionItem[]>;
} {
  const byOrganization = new Map<string, ActionItem[]>();
  for (const item of items) {
    const key = item.organizationId ?? "";
    const list = byOrganization.get(key);
    if (list) list.push(item);
    else byOrganization.set(key, [item]);
  }
  return { national: [...items], byOrganization };
}
