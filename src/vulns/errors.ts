/**
 * Errors of the vulns module. Feed parsers (KEV, NVD, EPSS) keep every good record and report
 * each rejected one as a VulnProblem naming where it was and what was wrong; a document that
 * cannot be read at all throws a VulnsError.
 */

/** Problem and error codes of the vulns module, each with its message template. */
export const VULNS_CODES = {
  KEV_BAD_JSON: "the KEV catalog is not valid JSON",
  KEV_NOT_A_CATALOG: "the document is not a KEV catalog (no vulnerabilities array)",
  KEV_BAD_ENTRY: "a KEV entry is missing a field or holds a malformed value",
  KEV_COUNT_MISMATCH: "the catalog's count differs from the number of entries it holds",
  KEV_BAD_CSV: "the KEV CSV is malformed or has the wrong columns",
  NVD_BAD_JSON: "the NVD document is not valid JSON",
  NVD_NOT_A_RECORD: "the document is neither an NVD CVE record nor an NVD API 2.0 response",
  NVD_BAD_RECORD: "an NVD record is missing its id or holds a malformed value",
  NVD_BAD_CRITERIA: "a cpeMatch criterion is not a valid CPE 2.3 name",
  EPSS_BAD_HEADER: "the EPSS file does not have the cve,epss,percentile header",
  EPSS_BAD_ROW: "an EPSS row is malformed",
  EXPORT_BAD_INPUT: "the action list cannot be exported as given",
  SOURCE_UNREADABLE: "a vulnerability source (file, folder or URL) could not be read",
} as const;

/** One code of VULNS_CODES. */
export type VulnsCode = keyof typeof VULNS_CODES;

/** A document that could not be read at all. */
export class VulnsError extends Error {
  /** The machine-readable code. */
  readonly code: VulnsCode;

  constructor(code: VulnsCode, detail: string, options?: { cause?: unknown }) {
    super(`${code}: ${VULNS_CODES[code]}${detail ? ` (${detail})` : ""}`, options);
    this.name = "VulnsError";
    this.code = code;
  }
}

/**
 * One record a feed parser skipped, or one value it dropped from a kept record. `index` is the
 * 0-based position of the record, `line` the 1-based line when the format has lines (0 when
 * not), `path` the field concerned.
 */
export interface VulnProblem {
  code: VulnsCode;
  index: number;
  line: number;
  id: string | null;
  path: string;
  message: string;
}
