import { parsePurl } from "../assets/index.js";
import { translator } from "../i18n/index.js";
import type { RankContext, Reason } from "./action-item.js";
import type { Finding } from "./match.js";

/**
 * What an OSV advisory adds to a line: the reason naming the advisory and the range that holds
 * the installed version, points from the advisory's own severity when NVD gives no CVSS score
 * (GitHub's LOW, MODERATE, HIGH, CRITICAL read as CVSS-like 3, 5, 7.5, 9.5), and the version to
 * update to.
 */

const SEVERITY_POINTS: Record<string, number> = { LOW: 3, MODERATE: 5, MEDIUM: 5, HIGH: 7.5, CRITICAL: 9.5 };
const EN = translator("en");
const ES = translator("es-MX");

/** The advisory reason of a finding an OSV advisory made, or null when none did. */
export function advisoryReason(finding: Finding, ctx: RankContext, hasCvss: boolean): Reason | null {
  const ids = finding.advisories ?? [];
  if (ids.length === 0) return null;
  const ranges = finding.criteria
    .filter((c) => ids.some((id) => c.startsWith(`${id}: `)))
    .map((c) => c.slice(c.indexOf(": ") + 2));
  const vars = { advisories: ids.join(", "), software: (finding.purls ?? []).join(", "), ranges: ranges.join("; ") };
  let points = 0;
  let severity: string | null = null;
  if (!hasCvss) {
    for (const id of ids) {
      const s = ctx.osv?.get(id)?.severity ?? null;
      if (s && (SEVERITY_POINTS[s] ?? 0) > points) {
        points = SEVERITY_POINTS[s] as number;
        severity = s;
      }
    }
  }
  const en = EN("exposure:osv.advisory", vars) + (severity ? ` ${EN("exposure:osv.severity", { severity })}` : "");
  const es = ES("exposure:osv.advisory", vars) + (severity ? ` ${ES("exposure:osv.severity", { severity })}` : "");
  return { factor: "advisory", points, en, es };
}

/** "update lodash to 4.17.21 or later", from the advisory's fixed versions; null when none is known. */
export function fixedInAction(finding: Finding, lang: "en" | "es"): string | null {
  const fixed = finding.fixedIn ?? [];
  const purl = finding.purls?.[0];
  if (fixed.length === 0 || !purl) return null;
  let name = purl;
  try {
    const p = parsePurl(purl);
    name = `${p.namespace ? `${p.namespace}/` : ""}${p.name}`;
  } catch {
    // The purl was checked when it was stored; keep it as it is otherwise.
  }
  return (lang === "en" ? EN : ES)("exposure:osv.update", { software: name, fixed: fixed.join(" / ") });
}
