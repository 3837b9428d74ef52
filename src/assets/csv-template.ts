import { isIP } from "node:net";
import { parse as parseCsv } from "csv-parse/sync";
import { t } from "../i18n/index.js";
import { normalizeCpe } from "./cpe.js";
import type { ImportProblem } from "./errors.js";
import { parsePurl } from "./purl.js";
import { inferRole } from "./roles.js";
import {
  ASSET_ROLES,
  type Asset,
  type AssetRole,
  assetKey,
  CRITICALITIES,
  type Criticality,
  type Software,
} from "./types.js";

/**
 * The asset CSV template: one asset per row, one header row naming the columns below (any order;
 * only `name` is required). Every bad cell is reported with its line, column and problem; a row
 * with a bad cell is skipped, every good row is kept. List cells (ip, mac, hostname, cpe, purl)
 * separate values with ";".
 */

/** The template's columns, in the order a blank template lists them. */
export const CSV_TEMPLATE_COLUMNS = [
  "name",
  "organization",
  "site",
  "ip",
  "mac",
  "hostname",
  "role",
  "criticality",
  "internet_exposed",
  "owner",
  "vendor",
  "cpe",
  "purl",
] as const;

type Column = (typeof CSV_TEMPLATE_COLUMNS)[number];

/** The assets read and every problem met. */
export interface CsvImportResult {
  assets: Asset[];
  problems: ImportProblem[];
  /** Data rows met (good and bad). */
  rowsRead: number;
}

const SPANISH_CRITICALITY: Record<string, Criticality> = {
  baja: "low",
  media: "medium",
  alta: "high",
  critica: "critical",
  crítica: "critical",
};
const YES = new Set(["yes", "y", "true", "1", "si", "sí", "s"]);
const NO = new Set(["no", "n", "false", "0", ""]);
const MAC = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

/** The blank template: the header line. */
export function csvTemplateHeader(): string {
  return `${CSV_TEMPLATE_COLUMNS.join(",")}\n`;
}

function list(cell: string): string[] {
  return cell
    .split(";")
    .map((v) => v.trim())
    .filter((v) => v !== "");
}

/** Imports the CSV template. Never throws: see `problems`. */
export function importAssetCsv(text: string, input = "csv"): CsvImportResult {
  const problems: ImportProblem[] = [];
  const records = parseCsv(text, {
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err)
        problems.push({
          code: "CSV_MALFORMED",
          line: Number(err.lines) || 0,
          column: 0,
          path: "",
          message: err.message,
        });
      return undefined;
    },
  }) as unknown as { record: string[]; info: { lines: number } }[];
  const assets: Asset[] = [];
  const headerRecord = records[0];
  if (!headerRecord) {
    problems.push({
      code: "CSV_BAD_HEADER",
      line: 1,
      column: 0,
      path: "",
      message: t("errors:assets.problems.csvEmpty", { columns: CSV_TEMPLATE_COLUMNS.join(",") }),
    });
    return { assets, problems, rowsRead: 0 };
  }
  const header = headerRecord.record.map((h) => h.trim().toLowerCase());
  const columns = new Map<Column, number>();
  header.forEach((h, i) => {
    if ((CSV_TEMPLATE_COLUMNS as readonly string[]).includes(h)) {
      if (columns.has(h as Column)) {
        problems.push({
          code: "CSV_BAD_HEADER",
          line: headerRecord.info.lines,
          column: i + 1,
          path: h,
          message: t("errors:assets.problems.csvColumnTwice", { column: h }),
        });
      } else {
        columns.set(h as Column, i);
      }
    } else {
      problems.push({
        code: "CSV_BAD_HEADER",
        line: headerRecord.info.lines,
        column: i + 1,
        path: h,
        message: t("errors:assets.problems.csvUnknownColumn", {
          column: JSON.stringify(h),
          columns: CSV_TEMPLATE_COLUMNS.join(", "),
        }),
      });
    }
  });
  if (!columns.has("name")) {
    problems.push({
      code: "CSV_BAD_HEADER",
      line: headerRecord.info.lines,
      column: 0,
      path: "name",
      message: t("errors:assets.problems.csvNoName"),
    });
    return { assets, problems, rowsRead: records.length - 1 };
  }
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r] as { record: string[]; info: { lines: number } };
    const asset = readRow(record, info.lines, header.length, columns, input, problems);
    if (asset) assets.push(asset);
  }
  return { assets, problems, rowsRead: records.length - 1 };
}

function readRow(
  record: string[],
  line: number,
  width: number,
  columns: Map<Column, number>,
  input: string,
  problems: ImportProblem[],
): Asset | null {
  const before = problems.length;
  const bad = (column: Column | "", message: string) =>
    problems.push({
      code: "CSV_BAD_CELL",
      line,
      column: column ? (columns.get(column) ?? -1) + 1 : 0,
      path: column,
      message,
    });
  if (record.length !== width) bad("", t("errors:assets.problems.csvCellCount", { cells: record.length, width }));
  const cell = (c: Column) => {
    const i = columns.get(c);
    return i === undefined ? "" : (record[i] ?? "").trim();
  };
  const name = cell("name");
  if (name === "") bad("name", t("errors:assets.problems.csvEmptyName"));
  const addresses = list(cell("ip"));
  for (const ip of addresses)
    if (isIP(ip) === 0) bad("ip", t("errors:assets.problems.csvBadIp", { value: JSON.stringify(ip) }));
  const macs = list(cell("mac")).map((m) => m.toLowerCase().replace(/-/g, ":"));
  for (const mac of macs)
    if (!MAC.test(mac)) bad("mac", t("errors:assets.problems.csvBadMac", { value: JSON.stringify(mac) }));
  const roleGiven = cell("role").toLowerCase();
  const roleText = roleGiven || "other";
  if (!(ASSET_ROLES as readonly string[]).includes(roleText))
    bad(
      "role",
      t("errors:assets.problems.csvBadRole", { value: JSON.stringify(roleText), roles: ASSET_ROLES.join(", ") }),
    );
  const critText = cell("criticality").toLowerCase() || "medium";
  const criticality = (CRITICALITIES as readonly string[]).includes(critText)
    ? (critText as Criticality)
    : SPANISH_CRITICALITY[critText];
  if (!criticality)
    bad("criticality", t("errors:assets.problems.csvBadCriticality", { value: JSON.stringify(critText) }));
  const exposedText = cell("internet_exposed").toLowerCase();
  if (!YES.has(exposedText) && !NO.has(exposedText))
    bad("internet_exposed", t("errors:assets.problems.csvBadYesNo", { value: JSON.stringify(exposedText) }));
  const software: Software[] = [];
  for (const raw of list(cell("cpe"))) {
    try {
      const cpe = normalizeCpe(raw);
      const f = cpe.split(":");
      software.push({
        name: f[4] ?? raw,
        version: f[5] && f[5] !== "*" && f[5] !== "-" ? f[5] : null,
        vendor: f[3] ?? null,
        kind: f[2] === "o" ? "operating-system" : f[2] === "h" ? "hardware" : "application",
        cpe,
        purl: null,
      });
    } catch (e) {
      bad("cpe", t("errors:assets.problems.valueReason", { value: JSON.stringify(raw), reason: (e as Error).message }));
    }
  }
  for (const raw of list(cell("purl"))) {
    try {
      const p = parsePurl(raw);
      software.push({
        name: p.namespace ? `${p.namespace}/${p.name}` : p.name,
        version: p.version,
        vendor: null,
        kind: "library",
        cpe: null,
        purl: raw,
      });
    } catch (e) {
      bad(
        "purl",
        t("errors:assets.problems.valueReason", { value: JSON.stringify(raw), reason: (e as Error).message }),
      );
    }
  }
  if (problems.length > before) return null;
  const hostnames = list(cell("hostname"));
  // A role the sheet states is a person's word; a blank one is inferred from the CPE names, if they say.
  const inferred = roleGiven ? null : inferRole({ ports: [], software });
  return {
    key: assetKey({ macs, addresses, hostnames, name }),
    name,
    organizationId: cell("organization") || null,
    siteId: cell("site") || null,
    addresses,
    macs,
    hostnames,
    role: inferred?.role ?? (roleText as AssetRole),
    roleSource: roleGiven ? "confirmed" : inferred ? "inferred" : "default",
    roleEvidence: inferred?.evidence ?? [],
    criticality: criticality as Criticality,
    internetExposed: YES.has(exposedText),
    owner: cell("owner") || null,
    vendor: cell("vendor") || null,
    ports: [],
    software,
    provenance: { source: "csv", input, observedAt: null },
  };
}
