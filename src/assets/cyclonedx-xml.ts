import { XMLParser, XMLValidator } from "fast-xml-parser";
import { t } from "../i18n/index.js";

/**
 * CycloneDX XML, read into the shape of CycloneDX JSON so that one walker (cyclonedx.ts) reads
 * both: the XML schema and the JSON schema name the same fields (`component`, `name`, `group`,
 * `version`, `purl`, `cpe`, `supplier/name`, `publisher`, `author`, nested `components`), and
 * the XML says its spec version only in its namespace (`http://cyclonedx.org/schema/bom/1.4`).
 * Only the fields the importer reads are carried over.
 */

/** The namespace prefix of every CycloneDX XML schema; the version follows it. */
const NAMESPACE = "http://cyclonedx.org/schema/bom/";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  // Namespace prefixes (`bom:component`) are dropped so that prefixed documents read alike.
  removeNSPrefix: true,
  isArray: (name, path) => name === "component" && !String(path).endsWith("metadata.component"),
});

type Node = Record<string, unknown>;

/** Where the XML is broken, or why it is not a CycloneDX BOM. */
export interface CycloneDxXmlProblem {
  code: "CDX_BAD_XML" | "CDX_NOT_CYCLONEDX";
  line: number;
  column: number;
  message: string;
}

/** True when the text's first element is a CycloneDX `<bom>` (for format detection). */
export function looksLikeCycloneDxXml(head: string): boolean {
  return /<(?:\w+:)?bom[\s>]/.test(head) && head.includes(NAMESPACE);
}

function str(v: unknown): string | undefined {
  if (typeof v === "string") return v;
  if (typeof v === "object" && v !== null && typeof (v as Node)["#text"] === "string") {
    return (v as Node)["#text"] as string;
  }
  return undefined;
}

function org(v: unknown): Node | undefined {
  if (typeof v !== "object" || v === null) return undefined;
  const name = str((v as Node).name);
  return name === undefined ? undefined : { name };
}

function component(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null) return raw === "" ? {} : raw;
  const c = raw as Node;
  const out: Node = {};
  if (typeof c["@type"] === "string") out.type = c["@type"];
  for (const field of ["name", "group", "version", "purl", "cpe", "publisher", "author"]) {
    const value = str(c[field]);
    if (value !== undefined) out[field] = value;
  }
  const supplier = org(c.supplier);
  if (supplier) out.supplier = supplier;
  const manufacturer = org(c.manufacturer);
  if (manufacturer) out.manufacturer = manufacturer;
  const nested = (c.components as Node | undefined)?.component;
  if (Array.isArray(nested)) out.components = nested.map(component);
  return out;
}

/**
 * The namespace of the root `<bom>` element, read from its start tag: the parser drops `xmlns`
 * attributes with the prefixes. A prefixed root (`<c:bom xmlns:c=…>`) takes its prefix's.
 */
function bomNamespace(xml: string): string {
  const tag = /<(?:(\w+):)?bom\b([^>]*)>/.exec(xml);
  if (!tag) return "";
  const attr = tag[1] ? `xmlns:${tag[1]}` : "xmlns";
  const value = new RegExp(`\\s${attr}\\s*=\\s*("([^"]*)"|'([^']*)')`).exec(tag[2] ?? "");
  return value ? (value[2] ?? value[3] ?? "") : "";
}

/**
 * Reads a CycloneDX XML document into the JSON shape (bomFormat, specVersion, serialNumber,
 * metadata.timestamp/component/supplier/manufacture, components). Returns a problem instead
 * when the XML is malformed (with its line and column) or is not a CycloneDX BOM.
 */
export function cycloneDxXmlToJson(xml: string): { doc: Node } | { problem: CycloneDxXmlProblem } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    return {
      problem: { code: "CDX_BAD_XML", line: valid.err.line, column: valid.err.col, message: valid.err.msg },
    };
  }
  const bom = (parser.parse(xml) as Node).bom as Node | undefined;
  const ns = bomNamespace(xml);
  if (!bom || !ns.startsWith(NAMESPACE)) {
    return {
      problem: {
        code: "CDX_NOT_CYCLONEDX",
        line: 0,
        column: 0,
        message: bom
          ? t("errors:assets.problems.bomNamespace", { namespace: JSON.stringify(ns) })
          : t("errors:assets.problems.noBomElement"),
      },
    };
  }
  const doc: Node = { bomFormat: "CycloneDX", specVersion: ns.slice(NAMESPACE.length) };
  if (typeof bom["@serialNumber"] === "string") doc.serialNumber = bom["@serialNumber"];
  const metadata = bom.metadata as Node | undefined;
  if (typeof metadata === "object" && metadata !== null) {
    const m: Node = {};
    const timestamp = str(metadata.timestamp);
    if (timestamp !== undefined) m.timestamp = timestamp;
    if (metadata.component !== undefined) m.component = component(metadata.component);
    const supplier = org(metadata.supplier);
    if (supplier) m.supplier = supplier;
    const manufacture = org(metadata.manufacture);
    if (manufacture) m.manufacture = manufacture;
    doc.metadata = m;
  }
  const top = (bom.components as Node | undefined)?.component;
  doc.components = Array.isArray(top) ? top.map(component) : [];
  return { doc };
}
