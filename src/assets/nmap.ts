import { XMLParser, XMLValidator } from "fast-xml-parser";
import { t } from "../i18n/index.js";
import { normalizeCpe } from "./cpe.js";
import type { ImportProblem } from "./errors.js";
import { inferRole, type ScanHints } from "./roles.js";
import { type Asset, assetKey, type Port, type Software, type SoftwareKind } from "./types.js";

/**
 * Nmap XML (-oX) import. Each <host> is read on its own, so a truncated or damaged file still
 * yields every host before (and after) the damage; the damage is reported with its line and
 * column. Hosts that were down are reported as skipped. Software comes from the CPEs of open
 * ports' services (-sV) and of the best OS match (-O, every osmatch tied at the top accuracy);
 * the role is inferred from the services, OS classes and device types (roles.ts), marked so.
 */

/** Options of the Nmap import. */
export interface NmapImportOptions {
  /** A label for provenance (the file name). */
  input?: string;
  /** Whether the scan was run from the internet, so every host found up is internet-exposed. */
  internetExposed?: boolean;
}

/** The assets read and every problem met. */
export interface NmapImportResult {
  assets: Asset[];
  problems: ImportProblem[];
  /** Hosts seen in the file, up or down, readable or not. */
  hostsSeen: number;
  scanner: { version: string | null; args: string | null; startedAt: string | null };
}

const ARRAYS = new Set(["address", "hostname", "port", "cpe", "osmatch", "osclass", "script"]);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "",
  parseAttributeValue: false,
  parseTagValue: false,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function position(starts: readonly number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] as number) + 1 };
}

function kindOfCpe(cpe: string): SoftwareKind {
  const part = cpe.charAt(8);
  return part === "o" ? "operating-system" : part === "h" ? "hardware" : "application";
}

function epochToIso(value: unknown): string | null {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000).toISOString() : null;
}

/** Imports an Nmap XML document. Never throws for bad content: see `problems`. */
export function importNmapXml(text: string, options: NmapImportOptions = {}): NmapImportResult {
  const problems: ImportProblem[] = [];
  const assets: Asset[] = [];
  const starts = lineStarts(text);
  const scanner: NmapImportResult["scanner"] = { version: null, args: null, startedAt: null };
  const runAt = text.indexOf("<nmaprun");
  if (runAt < 0) {
    // Name the element found, so a person sees what the file is (an XML SBOM, a STIX 1 package…).
    const root = /<([A-Za-z_][\w:.-]*)[\s>/]/.exec(text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, ""));
    problems.push({
      code: "NMAP_NOT_NMAP",
      line: 1,
      column: 1,
      path: "",
      message: root
        ? t("errors:assets.problems.notNmapElement", { element: root[1] })
        : t("errors:assets.problems.notNmapNoElement"),
    });
    return { assets, problems, hostsSeen: 0, scanner };
  }
  const runTag = /<nmaprun\b([^>]*)>/.exec(text.slice(runAt, runAt + 4096));
  if (runTag) {
    const attr = (name: string) => new RegExp(`\\b${name}="([^"]*)"`).exec(runTag[1] as string)?.[1] ?? null;
    scanner.version = attr("version");
    scanner.args = attr("args");
    scanner.startedAt = epochToIso(attr("start"));
  }
  const whole = XMLValidator.validate(text);
  if (whole !== true) {
    problems.push({
      code: "NMAP_MALFORMED",
      line: whole.err.line,
      column: whole.err.col,
      path: "nmaprun",
      message: t("errors:assets.problems.malformedKept", { reason: whole.err.msg }),
    });
  }
  const hostStart = /<host[\s>]/g;
  let hostsSeen = 0;
  for (let m = hostStart.exec(text); m; m = hostStart.exec(text)) {
    hostsSeen++;
    const start = m.index;
    const end = text.indexOf("</host>", start);
    const next = text.slice(start + 5).search(/<host[\s>]/);
    const where = position(starts, start);
    if (end < 0 || (next >= 0 && start + 5 + next < end)) {
      problems.push({
        code: "NMAP_MALFORMED",
        ...where,
        path: `host[${hostsSeen - 1}]`,
        message: t("errors:assets.problems.hostNotClosed"),
      });
      continue;
    }
    const chunk = text.slice(start, end + 7);
    hostStart.lastIndex = end + 7;
    const valid = XMLValidator.validate(chunk);
    if (valid !== true) {
      const at = position(starts, start + chunkOffset(chunk, valid.err.line, valid.err.col));
      problems.push({ code: "NMAP_MALFORMED", ...at, path: `host[${hostsSeen - 1}]`, message: valid.err.msg });
      continue;
    }
    const host = (parser.parse(chunk) as { host?: Node }).host;
    if (!host) continue;
    const state = (host.status as Node | undefined)?.state;
    if (state !== undefined && state !== "up") {
      const addr = ((host.address as Node[] | undefined)?.[0]?.addr as string | undefined) ?? "?";
      problems.push({
        code: "NMAP_HOST_DOWN",
        ...where,
        path: `host[${hostsSeen - 1}]`,
        message: t("errors:assets.problems.hostDown", { address: addr, state: String(state) }),
      });
      continue;
    }
    assets.push(readHost(host, hostsSeen - 1, where, options, problems));
  }
  return { assets, problems, hostsSeen, scanner };
}

/** Offset in `chunk` of a 1-based line and column reported by the validator. */
function chunkOffset(chunk: string, line: number, col: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = chunk.indexOf("\n", offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return offset + Math.max(0, col - 1);
}

function readHost(
  host: Node,
  index: number,
  where: { line: number; column: number },
  options: NmapImportOptions,
  problems: ImportProblem[],
): Asset {
  const addresses: string[] = [];
  const macs: string[] = [];
  let vendor: string | null = null;
  for (const a of (host.address as Node[] | undefined) ?? []) {
    if (a.addrtype === "mac") {
      macs.push(String(a.addr).toLowerCase());
      if (typeof a.vendor === "string") vendor = a.vendor;
    } else if (typeof a.addr === "string") {
      addresses.push(a.addr);
    }
  }
  const hostnames: string[] = [];
  for (const h of ((host.hostnames as Node | undefined)?.hostname as Node[] | undefined) ?? []) {
    if (typeof h.name === "string" && !hostnames.includes(h.name)) hostnames.push(h.name);
  }
  const software: Software[] = [];
  const seen = new Set<string>();
  const addCpe = (raw: unknown, path: string, name: string, version: string | null) => {
    if (typeof raw !== "string") return;
    let cpe: string;
    try {
      cpe = normalizeCpe(raw.trim());
    } catch (e) {
      problems.push({
        code: "NMAP_BAD_CPE",
        ...where,
        path,
        message: t("errors:assets.problems.valueReason", { value: JSON.stringify(raw), reason: (e as Error).message }),
        kept: true,
      });
      return;
    }
    if (seen.has(cpe)) return;
    seen.add(cpe);
    const fields = cpe.split(":");
    const cpeVersion = fields[5] && fields[5] !== "*" && fields[5] !== "-" ? fields[5] : null;
    software.push({
      name,
      version: cpeVersion ?? version,
      vendor: fields[3] ?? null,
      kind: kindOfCpe(cpe),
      cpe,
      purl: null,
    });
  };
  const ports: Port[] = [];
  const hints: ScanHints = { osClasses: [], serviceDeviceTypes: [] };
  for (const p of ((host.ports as Node | undefined)?.port as Node[] | undefined) ?? []) {
    if ((p.state as Node | undefined)?.state !== "open") continue;
    const service = (p.service as Node | undefined) ?? {};
    const product = typeof service.product === "string" ? service.product : null;
    const version = typeof service.version === "string" ? service.version : null;
    if (typeof service.devicetype === "string" && service.devicetype !== "")
      hints.serviceDeviceTypes.push({ type: service.devicetype, port: `${p.portid}/${p.protocol ?? "tcp"}` });
    ports.push({
      protocol: String(p.protocol ?? "tcp"),
      port: Number(p.portid),
      service: typeof service.name === "string" ? service.name : null,
      product,
      version,
    });
    for (const cpe of (service.cpe as unknown[] | undefined) ?? [])
      addCpe(
        cpe,
        `host[${index}].ports.port[${p.portid}].service.cpe`,
        product ?? String(service.name ?? "service"),
        version,
      );
  }
  const matches = ((host.os as Node | undefined)?.osmatch as Node[] | undefined) ?? [];
  const best = Math.max(0, ...matches.map((m) => Number(m.accuracy) || 0));
  for (const m of matches) {
    if ((Number(m.accuracy) || 0) < best) continue;
    for (const c of (m.osclass as Node[] | undefined) ?? []) {
      if (typeof c.type === "string")
        hints.osClasses.push({
          type: c.type,
          vendor: String(c.vendor ?? ""),
          family: String(c.osfamily ?? ""),
          gen: typeof c.osgen === "string" ? c.osgen : null,
          accuracy: Number(c.accuracy) || 0,
        });
      for (const cpe of (c.cpe as unknown[] | undefined) ?? [])
        addCpe(cpe, `host[${index}].os.osmatch`, String(m.name ?? "os"), null);
    }
  }
  const inferred = inferRole({ ports, software, hints });
  return {
    key: assetKey({ macs, addresses, hostnames }),
    name: hostnames[0] ?? addresses[0] ?? macs[0] ?? `host-${index}`,
    organizationId: null,
    siteId: null,
    addresses,
    macs,
    hostnames,
    role: inferred?.role ?? "other",
    roleSource: inferred ? "inferred" : "default",
    roleEvidence: inferred?.evidence ?? [],
    criticality: "medium",
    internetExposed: options.internetExposed === true,
    owner: null,
    vendor,
    ports,
    software,
    provenance: { source: "nmap", input: options.input ?? "nmap", observedAt: epochToIso(host.endtime) },
  };
}
