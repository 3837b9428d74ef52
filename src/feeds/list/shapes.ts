import { isIP } from "node:net";
import { t } from "../../i18n/index.js";

/**
 * What a value on an IOC list is, from its shape alone: lists rarely say, and when they do
 * (Maltrail's type column) the shape must agree. Defanged values (`hxxp://`, `example[.]com`)
 * are refanged first, as analysts write them in reports.
 */

/** The kinds of value a list may hold. */
export type ListValueType =
  | "ipv4"
  | "ipv6"
  | "ipv4-cidr"
  | "ipv6-cidr"
  | "ipv4-port"
  | "ipv6-port"
  | "domain"
  | "domain-suffix"
  | "url"
  | "url-path"
  | "md5"
  | "sha1"
  | "sha256"
  | "sha512"
  | "email"
  | "regex";

/** Every list value type, for the mapping file's check and the summary. */
export const LIST_VALUE_TYPES: readonly ListValueType[] = [
  "ipv4",
  "ipv6",
  "ipv4-cidr",
  "ipv6-cidr",
  "ipv4-port",
  "ipv6-port",
  "domain",
  "domain-suffix",
  "url",
  "url-path",
  "md5",
  "sha1",
  "sha256",
  "sha512",
  "email",
  "regex",
];

/** A value read off a list: its normalized form and type, or why it is not one. */
export type Classified = { type: ListValueType; value: string } | { error: string };

const LABEL = "(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?)";
const DOMAIN = new RegExp(`^(?:\\*\\.)?(?:${LABEL}\\.)+(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$`);
const HEX = /^[0-9a-f]+$/;
const HASH_BY_LENGTH: Readonly<Record<number, ListValueType>> = { 32: "md5", 40: "sha1", 64: "sha256", 128: "sha512" };
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** Undoes the usual defanging: hxxp, [.], (.), [:], [@]. */
export function refang(value: string): string {
  return value
    .replace(/^hxxp(s?):\/\//i, "http$1://")
    .replace(/\[\.\]|\(\.\)|\{\.\}/g, ".")
    .replace(/\[:\]/g, ":")
    .replace(/\[@\]/g, "@");
}

function port(text: string): boolean {
  if (!/^\d{1,5}$/.test(text)) return false;
  const n = Number(text);
  return n >= 1 && n <= 65535;
}

function cidr(address: string, bits: string, family: 4 | 6): boolean {
  if (isIP(address) !== family || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * The type and normalized value of `raw`; `declared` is the list's own type when it has one
 * (checked against the shape, except for regex, which has none).
 */
export function classify(raw: string, declared?: ListValueType): Classified {
  const text = refang(raw.trim());
  if (text === "") return { error: t("lists:reason.empty") };
  if (declared === "regex") return { type: "regex", value: text };
  const found = shapeOf(text);
  if ("error" in found) return found;
  // A suffix is a kind of domain entry: ".onion" on a list that types it "domain".
  const compatible = declared === "domain" && found.type === "domain-suffix";
  if (declared !== undefined && declared !== found.type && !compatible) {
    return { error: t("lists:reason.declared", { declared, found: found.type }) };
  }
  return found;
}

function shapeOf(text: string): Classified {
  const lower = text.toLowerCase();
  const family = isIP(lower);
  if (family === 4) return { type: "ipv4", value: lower };
  if (family === 6) return { type: "ipv6", value: lower };
  const slash = lower.indexOf("/");
  if (slash > 0 && !lower.includes("://")) {
    const [address, bits] = [lower.slice(0, slash), lower.slice(slash + 1)];
    if (cidr(address, bits, 4)) return { type: "ipv4-cidr", value: lower };
    if (cidr(address, bits, 6)) return { type: "ipv6-cidr", value: lower };
    if (isIP(address) !== 0 && /^\d+$/.test(bits)) return { error: t("lists:reason.prefix", { bits }) };
  }
  const v4port = /^(\d{1,3}(?:\.\d{1,3}){3}):(\d+)$/.exec(lower);
  if (v4port && isIP(v4port[1] as string) === 4) {
    return port(v4port[2] as string)
      ? { type: "ipv4-port", value: lower }
      : { error: t("lists:reason.port", { port: v4port[2] }) };
  }
  const v6port = /^\[([0-9a-f:.]+)\]:(\d+)$/.exec(lower);
  if (v6port && isIP(v6port[1] as string) === 6) {
    return port(v6port[2] as string)
      ? { type: "ipv6-port", value: lower }
      : { error: t("lists:reason.port", { port: v6port[2] }) };
  }
  const hashType = HEX.test(lower) ? HASH_BY_LENGTH[lower.length] : undefined;
  if (hashType) return { type: hashType, value: lower };
  if (/^[a-z][a-z0-9+.-]*:\/\//.test(lower)) return url(text);
  if (text.startsWith("/")) return { type: "url-path", value: text };
  // ".onion", ".xyz": every name under that suffix, as Maltrail's suspicious TLD trails mean.
  if (lower.startsWith(".") && DOMAIN.test(`x${lower}`) && !lower.includes("/")) {
    return { type: "domain-suffix", value: lower };
  }
  const domain = lower.endsWith(".") ? lower.slice(0, -1) : lower;
  if (DOMAIN.test(domain)) return { type: "domain", value: domain };
  if (EMAIL.test(lower) && DOMAIN.test(lower.slice(lower.indexOf("@") + 1))) return { type: "email", value: lower };
  // A host with a path and no scheme, as Maltrail writes URLs.
  const hostEnd = lower.search(/[/:?]/);
  if (hostEnd > 0) {
    const host = lower.slice(0, hostEnd);
    if (DOMAIN.test(host) || isIP(host) === 4) return url(`http://${text}`);
  }
  return { error: t("lists:reason.shape") };
}

function url(text: string): Classified {
  try {
    // Normalized as browsers do: scheme and host lower-case, default port dropped, path kept.
    const parsed = new URL(text);
    if (parsed.hostname === "") return { error: t("lists:reason.urlNoHost") };
    return { type: "url", value: parsed.href };
  } catch {
    return { error: t("lists:reason.badUrl") };
  }
}
