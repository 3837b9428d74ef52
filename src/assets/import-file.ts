import { t } from "../i18n/index.js";
import { importAssetCsv } from "./csv-template.js";
import { importCycloneDx } from "./cyclonedx.js";
import { looksLikeCycloneDxXml } from "./cyclonedx-xml.js";
import type { ImportProblem } from "./errors.js";
import { importNmapXml } from "./nmap.js";
import { inferRole } from "./roles.js";
import { type Asset, assetKey } from "./types.js";

/**
 * One inventory file, whatever its format: the format is told from the content (Nmap XML,
 * CycloneDX JSON or XML, or the CSV template, never from the file name), the matching importer runs,
 * and the result is one list of assets and one list of skipped items with their reasons.
 */

/** The formats `centinela assets import` reads. */
export type InventoryFormat = "nmap" | "cyclonedx" | "csv";

/** Options of readInventoryFile. */
export interface InventoryFileOptions {
  /** A label for provenance (the file name). */
  input: string;
  /** Nmap: the scan was run from the internet, so every host up is internet-exposed. */
  internetExposed?: boolean;
  /** CycloneDX: the name of the asset the SBOM describes (default: the SBOM's own subject). */
  assetName?: string;
}

/** What a file gave. `seen` counts hosts, components or rows met, good or bad. */
export interface InventoryFileResult {
  format: InventoryFormat;
  assets: Asset[];
  problems: ImportProblem[];
  seen: number;
}

/** Largest inventory file read (bytes): the importers hold the whole text in memory. */
export const MAX_INVENTORY_FILE_BYTES = 256 * 1024 * 1024;

/**
 * Tells the format from the first non-blank characters: `<` XML (a CycloneDX `<bom>` or else
 * Nmap), `{` JSON, otherwise CSV.
 */
export function detectInventoryFormat(text: string): InventoryFormat {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (head.startsWith("<")) return looksLikeCycloneDxXml(head.slice(0, 4096)) ? "cyclonedx" : "nmap";
  if (head.startsWith("{")) return "cyclonedx";
  return "csv";
}

/** Problems after which the SBOM gave nothing to import. */
const UNREADABLE_SBOM = new Set<string>([
  "CDX_BAD_JSON",
  "CDX_BAD_XML",
  "CDX_NOT_CYCLONEDX",
  "CDX_UNSUPPORTED_VERSION",
]);

/** Reads an inventory file. Never throws for bad content: see `problems`. */
export function readInventoryFile(text: string, options: InventoryFileOptions): InventoryFileResult {
  const format = detectInventoryFormat(text);
  if (format === "nmap") {
    const r = importNmapXml(text, { input: options.input, internetExposed: options.internetExposed === true });
    return { format, assets: r.assets, problems: r.problems, seen: r.hostsSeen };
  }
  if (format === "csv") {
    const r = importAssetCsv(text, options.input);
    return { format, assets: r.assets, problems: r.problems, seen: r.rowsRead };
  }
  const r = importCycloneDx(text);
  const name = options.assetName ?? r.subject?.name ?? "";
  if (r.problems.some((p) => UNREADABLE_SBOM.has(p.code))) {
    return { format, assets: [], problems: r.problems, seen: r.componentsSeen };
  }
  if (name === "") {
    const problems: ImportProblem[] = [
      ...r.problems,
      {
        code: "CDX_BAD_COMPONENT",
        line: 0,
        column: 0,
        path: "metadata.component.name",
        message: t("errors:assets.problems.sbomNoSubject"),
      },
    ];
    return { format, assets: [], problems, seen: r.componentsSeen };
  }
  const inferred = inferRole({ ports: [], software: r.software, sbomType: r.subject?.type ?? null });
  const asset: Asset = {
    key: assetKey({ name }),
    name,
    organizationId: null,
    siteId: null,
    addresses: [],
    macs: [],
    hostnames: [],
    role: inferred?.role ?? "application",
    roleSource: inferred ? "inferred" : "default",
    roleEvidence: inferred?.evidence ?? [],
    criticality: "medium",
    internetExposed: false,
    owner: null,
    vendor: r.subject?.supplier ?? null,
    ports: [],
    software: r.software,
    provenance: { source: "cyclonedx", input: options.input, observedAt: r.timestamp },
  };
  return { format, assets: [asset], problems: r.problems, seen: r.componentsSeen };
}
