import { type Asset, parseCpe, plainValue, type Wfn } from "../assets/index.js";
import type { ActionItem, Reason } from "./action-item.js";

/**
 * One line per asset and product for the CVEs matched by product name only ("kev-product": a KEV
 * entry with no NVD record, whose vendor and product equal a CPE's). A scanner's versionless OS
 * name (Nmap's cpe:/o:microsoft:windows) meets every KEV CVE of the product: 151 lines on one
 * Windows host of a real scan, all with the same score. What the operator can do about them is
 * one thing — learn the version — so they are one line, which says how many CVEs hang on it, and
 * it ranks below every version-confirmed line.
 */

/** Factors of a CVE itself, summed into the group's one "kev" reason. */
const CVE_FACTORS = new Set<Reason["factor"]>(["kev", "ransomware", "due-date", "epss", "cvss", "ssvc"]);

/** How many CVE ids a reason names before "and N more". */
const LISTED = 5;

function wfnOf(cpe: string): Wfn | null {
  try {
    return parseCpe(cpe);
  } catch {
    return null;
  }
}

function concrete(value: string): boolean {
  return value !== "" && value !== "*" && value !== "-";
}

/**
 * Whether a CPE version is only a family: Nmap's OS names carry "4" for Linux 4.x and "2.6" for
 * 2.6.x, which no version range can be checked against.
 */
function familyOnly(value: string): boolean {
  return /^\d{1,2}(\.\d{1,2})?(\.x)?$/i.test(value);
}

/**
 * The version the asset is known to run of the product this CPE names: the CPE's own, or that of
 * another software item of the same part and vendor (a person who recorded "windows_10 1809"
 * beside Nmap's bare "windows"); null when nothing says.
 */
function knownVersion(asset: Asset, cpe: string, wfn: Wfn): string | null {
  const own = plainValue(wfn.version);
  if (concrete(own) && !familyOnly(own)) return own;
  for (const sw of asset.software) {
    if (!sw.cpe || sw.cpe === cpe) continue;
    const other = wfnOf(sw.cpe);
    if (!other || other.part !== wfn.part || plainValue(other.vendor) !== plainValue(wfn.vendor)) continue;
    const v = plainValue(other.version);
    if (concrete(v) && !familyOnly(v)) return `${plainValue(other.product)} ${v}`;
  }
  return null;
}

function groupItem(asset: Asset, members: ActionItem[]): ActionItem {
  const top = members[0] as ActionItem;
  const finding = top.finding;
  const cpe = finding?.cpes[0] ?? "";
  const product = finding?.criteria[0] ?? cpe;
  const wfn = wfnOf(cpe);
  const version = wfn ? knownVersion(asset, cpe, wfn) : null;
  const ownVersion = wfn ? plainValue(wfn.version) : "";
  const family = familyOnly(ownVersion) ? ownVersion : null;
  const ids = members.map((m) => m.cveId as string);
  const listed = ids.slice(0, LISTED).join(", ");
  const more = ids.length > LISTED ? ids.length - LISTED : 0;
  const ransomware = members.filter((m) => m.reasons.some((r) => r.factor === "ransomware")).length;
  const cvePoints = top.reasons.filter((r) => CVE_FACTORS.has(r.factor)).reduce((s, r) => s + r.points, 0);
  const n = ids.length;
  const summary: Reason = {
    factor: "kev",
    points: Math.round(cvePoints * 10) / 10,
    en: `${n} known-exploited vulnerabilit${n === 1 ? "y" : "ies"} (CISA KEV) of ${product}: ${listed}${more ? ` and ${more} more` : ""}${ransomware ? `; ${ransomware} used by ransomware` : ""}. Points of the highest-scored, ${top.cveId}.`,
    es: `${n} vulnerabilidad${n === 1 ? "" : "es"} explotada${n === 1 ? "" : "s"} activamente (KEV de CISA) de ${product}: ${listed}${more ? ` y ${more} más` : ""}${ransomware ? `; ${ransomware} usada${ransomware === 1 ? "" : "s"} por ransomware` : ""}. Puntos de la de mayor puntuación, ${top.cveId}.`,
  };
  const unconfirmed = top.reasons.find((r) => r.factor === "unconfirmed");
  const why: Reason | null = unconfirmed
    ? {
        ...unconfirmed,
        en: version
          ? `No NVD record of these CVEs is loaded, so the version ${version} cannot be checked against them.`
          : `The scan names ${cpe} without a version${family ? ` (only the family ${family})` : ""}, so none of these CVEs is confirmed.`,
        es: version
          ? `No hay registros NVD cargados de estas CVE, así que la versión ${version} no se puede comprobar contra ellas.`
          : `El escaneo nombra ${cpe} sin versión${family ? ` (solo la familia ${family})` : ""}, así que ninguna de estas CVE está confirmada.`,
      }
    : null;
  const reasons = [
    summary,
    ...top.reasons.filter((r) => !CVE_FACTORS.has(r.factor) && r.factor !== "unconfirmed"),
    ...(why ? [why] : []),
  ];
  const action = version
    ? {
        en: `Load the NVD records of these ${n} CVEs (\`centinela vulns sync --nvd\`) so that ${product} ${version} on ${asset.name} is checked against them; until then treat them as possible.`,
        es: `Cargue los registros NVD de estas ${n} CVE (\`centinela vulns sync --nvd\`) para comprobar ${product} ${version} en ${asset.name}; mientras tanto trátelas como posibles.`,
      }
    : {
        en: `Confirm the installed version of ${product} on ${asset.name}: ${n} known-exploited vulnerabilit${n === 1 ? "y" : "ies"} would apply, but the version is unknown. Run an authenticated scan, or record the version (\`centinela assets software add ASSET-ID --cpe …\` with the version).`,
        es: `Confirme la versión instalada de ${product} en ${asset.name}: ${n} vulnerabilidad${n === 1 ? "" : "es"} explotada${n === 1 ? "" : "s"} activamente aplicaría${n === 1 ? "" : "n"}, pero la versión es desconocida. Haga un escaneo autenticado o registre la versión (\`centinela assets software add ID-DEL-ACTIVO --cpe …\` con la versión).`,
      };
  return {
    id: `${asset.key}|product:${cpe}`,
    kind: "unconfirmed-version",
    organizationId: asset.organizationId,
    assetKey: asset.key,
    assetName: asset.name,
    cveId: null,
    cveIds: ids,
    score: top.score,
    dueDate: top.dueDate,
    reasons,
    action,
    finding,
    vendorMatches: top.vendorMatches,
  };
}

/**
 * Folds the name-only vulnerability lines into one line per asset and product; the others pass
 * through untouched. Members are ordered best first, so the group shows its strongest CVE.
 */
export function groupNameOnly(items: readonly ActionItem[], assets: ReadonlyMap<string, Asset>): ActionItem[] {
  const out: ActionItem[] = [];
  const groups = new Map<string, ActionItem[]>();
  for (const item of items) {
    if (item.kind !== "vulnerability" || item.finding?.basis !== "kev-product") {
      out.push(item);
      continue;
    }
    const key = `${item.assetKey}\u0000${item.finding.cpes[0] ?? ""}`;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  for (const members of groups.values()) {
    const first = members[0] as ActionItem;
    const asset = assets.get(first.assetKey);
    if (!asset) continue;
    members.sort((a, b) => b.score - a.score || (a.cveId ?? "").localeCompare(b.cveId ?? ""));
    out.push(groupItem(asset, members));
  }
  return out;
}
