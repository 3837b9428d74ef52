import { defineErrors, type RejectedItem } from "../errors/index.js";
import { type MessageKey, t } from "../i18n/index.js";

/**
 * Errors of the assets module. Parsers of one value (a CPE, a purl) throw an AssetsError with a
 * code and the offset of the fault; importers of whole files never throw for a bad item: they
 * keep the good ones and report each skipped one as an ImportProblem with its place and reason.
 */

/**
 * Error codes of the assets module, each with its HTTP status and its English message template;
 * an AssetsError reads the template from the catalogs (errors:assets.codes) in the reader's language.
 */
export const ASSETS_CODES = {
  CPE_BAD_PREFIX: { status: 400, message: "a CPE must start with cpe:2.3: (formatted string) or cpe:/ (URI)" },
  CPE_FIELD_COUNT: { status: 400, message: "a CPE 2.3 formatted string has exactly 13 colon-separated components" },
  CPE_BAD_PART: {
    status: 400,
    message: "the part must be a (application), o (operating system), h (hardware), * or -",
  },
  CPE_EMBEDDED_WILDCARD: { status: 400, message: "an unquoted * or ? may only appear at the start or end of a value" },
  CPE_DANGLING_ESCAPE: { status: 400, message: "a backslash must be followed by the character it quotes" },
  CPE_BAD_CHARACTER: { status: 400, message: "the value holds a character not allowed in a CPE" },
  CPE_BAD_PERCENT: { status: 400, message: "a CPE URI percent-encoding is not one of those NISTIR 7695 defines" },
  CPE_TOO_LONG: { status: 400, message: "the CPE is longer than the limit" },
  PURL_BAD_SCHEME: { status: 400, message: "a package URL must start with pkg:" },
  PURL_NO_TYPE: { status: 400, message: "a package URL needs a type (pkg:type/name)" },
  PURL_NO_NAME: { status: 400, message: "a package URL needs a name" },
  PURL_BAD_ENCODING: { status: 400, message: "a package URL component has a malformed percent-encoding" },
  VENDOR_REGISTRY_INVALID: { status: 500, message: "a vendor registry entry is missing a required field" },
  NMAP_MALFORMED: { status: 400, message: "the Nmap XML file is malformed" },
  NMAP_HOST_DOWN: { status: 400, message: "the host did not answer the scan; it is not imported" },
  NMAP_BAD_CPE: { status: 400, message: "a CPE reported by Nmap could not be read; the rest of the host was kept" },
  NMAP_NOT_NMAP: { status: 400, message: "the file is not Nmap XML output (no <nmaprun> element)" },
  CDX_BAD_JSON: { status: 400, message: "the SBOM is not valid JSON" },
  CDX_BAD_XML: { status: 400, message: "the SBOM is not well-formed XML" },
  CDX_NOT_CYCLONEDX: { status: 400, message: "the document is not a CycloneDX BOM (bomFormat must be CycloneDX)" },
  CDX_UNSUPPORTED_VERSION: {
    status: 400,
    message: "the CycloneDX specVersion is not one this importer reads (1.2 to 1.6)",
  },
  CDX_TOO_MANY_COMPONENTS: { status: 400, message: "the SBOM holds more components than the configured limit" },
  CDX_BAD_COMPONENT: { status: 400, message: "a component is not usable" },
  CSV_BAD_HEADER: { status: 400, message: "the CSV header does not match the template" },
  CSV_BAD_CELL: { status: 400, message: "a cell holds a value the template does not allow" },
  CSV_MALFORMED: { status: 400, message: "the CSV text is malformed" },
  IMPORT_OTHER_ORGANIZATION: {
    status: 400,
    message: "the row names another organization than the one being imported into; it was skipped",
  },
} as const;

/** One code of ASSETS_CODES. */
export type AssetsCode = keyof typeof ASSETS_CODES;

/** A failure to read one value (a CPE, a purl, a registry entry): `CODE: template (detail) at offset N`. */
export class AssetsError extends defineErrors("AssetsError", ASSETS_CODES) {
  /** 0-based offset of the fault in the value, or -1 when it concerns the whole value. */
  readonly offset: number;

  constructor(code: AssetsCode, detail: string, offset = -1, options?: { cause?: unknown }) {
    // The template and its framing in the reader's language (catalog errors:assets); the code stays as it is.
    const what = t(`errors:assets.codes.${code}` as MessageKey);
    const said = detail ? t("errors:assets.detail", { detail }) : "";
    const where = offset >= 0 ? t("errors:assets.atOffset", { offset }) : "";
    super(code, `${code}: ${what}${said}${where}`, options);
    this.offset = offset;
  }
}

/**
 * One item an importer skipped or could only partly read (then `kept`), with where it was and why. `line`
 * and `column` are 1-based and 0 when unknown; `path` locates the item inside the document
 * (a JSON path, an XML element path, or a CSV column name).
 */
export interface ImportProblem extends RejectedItem {
  code: AssetsCode;
  line: number;
  column: number;
  /** The item was kept without the part named by `path` (a component without its bad CPE), not skipped. */
  kept?: true;
}
