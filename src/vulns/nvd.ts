import { parseCpe, type Wfn } from "../assets/index.js";
import { t } from "../i18n/index.js";
import { type VulnProblem, VulnsError } from "./errors.js";
import type { VersionRange } from "./version.js";

/**
 * NVD CVE API 2.0 records: one `cve` object (as in the NVD JSON 2.0 feeds) or a whole API
 * response (`{ vulnerabilities: [{ cve }] }`). Applicability configurations are kept as a tree of
 * configurations → nodes → cpeMatch criteria, each criterion pre-parsed, ready for match.ts.
 */

/** One cpeMatch criterion: a CPE name (possibly with ANY/wildcards) and an optional version range. */
export interface CpeCriterion extends VersionRange {
  /** Whether a platform matching this criterion is vulnerable (false: it is context, e.g. hardware). */
  vulnerable: boolean;
  criteria: string;
  /** The parsed name, or null when it could not be read (it then never matches). */
  wfn: Wfn | null;
  matchCriteriaId: string | null;
}

/** A node: its criteria combined with OR or AND, optionally negated. */
export interface ConfigNode {
  operator: "AND" | "OR";
  negate: boolean;
  cpeMatch: CpeCriterion[];
}

/** A configuration: its nodes combined with OR (the default) or AND, optionally negated. */
export interface Configuration {
  operator: "AND" | "OR";
  negate: boolean;
  nodes: ConfigNode[];
}

/** The parts of an NVD record the exposure feature uses. */
export interface NvdCve {
  id: string;
  published: string | null;
  lastModified: string | null;
  vulnStatus: string | null;
  description: string;
  /** The highest CVSS base score found (v4.0, v3.1, v3.0 or v2, primary source first). */
  cvss: { version: string; baseScore: number; severity: string | null; vector: string | null } | null;
  cwes: string[];
  /** NVD's copy of the KEV fields, when the CVE is in the catalog. */
  kev: { dateAdded: string; dueDate: string | null; requiredAction: string | null; name: string | null } | null;
  configurations: Configuration[];
  references: string[];
}

/** Records read from a document and the problems met. */
export interface NvdParseResult {
  cves: NvdCve[];
  problems: VulnProblem[];
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

function readCvss(metrics: unknown): NvdCve["cvss"] {
  if (typeof metrics !== "object" || metrics === null) return null;
  let best: NvdCve["cvss"] = null;
  for (const key of ["cvssMetricV40", "cvssMetricV31", "cvssMetricV30", "cvssMetricV2"]) {
    const list = (metrics as Record<string, unknown>)[key];
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      const data = (m as { cvssData?: Record<string, unknown> })?.cvssData;
      if (!data || typeof data.baseScore !== "number") continue;
      const severity = str(data.baseSeverity) ?? str((m as Record<string, unknown>).baseSeverity);
      const primary = (m as Record<string, unknown>).type === "Primary";
      if (best === null || data.baseScore > best.baseScore || (primary && data.baseScore === best.baseScore)) {
        best = {
          version: String(data.version ?? key),
          baseScore: data.baseScore,
          severity,
          vector: str(data.vectorString),
        };
      }
    }
    if (best) return best;
  }
  return best;
}

function readCriterion(raw: unknown, id: string, index: number, path: string, problems: VulnProblem[]): CpeCriterion {
  const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const criteria = str(r.criteria) ?? "";
  let wfn: Wfn | null = null;
  try {
    wfn = parseCpe(criteria);
  } catch (cause) {
    problems.push({
      code: "NVD_BAD_CRITERIA",
      index,
      line: 0,
      id,
      path,
      message: cause instanceof Error ? cause.message : String(cause),
    });
  }
  const c: CpeCriterion = { vulnerable: r.vulnerable === true, criteria, wfn, matchCriteriaId: str(r.matchCriteriaId) };
  for (const bound of [
    "versionStartIncluding",
    "versionStartExcluding",
    "versionEndIncluding",
    "versionEndExcluding",
  ] as const) {
    const v = str(r[bound]);
    if (v !== null && v !== "") c[bound] = v;
  }
  return c;
}

function readConfigurations(raw: unknown, id: string, index: number, problems: VulnProblem[]): Configuration[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((cfg, ci) => {
    const c = (cfg ?? {}) as Record<string, unknown>;
    const nodes = Array.isArray(c.nodes) ? c.nodes : [];
    return {
      operator: c.operator === "AND" ? "AND" : "OR",
      negate: c.negate === true,
      nodes: nodes.map((node, ni) => {
        const n = (node ?? {}) as Record<string, unknown>;
        const list = Array.isArray(n.cpeMatch) ? n.cpeMatch : [];
        return {
          operator: n.operator === "AND" ? "AND" : "OR",
          negate: n.negate === true,
          cpeMatch: list.map((m, mi) =>
            readCriterion(m, id, index, `configurations[${ci}].nodes[${ni}].cpeMatch[${mi}].criteria`, problems),
          ),
        } satisfies ConfigNode;
      }),
    } satisfies Configuration;
  });
}

/** Reads one NVD `cve` object; returns null and reports a problem when it has no valid id. */
export function readNvdCve(raw: unknown, index: number, problems: VulnProblem[]): NvdCve | null {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push({
      code: "NVD_BAD_RECORD",
      index,
      line: 0,
      id: null,
      path: "",
      message: t("errors:vulns.problem.recordNotObject"),
    });
    return null;
  }
  const r = raw as Record<string, unknown>;
  const id = str(r.id);
  if (!id || !CVE_ID.test(id)) {
    problems.push({
      code: "NVD_BAD_RECORD",
      index,
      line: 0,
      id,
      path: "id",
      message: t("errors:vulns.problem.notCveId", { value: JSON.stringify(r.id) }),
    });
    return null;
  }
  const descriptions = Array.isArray(r.descriptions) ? (r.descriptions as Record<string, unknown>[]) : [];
  const en = descriptions.find((d) => d?.lang === "en") ?? descriptions[0];
  const cwes = new Set<string>();
  if (Array.isArray(r.weaknesses)) {
    for (const w of r.weaknesses as { description?: { value?: unknown }[] }[]) {
      for (const d of w?.description ?? [])
        if (typeof d?.value === "string" && d.value.startsWith("CWE-")) cwes.add(d.value);
    }
  }
  const kevAdded = str(r.cisaExploitAdd);
  return {
    id,
    published: str(r.published),
    lastModified: str(r.lastModified),
    vulnStatus: str(r.vulnStatus),
    description: str(en?.value) ?? "",
    cvss: readCvss(r.metrics),
    cwes: [...cwes],
    kev: kevAdded
      ? {
          dateAdded: kevAdded,
          dueDate: str(r.cisaActionDue),
          requiredAction: str(r.cisaRequiredAction),
          name: str(r.cisaVulnerabilityName),
        }
      : null,
    configurations: readConfigurations(r.configurations, id, index, problems),
    references: Array.isArray(r.references)
      ? (r.references as { url?: unknown }[]).map((x) => str(x?.url)).filter((u): u is string => u !== null)
      : [],
  };
}

/** Parses an NVD document: a single `cve` object, `{ cve }`, or an API 2.0 response. */
export function parseNvd(text: string): NvdParseResult {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new VulnsError("NVD_BAD_JSON", cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const problems: VulnProblem[] = [];
  const cves: NvdCve[] = [];
  const d = doc as Record<string, unknown> | null;
  if (d && typeof d === "object" && Array.isArray(d.vulnerabilities)) {
    d.vulnerabilities.forEach((item, i) => {
      const cve = readNvdCve((item as { cve?: unknown })?.cve, i, problems);
      if (cve) cves.push(cve);
    });
  } else if (d && typeof d === "object" && typeof d.cve === "object") {
    const cve = readNvdCve(d.cve, 0, problems);
    if (cve) cves.push(cve);
  } else if (d && typeof d === "object" && typeof d.id === "string") {
    const cve = readNvdCve(d, 0, problems);
    if (cve) cves.push(cve);
  } else {
    throw new VulnsError("NVD_NOT_A_RECORD", "");
  }
  return { cves, problems };
}
