import { parse as parseCsv } from "csv-parse/sync";
import { t } from "../i18n/index.js";
import { type VulnProblem, VulnsError } from "./errors.js";

/**
 * The CISA Known Exploited Vulnerabilities catalog, from its JSON or its CSV form. Every entry is
 * validated; a bad one is reported with its position and the field at fault and the rest kept.
 */

/** One KEV entry. */
export interface KevEntry {
  cveId: string;
  vendorProject: string;
  product: string;
  vulnerabilityName: string;
  /** YYYY-MM-DD */
  dateAdded: string;
  shortDescription: string;
  requiredAction: string;
  /** YYYY-MM-DD: the date U.S. federal agencies must have acted by. */
  dueDate: string;
  knownRansomware: boolean;
  notes: string;
  cwes: string[];
}

/** A parsed catalog: what it says of itself, the good entries, and every rejected one. */
export interface KevCatalog {
  catalogVersion: string | null;
  dateReleased: string | null;
  /** The count the catalog declares (JSON only), else null. */
  declaredCount: number | null;
  entries: KevEntry[];
  problems: VulnProblem[];
}

const CVE_ID = /^CVE-\d{4}-\d{4,}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const REQUIRED = [
  "cveID",
  "vendorProject",
  "product",
  "vulnerabilityName",
  "dateAdded",
  "requiredAction",
  "dueDate",
] as const;
const CSV_COLUMNS = [
  "cveID",
  "vendorProject",
  "product",
  "vulnerabilityName",
  "dateAdded",
  "shortDescription",
  "requiredAction",
  "dueDate",
  "knownRansomwareCampaignUse",
  "notes",
  "cwes",
];

/** Validates one raw entry; returns the entry or pushes a problem and returns null. */
function readEntry(raw: unknown, index: number, line: number, problems: VulnProblem[]): KevEntry | null {
  const problem = (path: string, message: string, id: string | null): null => {
    problems.push({ code: "KEV_BAD_ENTRY", index, line, id, path, message });
    return null;
  };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    return problem("", t("errors:vulns.problem.notObject"), null);
  const r = raw as Record<string, unknown>;
  const id = typeof r.cveID === "string" ? r.cveID.trim() : null;
  for (const field of REQUIRED) {
    if (typeof r[field] !== "string" || (r[field] as string).trim() === "")
      return problem(field, t("errors:vulns.problem.missing", { field }), id);
  }
  if (!id || !CVE_ID.test(id))
    return problem("cveID", t("errors:vulns.problem.notCveIdForm", { value: JSON.stringify(r.cveID) }), id);
  for (const field of ["dateAdded", "dueDate"] as const) {
    const v = (r[field] as string).trim();
    if (!DATE.test(v) || Number.isNaN(Date.parse(v)))
      return problem(field, t("errors:vulns.problem.notDate", { value: JSON.stringify(v) }), id);
  }
  const ransomware = typeof r.knownRansomwareCampaignUse === "string" ? r.knownRansomwareCampaignUse.trim() : "Unknown";
  if (ransomware !== "Known" && ransomware !== "Unknown") {
    return problem(
      "knownRansomwareCampaignUse",
      t("errors:vulns.problem.ransomware", { value: JSON.stringify(ransomware) }),
      id,
    );
  }
  let cwes: string[] = [];
  if (Array.isArray(r.cwes)) cwes = r.cwes.filter((c): c is string => typeof c === "string");
  else if (typeof r.cwes === "string" && r.cwes.trim() !== "") cwes = r.cwes.split(",").map((c) => c.trim());
  return {
    cveId: id,
    vendorProject: (r.vendorProject as string).trim(),
    product: (r.product as string).trim(),
    vulnerabilityName: (r.vulnerabilityName as string).trim(),
    dateAdded: (r.dateAdded as string).trim(),
    shortDescription: typeof r.shortDescription === "string" ? r.shortDescription : "",
    requiredAction: (r.requiredAction as string).trim(),
    dueDate: (r.dueDate as string).trim(),
    knownRansomware: ransomware === "Known",
    notes: typeof r.notes === "string" ? r.notes : "",
    cwes,
  };
}

/** Parses the KEV catalog JSON (known_exploited_vulnerabilities.json). */
export function parseKevJson(text: string): KevCatalog {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new VulnsError("KEV_BAD_JSON", cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const d = doc as Record<string, unknown> | null;
  if (typeof d !== "object" || d === null || !Array.isArray(d.vulnerabilities))
    throw new VulnsError("KEV_NOT_A_CATALOG", "");
  const problems: VulnProblem[] = [];
  const entries: KevEntry[] = [];
  d.vulnerabilities.forEach((raw, index) => {
    const entry = readEntry(raw, index, 0, problems);
    if (entry) entries.push(entry);
  });
  const declaredCount = typeof d.count === "number" ? d.count : null;
  if (declaredCount !== null && declaredCount !== d.vulnerabilities.length) {
    problems.push({
      code: "KEV_COUNT_MISMATCH",
      index: -1,
      line: 0,
      id: null,
      path: "count",
      message: t("errors:vulns.problem.countMismatch", { declared: declaredCount, held: d.vulnerabilities.length }),
    });
  }
  return {
    catalogVersion: typeof d.catalogVersion === "string" ? d.catalogVersion : null,
    dateReleased: typeof d.dateReleased === "string" ? d.dateReleased : null,
    declaredCount,
    entries,
    problems,
  };
}

/** Parses the KEV catalog CSV (known_exploited_vulnerabilities.csv); `line` in problems is the CSV line. */
export function parseKevCsv(text: string): KevCatalog {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      info: true,
      skip_empty_lines: true,
    }) as unknown as typeof records;
  } catch (cause) {
    throw new VulnsError("KEV_BAD_CSV", cause instanceof Error ? cause.message : String(cause), { cause });
  }
  const header = records[0]?.record.map((h) => h.trim()) ?? [];
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0)
    throw new VulnsError("KEV_BAD_CSV", t("errors:vulns.details.missingColumns", { columns: missing.join(", ") }));
  const problems: VulnProblem[] = [];
  const entries: KevEntry[] = [];
  for (let i = 1; i < records.length; i++) {
    const { record, info } = records[i] as { record: string[]; info: { lines: number } };
    if (record.length !== header.length) {
      problems.push({
        code: "KEV_BAD_CSV",
        index: i - 1,
        line: info.lines,
        id: record[0] ?? null,
        path: "",
        message: t("errors:vulns.problem.rowCells", { cells: record.length, header: header.length }),
      });
      continue;
    }
    const raw: Record<string, string> = {};
    header.forEach((name, k) => {
      raw[name] = record[k] ?? "";
    });
    const entry = readEntry(raw, i - 1, info.lines, problems);
    if (entry) entries.push(entry);
  }
  return { catalogVersion: null, dateReleased: null, declaredCount: null, entries, problems };
}
