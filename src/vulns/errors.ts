import { defineErrors, type RejectedItem } from "../errors/index.js";
import { type MessageKey, t } from "../i18n/index.js";

/**
 * Errors of the vulns module. Feed parsers (KEV, NVD, EPSS) keep every good record and report
 * each rejected one as a VulnProblem naming where it was and what was wrong; a document that
 * cannot be read at all throws a VulnsError.
 */

/**
 * Problem and error codes of the vulns module, each with its HTTP status and English message
 * template; a VulnsError reads the template from the catalogs (errors:vulns.codes) in the reader's language.
 */
export const VULNS_CODES = {
  KEV_BAD_JSON: { status: 400, message: "the KEV catalog is not valid JSON" },
  KEV_NOT_A_CATALOG: { status: 400, message: "the document is not a KEV catalog (no vulnerabilities array)" },
  KEV_BAD_ENTRY: { status: 400, message: "a KEV entry is missing a field or holds a malformed value" },
  KEV_COUNT_MISMATCH: { status: 400, message: "the catalog's count differs from the number of entries it holds" },
  KEV_BAD_CSV: { status: 400, message: "the KEV CSV is malformed or has the wrong columns" },
  NVD_BAD_JSON: { status: 400, message: "the NVD document is not valid JSON" },
  NVD_NOT_A_RECORD: { status: 400, message: "the document is neither an NVD CVE record nor an NVD API 2.0 response" },
  NVD_BAD_RECORD: { status: 400, message: "an NVD record is missing its id or holds a malformed value" },
  NVD_BAD_CRITERIA: { status: 400, message: "a cpeMatch criterion is not a valid CPE 2.3 name" },
  CVE5_BAD_RECORD: { status: 400, message: "a CVE JSON 5 record has no valid CVE id" },
  CVE5_NOT_A_RECORD: { status: 400, message: "the document is not a CVE JSON 5 record (dataType CVE_RECORD)" },
  OSV_BAD_JSON: { status: 400, message: "an OSV file is not valid JSON" },
  OSV_NOT_A_RECORD: {
    status: 400,
    message: "the document is not an OSV record (an object with id and modified, an array of them, or { vulns })",
  },
  OSV_BAD_ENTRY: { status: 400, message: "an OSV record holds a malformed affected package or range event" },
  OSV_BAD_ZIP: { status: 400, message: "a zip file of OSV records is damaged or not a zip" },
  SOURCE_EMPTY: { status: 400, message: "the source holds no record of the kind asked for" },
  EPSS_BAD_HEADER: { status: 400, message: "the EPSS file does not have the cve,epss,percentile header" },
  EPSS_BAD_ROW: { status: 400, message: "an EPSS row is malformed" },
  EXPORT_BAD_INPUT: { status: 400, message: "the action list cannot be exported as given" },
  SOURCE_UNREADABLE: { status: 400, message: "a vulnerability source (file, folder or URL) could not be read" },
} as const;

/** One code of VULNS_CODES. */
export type VulnsCode = keyof typeof VULNS_CODES;

/** A document that could not be read at all: `CODE: template (detail)`. */
export class VulnsError extends defineErrors("VulnsError", VULNS_CODES) {
  constructor(code: VulnsCode, detail: string, options?: { cause?: unknown }) {
    // The template in the reader's language (catalog errors:vulns); the code stays as it is.
    const what = t(`errors:vulns.codes.${code}` as MessageKey);
    super(code, `${code}: ${what}${detail ? t("errors:vulns.detail", { detail }) : ""}`, options);
  }
}

/**
 * One record a feed parser skipped, or one value it dropped from a kept record. `index` is the
 * 0-based position of the record, `line` the 1-based line when the format has lines (0 when
 * not), `path` the field concerned.
 */
export interface VulnProblem extends RejectedItem {
  code: VulnsCode;
  index: number;
  line: number;
  id: string | null;
}
