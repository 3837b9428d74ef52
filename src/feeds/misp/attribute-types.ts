/**
 * MISP attribute types and the STIX cyber-observable properties they stand for. One table serves
 * both directions: MISP → STIX (a value becomes comparisons, then a pattern or SCOs) and STIX → MISP
 * (an observation's comparisons are matched back to the type with the same paths).
 *
 * Paths are written as `patternPath` renders them: the first property bare, later keys bare when
 * they are lower-case identifiers and quoted otherwise (`hashes.'SHA-256'`), `[*]` for any member.
 * The object type `ip` stands for ipv4-addr or ipv6-addr, decided by each value.
 */

/** One `type:path = value` test of a STIX pattern, or one property of an SCO. */
export interface Comparison {
  type: string;
  path: string;
  value: string | number;
}

/** How one MISP attribute type maps to STIX. */
export interface MispTypeSpec {
  /** The STIX SCO type the paths belong to (`ip`: ipv4-addr or ipv6-addr by value). */
  sco: string;
  /** One path per `|`-separated part of the value. */
  paths: readonly string[];
  /** Whether the SCO form is valid STIX on its own (false: only a pattern can say it). */
  observable: boolean;
}

const HASHES: Readonly<Record<string, string>> = {
  md5: "MD5",
  sha1: "SHA-1",
  sha256: "SHA-256",
  sha512: "SHA-512",
  "sha3-256": "SHA3-256",
  "sha3-512": "SHA3-512",
  ssdeep: "SSDEEP",
  tlsh: "TLSH",
};

const spec = (sco: string, paths: string[], observable = true): MispTypeSpec => ({ sco, paths, observable });

/** Every MISP attribute type with a STIX equivalent, in preference order for the way back. */
export const MISP_TYPES: ReadonlyMap<string, MispTypeSpec> = new Map<string, MispTypeSpec>([
  ["ip-dst", spec("ip", ["value"])],
  ["ip-src", spec("ip", ["value"])],
  ["domain", spec("domain-name", ["value"])],
  ["hostname", spec("domain-name", ["value"])],
  ["url", spec("url", ["value"])],
  ["uri", spec("url", ["value"])],
  ...Object.entries(HASHES).map(([t, h]) => [t, spec("file", [`hashes.'${h}'`])] as [string, MispTypeSpec]),
  ["filename", spec("file", ["name"])],
  ...Object.entries(HASHES).map(
    ([t, h]) => [`filename|${t}`, spec("file", ["name", `hashes.'${h}'`])] as [string, MispTypeSpec],
  ),
  ["size-in-bytes", spec("file", ["size"])],
  ["mime-type", spec("file", ["mime_type"])],
  ["email", spec("email-addr", ["value"])],
  ["email-src", spec("email-message", ["from_ref.value"])],
  ["email-dst", spec("email-message", ["to_refs[*].value"])],
  ["email-subject", spec("email-message", ["subject"])],
  ["email-reply-to", spec("email-message", ["additional_header_fields.'Reply-To'"])],
  ["email-x-mailer", spec("email-message", ["additional_header_fields.'X-Mailer'"])],
  ["domain|ip", spec("domain-name", ["value", "resolves_to_refs[*].value"])],
  ["ip-dst|port", spec("network-traffic", ["dst_ref.value", "dst_port"])],
  ["ip-src|port", spec("network-traffic", ["src_ref.value", "src_port"])],
  ["hostname|port", spec("network-traffic", ["dst_ref.value", "dst_port"])],
  ["port", spec("network-traffic", ["dst_port"], false)],
  ["mutex", spec("mutex", ["name"])],
  ["regkey", spec("windows-registry-key", ["key"])],
  ["regkey|value", spec("windows-registry-key", ["key", "values[*].data"])],
  ["user-agent", spec("network-traffic", ["extensions.'http-request-ext'.request_header.'User-Agent'"], false)],
  ["AS", spec("autonomous-system", ["number"])],
  ["mac-address", spec("mac-addr", ["value"])],
  ["x509-fingerprint-md5", spec("x509-certificate", ["hashes.'MD5'"])],
  ["x509-fingerprint-sha1", spec("x509-certificate", ["hashes.'SHA-1'"])],
  ["x509-fingerprint-sha256", spec("x509-certificate", ["hashes.'SHA-256'"])],
  ["windows-service-name", spec("process", ["extensions.'windows-service-ext'.service_name"], false)],
]);

/** Properties whose values are integers in STIX. */
const NUMERIC = new Set(["number", "dst_port", "src_port", "size"]);

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(\/(3[0-2]|[12]?\d))?$/;
const IPV6 = /^[0-9a-fA-F:.]{2,45}(\/(12[0-8]|1[01]\d|[1-9]?\d))?$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{1,63}\.?$/i;
const HEX = /^[0-9a-f]+$/i;
const HASH_LENGTH: Readonly<Record<string, number>> = {
  MD5: 32,
  "SHA-1": 40,
  "SHA-256": 64,
  "SHA-512": 128,
  "SHA3-256": 64,
  "SHA3-512": 128,
};

/** The SCO type of an address: ipv4-addr, ipv6-addr, or null when the text is neither. */
export function ipType(value: string): "ipv4-addr" | "ipv6-addr" | null {
  if (IPV4.test(value)) return "ipv4-addr";
  if (value.includes(":") && IPV6.test(value)) return "ipv6-addr";
  return null;
}

/** The SCO type a `_ref(s).value` path points at, judged by the value. */
export function refTargetType(path: string, value: string): string {
  if (path.startsWith("from_ref") || path.startsWith("to_refs") || path.startsWith("cc_refs")) return "email-addr";
  return ipType(value) ?? "domain-name";
}

/** Why a part of a value does not fit its path, or null when it fits. */
function partProblem(sco: string, path: string, part: string): string | null {
  if (part.length === 0) return "is empty";
  const last = path.slice(path.lastIndexOf(".") + 1);
  if (NUMERIC.has(last)) {
    const digits = last === "number" ? part.replace(/^AS/i, "") : part;
    if (!/^\d+$/.test(digits)) return `"${part}" is not a whole number`;
    if ((last === "dst_port" || last === "src_port") && Number(digits) > 65535) return `port ${part} is above 65535`;
    return null;
  }
  const hash = /^hashes\.'(.+)'$/.exec(path)?.[1];
  if (hash !== undefined && HASH_LENGTH[hash] !== undefined) {
    if (!HEX.test(part) || part.length !== HASH_LENGTH[hash]) return `"${part}" is not a ${hash} hash`;
    return null;
  }
  if (sco === "ip" || path === "resolves_to_refs[*].value") {
    return ipType(part) === null ? `"${part}" is not an IPv4 or IPv6 address` : null;
  }
  if (sco === "domain-name" && path === "value" && !DOMAIN.test(part)) return `"${part}" is not a domain name`;
  return null;
}

/** The outcome of converting one attribute value: its comparisons, or why it could not be. */
export type ConversionResult = { ok: true; comparisons: Comparison[] } | { ok: false; reason: string };

/** The comparisons a MISP attribute stands for, or why its value does not fit its type. */
export function attributeComparisons(mispType: string, spec: MispTypeSpec, value: string): ConversionResult {
  const parts = spec.paths.length === 1 ? [value.trim()] : value.split("|").map((p) => p.trim());
  if (parts.length !== spec.paths.length) {
    return { ok: false, reason: `a ${mispType} value has ${spec.paths.length} parts separated by "|"` };
  }
  const comparisons: Comparison[] = [];
  for (let i = 0; i < parts.length; i++) {
    const path = spec.paths[i]!;
    const part = parts[i]!;
    const problem = partProblem(spec.sco, path, part);
    if (problem !== null) return { ok: false, reason: `${problem} (attribute type ${mispType})` };
    let type = spec.sco;
    if (type === "ip") type = ipType(part) ?? "ipv4-addr";
    const last = path.slice(path.lastIndexOf(".") + 1);
    let v: string | number = part;
    if (NUMERIC.has(last)) v = Number(last === "number" ? part.replace(/^AS/i, "") : part);
    else if (path.startsWith("hashes.") || type === "mac-addr") v = part.toLowerCase();
    comparisons.push({ type, path, value: v });
  }
  return { ok: true, comparisons };
}

/** Types whose value is a detection rule in another language: an indicator with that pattern_type. */
export const RULE_TYPES: Readonly<Record<string, string>> = {
  yara: "yara",
  snort: "snort",
  sigma: "sigma",
  "stix2-pattern": "stix",
  suricata: "suricata",
};

/** The signature of a set of comparisons of one object: its type (ip for addresses) and sorted paths. */
export function signatureOf(type: string, paths: readonly string[]): string {
  const t = type === "ipv4-addr" || type === "ipv6-addr" ? "ip" : type;
  return `${t}:${[...paths].sort().join("+")}`;
}

const BY_SIGNATURE = new Map<string, string[]>();
for (const [name, s] of MISP_TYPES) {
  const key = signatureOf(s.sco, s.paths);
  const list = BY_SIGNATURE.get(key) ?? [];
  list.push(name);
  BY_SIGNATURE.set(key, list);
}

/** The MISP types whose paths are exactly these (best first), for the way back to MISP. */
export function mispTypesFor(type: string, paths: readonly string[]): readonly string[] {
  return BY_SIGNATURE.get(signatureOf(type, paths)) ?? [];
}
