/**
 * Errors of the assets module. Parsers of one value (a CPE, a purl) throw an AssetsError with a
 * code and the offset of the fault; importers of whole files never throw for a bad item: they
 * keep the good ones and report each skipped one as an ImportProblem with its place and reason.
 */

/** Error codes of the assets module, each with the message template used when it is raised. */
export const ASSETS_CODES = {
  CPE_BAD_PREFIX: "a CPE must start with cpe:2.3: (formatted string) or cpe:/ (URI)",
  CPE_FIELD_COUNT: "a CPE 2.3 formatted string has exactly 13 colon-separated components",
  CPE_BAD_PART: "the part must be a (application), o (operating system), h (hardware), * or -",
  CPE_EMBEDDED_WILDCARD: "an unquoted * or ? may only appear at the start or end of a value",
  CPE_DANGLING_ESCAPE: "a backslash must be followed by the character it quotes",
  CPE_BAD_CHARACTER: "the value holds a character not allowed in a CPE",
  CPE_BAD_PERCENT: "a CPE URI percent-encoding is not one of those NISTIR 7695 defines",
  CPE_TOO_LONG: "the CPE is longer than the limit",
  PURL_BAD_SCHEME: "a package URL must start with pkg:",
  PURL_NO_TYPE: "a package URL needs a type (pkg:type/name)",
  PURL_NO_NAME: "a package URL needs a name",
  PURL_BAD_ENCODING: "a package URL component has a malformed percent-encoding",
  VENDOR_REGISTRY_INVALID: "a vendor registry entry is missing a required field",
  NMAP_MALFORMED: "the Nmap XML file is malformed",
  NMAP_HOST_DOWN: "the host did not answer the scan; it is not imported",
  NMAP_BAD_CPE: "a CPE reported by Nmap could not be read; the rest of the host was kept",
  NMAP_NOT_NMAP: "the file is not Nmap XML output (no <nmaprun> element)",
  CDX_BAD_JSON: "the SBOM is not valid JSON",
  CDX_NOT_CYCLONEDX: "the document is not a CycloneDX BOM (bomFormat must be CycloneDX)",
  CDX_UNSUPPORTED_VERSION: "the CycloneDX specVersion is not one this importer reads (1.2 to 1.6)",
  CDX_TOO_MANY_COMPONENTS: "the SBOM holds more components than the configured limit",
  CDX_BAD_COMPONENT: "a component is not usable",
  CSV_BAD_HEADER: "the CSV header does not match the template",
  CSV_BAD_CELL: "a cell holds a value the template does not allow",
  CSV_MALFORMED: "the CSV text is malformed",
  IMPORT_OTHER_ORGANIZATION: "the row names another organization than the one being imported into; it was skipped",
} as const;

/** One code of ASSETS_CODES. */
export type AssetsCode = keyof typeof ASSETS_CODES;

/** A failure to read one value (a CPE, a purl, a registry entry). */
export class AssetsError extends Error {
  /** The machine-readable code. */
  readonly code: AssetsCode;
  /** 0-based offset of the fault in the value, or -1 when it concerns the whole value. */
  readonly offset: number;

  constructor(code: AssetsCode, detail: string, offset = -1, options?: { cause?: unknown }) {
    super(
      `${code}: ${ASSETS_CODES[code]}${detail ? ` (${detail})` : ""}${offset >= 0 ? ` at offset ${offset}` : ""}`,
      options,
    );
    this.name = "AssetsError";
    this.code = code;
    this.offset = offset;
  }
}

/**
 * One item an importer skipped or could only partly read, with where it was and why. `line`
 * and `column` are 1-based and 0 when unknown; `path` locates the item inside the document
 * (a JSON path, an XML element path, or a CSV column name).
 */
export interface ImportProblem {
  code: AssetsCode;
  line: number;
  column: number;
  path: string;
  message: string;
}
