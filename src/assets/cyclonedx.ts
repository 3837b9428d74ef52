import { t } from "../i18n/index.js";
import { normalizeCpe } from "./cpe.js";
import { cycloneDxXmlToJson } from "./cyclonedx-xml.js";
import type { ImportProblem } from "./errors.js";
import { parsePurl } from "./purl.js";
import type { Software, SoftwareKind } from "./types.js";

/**
 * CycloneDX SBOM import, JSON or XML (spec 1.2 to 1.6; the exposure feature targets 1.4–1.6, and the
 * older ones read the same for the fields used). Every component, however deeply nested, becomes
 * one Software item with its purl, CPE and supplier (supplier, else manufacturer, else publisher,
 * else author). A component with a bad purl or CPE is kept without that name and reported.
 */

/** Options of the CycloneDX import. */
export interface CycloneDxOptions {
  /** The most components read; the rest are reported, not read (default 200,000). */
  maxComponents?: number;
}

/** What the SBOM describes (metadata.component), when it says. */
export interface SbomSubject {
  name: string;
  version: string | null;
  purl: string | null;
  supplier: string | null;
  /** metadata.component.type: application, device, firmware, operating-system, container, … */
  type: string | null;
}

/** The software read and every problem met. */
export interface CycloneDxResult {
  specVersion: string | null;
  serialNumber: string | null;
  timestamp: string | null;
  subject: SbomSubject | null;
  software: Software[];
  /** Components met (read or not), nested ones included. */
  componentsSeen: number;
  problems: ImportProblem[];
}

/** The default component limit. */
export const DEFAULT_MAX_COMPONENTS = 200_000;

const VERSIONS = new Set(["1.2", "1.3", "1.4", "1.5", "1.6"]);

type Node = Record<string, unknown>;

function text(v: unknown): string | null {
  return typeof v === "string" && v.trim() !== "" ? v.trim() : null;
}

function supplierOf(c: Node): string | null {
  const org = (v: unknown) => (typeof v === "object" && v !== null ? text((v as Node).name) : null);
  return org(c.supplier) ?? org(c.manufacturer) ?? org(c.manufacture) ?? text(c.publisher) ?? text(c.author);
}

function kindOf(type: unknown): SoftwareKind {
  switch (type) {
    case "operating-system":
      return "operating-system";
    case "firmware":
      return "firmware";
    case "device":
      return "hardware";
    case "library":
    case "framework":
      return "library";
    default:
      return "application";
  }
}

/** The document as JSON values: XML is read into the JSON shape (cyclonedx-xml.ts). */
function readDocument(text: string): { doc: unknown } | { problem: ImportProblem } {
  if (
    text
      .replace(/^\uFEFF/, "")
      .trimStart()
      .startsWith("<")
  ) {
    const read = cycloneDxXmlToJson(text);
    return "problem" in read ? { problem: { ...read.problem, path: "bom" } } : read;
  }
  try {
    return { doc: JSON.parse(text) };
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    let line = 0;
    let column = 0;
    if (m) {
      const pos = Number(m[1]);
      const before = text.slice(0, pos);
      line = before.split("\n").length;
      column = pos - before.lastIndexOf("\n");
    }
    return { problem: { code: "CDX_BAD_JSON", line, column, path: "", message: (e as Error).message } };
  }
}

/**
 * Imports a CycloneDX document, JSON or XML (told by its first character). Never throws: an
 * unreadable document is one problem.
 */
export function importCycloneDx(json: string, options: CycloneDxOptions = {}): CycloneDxResult {
  const limit = options.maxComponents ?? DEFAULT_MAX_COMPONENTS;
  const result: CycloneDxResult = {
    specVersion: null,
    serialNumber: null,
    timestamp: null,
    subject: null,
    software: [],
    componentsSeen: 0,
    problems: [],
  };
  const problem = (code: ImportProblem["code"], path: string, message: string, line = 0, column = 0) =>
    result.problems.push({ code, line, column, path, message });
  const keptWithout = (path: string, message: string) =>
    result.problems.push({ code: "CDX_BAD_COMPONENT", line: 0, column: 0, path, message, kept: true });
  const read = readDocument(json);
  if ("problem" in read) {
    const { code, path, message, line, column } = read.problem;
    problem(code, path, message, line, column);
    return result;
  }
  const doc = read.doc;
  const d = doc as Node;
  if (typeof d !== "object" || d === null || d.bomFormat !== "CycloneDX") {
    const format = (d as Node | null)?.bomFormat;
    // JSON of another kind (a KEV catalog, a STIX bundle) has no bomFormat at all: say what is read instead.
    problem(
      "CDX_NOT_CYCLONEDX",
      "bomFormat",
      format === undefined
        ? t("errors:assets.problems.bomFormatMissing")
        : t("errors:assets.problems.bomFormatIs", { value: JSON.stringify(format) }),
    );
    return result;
  }
  result.specVersion = text(d.specVersion);
  if (!result.specVersion || !VERSIONS.has(result.specVersion)) {
    problem(
      "CDX_UNSUPPORTED_VERSION",
      "specVersion",
      t("errors:assets.problems.specVersion", { value: JSON.stringify(d.specVersion) }),
    );
    return result;
  }
  result.serialNumber = text(d.serialNumber);
  const metadata = (d.metadata ?? {}) as Node;
  result.timestamp = text(metadata.timestamp);
  const subject = metadata.component as Node | undefined;
  if (subject && typeof subject === "object") {
    result.subject = {
      name: text(subject.name) ?? "",
      version: text(subject.version),
      purl: text(subject.purl),
      supplier: supplierOf(subject) ?? supplierOf(metadata),
      type: text(subject.type),
    };
  }
  // Depth-first without recursion: a hostile SBOM may nest components thousands deep.
  const stack: [unknown, string][] = [];
  const top = Array.isArray(d.components) ? (d.components as unknown[]) : [];
  for (let i = top.length - 1; i >= 0; i--) stack.push([top[i], `components[${i}]`]);
  let overflow = 0;
  while (stack.length > 0) {
    const [raw, path] = stack.pop() as [unknown, string];
    result.componentsSeen++;
    if (result.componentsSeen > limit) {
      overflow++;
      continue;
    }
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      problem("CDX_BAD_COMPONENT", path, t("errors:assets.problems.componentNotObject"));
      continue;
    }
    const c = raw as Node;
    const children = Array.isArray(c.components) ? (c.components as unknown[]) : [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i], `${path}.components[${i}]`]);
    const name = text(c.name);
    if (!name) {
      problem("CDX_BAD_COMPONENT", `${path}.name`, t("errors:assets.problems.componentNoName"));
      continue;
    }
    let purl = text(c.purl);
    if (purl) {
      try {
        parsePurl(purl);
      } catch (e) {
        keptWithout(`${path}.purl`, t("errors:assets.problems.keptWithoutPurl", { reason: (e as Error).message }));
        purl = null;
      }
    }
    let cpe = text(c.cpe);
    if (cpe) {
      try {
        cpe = normalizeCpe(cpe);
      } catch (e) {
        keptWithout(`${path}.cpe`, t("errors:assets.problems.keptWithoutCpe", { reason: (e as Error).message }));
        cpe = null;
      }
    }
    result.software.push({
      name: text(c.group) ? `${text(c.group)}/${name}` : name,
      version: text(c.version),
      vendor: supplierOf(c),
      kind: kindOf(c.type),
      cpe,
      purl,
    });
  }
  if (overflow > 0) {
    problem(
      "CDX_TOO_MANY_COMPONENTS",
      "components",
      t("errors:assets.problems.tooManyComponents", { count: overflow, limit }),
    );
  }
  return result;
}
