import { type Asset, type AssetVendorMatch, assetVendorMatches } from "../assets/index.js";
import { type ActionItem, assetReasons, type RankContext, type Reason } from "./action-item.js";
import { ssvcReason } from "./cve5-reason.js";
import { designatedVendorItem } from "./designated-item.js";
import type { Finding } from "./match.js";
import { groupNameOnly } from "./name-only.js";
import { advisoryReason, fixedInAction } from "./osv-reason.js";

/**
 * The action list: every finding, and every asset of a designated vendor whatever its role,
 * scored and explained. The score adds up points for known exploitation (KEV, ransomware use, the due
 * date), EPSS, CVSS, the asset's criticality and internet exposure, a designated vendor, and
 * sightings against the asset. Each factor that added points is one reason line, in Spanish and
 * English, so the order can be checked by a person. CVEs matched by product name only are folded
 * into one line per asset and product (name-only.ts), ranked below the version-confirmed lines.
 */

export type { ActionItem, ActionKind, RankContext, Reason } from "./action-item.js";

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

function vulnerabilityItem(
  finding: Finding,
  asset: Asset,
  ctx: RankContext,
  vendorMatches: AssetVendorMatch[],
): ActionItem {
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
  const advisory = advisoryReason(finding, ctx, nvd?.cvss != null);
  if (advisory) reasons.push(advisory);
  const ssvc = ctx.ssvc?.get(finding.cveId);
  if (ssvc) {
    const r = ssvcReason(ssvc);
    if (r) reasons.push(r);
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
  const software = [...finding.cpes, ...(finding.purls ?? [])].join(", ");
  const required = kev?.requiredAction ?? nvd?.kev?.requiredAction ?? fixedInAction(finding, "en");
  const requiredEs = kev?.requiredAction ?? nvd?.kev?.requiredAction ?? null;
  const fixEs = fixedInAction(finding, "es");
  return {
    id: `${asset.key}|${finding.cveId}`,
    kind: "vulnerability",
    organizationId: asset.organizationId,
    assetKey: asset.key,
    assetName: asset.name,
    cveId: finding.cveId,
    cveIds: [finding.cveId],
    score: Math.round(score * 10) / 10,
    dueDate,
    reasons,
    action: {
      en: `Fix ${finding.cveId} on ${asset.name} (${software}): ${required ?? "update to a version the vendor lists as fixed, or apply the vendor's mitigation."}`,
      es: `Corrija ${finding.cveId} en ${asset.name} (${software}): ${requiredEs ? `aplique las mitigaciones del fabricante (indicación CISA: ${requiredEs})` : (fixEs ?? "actualice a una versión que el fabricante indique como corregida, o aplique su mitigación.")}`,
    },
    finding,
    vendorMatches,
  };
}

/**
 * Scores findings and designated-vendor assets and returns them best first (name-only lines last;
 * ties: due date, then id).
 */
export function rankActions(findings: readonly Finding[], ctx: RankContext): ActionItem[] {
  const items: ActionItem[] = [];
  const vendorCache = new Map<string, AssetVendorMatch[]>();
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
      if (v.length > 0) items.push(designatedVendorItem(asset, ctx, v));
    }
  }
  // A name-only line waits for a version: it comes after every line that is known to apply.
  const tier = (item: ActionItem) => (item.kind === "unconfirmed-version" ? 1 : 0);
  return groupNameOnly(items, ctx.assets).sort(
    (a, b) =>
      tier(a) - tier(b) ||
      b.score - a.score ||
      (a.dueDate ?? "9999").localeCompare(b.dueDate ?? "9999") ||
      a.id.localeCompare(b.id),
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
