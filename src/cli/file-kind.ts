import { t } from "../i18n/index.js";

/**
 * What a file handed to `import` is when it is not STIX: recognized from its first bytes, so a
 * scan, a list of addresses or a log gets one sentence naming the command that reads it rather
 * than a syntax error per line. MISP events and galaxies are JSON objects and are left to the
 * import's own MISP reader.
 */

/** A kind of file that is not STIX, and the sentence that says so. */
export type ForeignKind =
  | "nmap"
  | "xml"
  | "cyclonedx"
  | "kev"
  | "nvd"
  | "epss"
  | "assetCsv"
  | "zeek"
  | "suricata"
  | "ipList"
  | "domainList"
  | "urlList"
  | "hashList"
  | "iocList"
  | "knownList"
  | "notJson";

/** How much of a file is read to tell its kind. */
export const HEAD_BYTES = 64 * 1024;

const IP = /^(?:\d{1,3}(?:\.\d{1,3}){3}(?:\/\d{1,2})?|[0-9a-f:]*:[0-9a-f:.]+(?:\/\d{1,3})?)$/i;
const DOMAIN = /^(?:\*\.)?(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i;
const URL_LINE = /^(?:https?|hxxps?|ftp):\/\/\S+$/i;
const HASH = /^(?:[0-9a-f]{32}|[0-9a-f]{40}|[0-9a-f]{64}|[0-9a-f]{128})$/i;

/** The kind of `head` (the start of a file, decoded), or null when it may be STIX JSON. */
export function foreignKindOf(head: string): ForeignKind | null {
  const text = head.replace(/^\uFEFF/, "");
  const start = text.trimStart();
  if (start.startsWith("<")) {
    if (/<nmaprun[\s>]/.test(start)) return "nmap";
    return /<bom[\s>]/.test(start) && /cyclonedx/i.test(start) ? "cyclonedx" : "xml";
  }
  if (start.startsWith("{") || start.startsWith("[")) {
    if (/"bomFormat"\s*:\s*"CycloneDX"/.test(start)) return "cyclonedx";
    if (/"catalogVersion"\s*:/.test(start) && /"vulnerabilities"\s*:/.test(start)) return "kev";
    if (/"format"\s*:\s*"NVD_CVE"/.test(start) || /"CVE_Items"\s*:/.test(start)) return "nvd";
    if (/"id"\s*:\s*"CVE-\d{4}-\d+"/.test(start) && /"sourceIdentifier"\s*:/.test(start)) return "nvd";
    if (/^\{"timestamp":"[^"]+",[^\n]*"event_type":"/.test(start)) return "suricata";
    if (/^\{"(?:_path|ts)":[^\n]*"uid":"/.test(start)) return "zeek";
    return null;
  }
  if (start === "") return null;
  if (knownListOf(text) !== null) return "knownList";
  const lines = text
    .split(/\r?\n/)
    .slice(0, 200)
    .map((l) => l.trim());
  // The last line of a 64 KiB head may be cut in the middle.
  if (text.length >= HEAD_BYTES) lines.pop();
  if (lines.some((l) => l.startsWith("#separator") || l.startsWith("#fields"))) return "zeek";
  if (/^#?\s*model_version:/i.test(lines[0] ?? "") || /^cve,epss,percentile/i.test(lines[0] ?? "")) return "epss";
  const header = (lines[0] ?? "").toLowerCase().split(",");
  if (
    header.includes("name") &&
    (header.includes("ip") || header.includes("hostname") || header.includes("criticality"))
  )
    return "assetCsv";
  const values = lines
    .filter((l) => l !== "" && !l.startsWith("#") && !l.startsWith("//"))
    .map((l) => l.split(/[\s,;]/)[0] as string);
  if (values.length > 0) {
    const all = (re: RegExp) => values.every((v) => re.test(v));
    if (all(IP)) return "ipList";
    if (all(DOMAIN)) return "domainList";
    if (all(URL_LINE)) return "urlList";
    if (all(HASH)) return "hashList";
    const ioc = (v: string) => IP.test(v) || DOMAIN.test(v) || URL_LINE.test(v) || HASH.test(v);
    if (values.filter(ioc).length >= Math.max(1, values.length * 0.8)) return "iocList";
  }
  return "notJson";
}

/**
 * The built-in list (`import --list NAME`) a file's start shows it to be, by what its publisher
 * writes at the top: IPsum's title, urlhaus-filter's title, Maltrail's column names.
 */
export function knownListOf(head: string): string | null {
  const top = head.replace(/^\uFEFF/, "").slice(0, 2048);
  if (/^#\s*IPsum\b/m.test(top)) return "ipsum";
  if (/^# Title: Malicious Domains Blocklist/m.test(top) && /urlhaus-filter/.test(top)) return "urlhaus-domains";
  if (/^# Title: Online Malicious URL Splunk Lookup/m.test(top) && /urlhaus-filter/.test(top)) return "urlhaus";
  if (/^\s*indicator,type,category,trail\b/.test(top)) return "maltrail";
  return null;
}

/** The sentence for a file of a foreign kind: what it looks like and which command reads it. */
export function describeForeign(file: string, kind: ForeignKind, head: string): string {
  if (kind === "knownList") return t("cli:fileKind.knownList", { file, list: knownListOf(head) ?? "text" });
  const firstLine = (
    head
      .replace(/^\uFEFF/, "")
      .trimStart()
      .split(/\r?\n/)[0] ?? ""
  ).slice(0, 60);
  return t(`cli:fileKind.${kind}`, { file, start: firstLine });
}
