import type { ListValueType } from "./shapes.js";

/**
 * The STIX pattern that says "this value was seen" for each kind of list value. Regexes and URL
 * paths (Maltrail's) become MATCHES / LIKE comparisons, so they go through the pattern engine
 * rather than the detection index's exact tables.
 */

/** A STIX string literal: backslashes and quotes escaped. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** The LIKE pattern matching `text` anywhere (its own % and _ escaped). */
function likeAnywhere(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** A domain regex anchored at both ends (a trail names whole domains), unless it already is. */
function anchored(regex: string): string {
  if (regex.startsWith("^") && regex.endsWith("$") && !regex.endsWith("\\$")) return regex;
  return `^(?:${regex.replace(/^\^/, "").replace(/(?<!\\)\$$/, "")})$`;
}

/** The STIX 2.1 pattern of a list value of this type. */
export function patternOf(type: ListValueType, value: string): string {
  switch (type) {
    case "ipv4":
    case "ipv4-cidr":
      return `[ipv4-addr:value = ${literal(value)}]`;
    case "ipv6":
    case "ipv6-cidr":
      return `[ipv6-addr:value = ${literal(value)}]`;
    case "ipv4-port": {
      const at = value.lastIndexOf(":");
      return `[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = ${literal(value.slice(0, at))} AND network-traffic:dst_port = ${Number(value.slice(at + 1))}]`;
    }
    case "ipv6-port": {
      const at = value.lastIndexOf(":");
      return `[network-traffic:dst_ref.type = 'ipv6-addr' AND network-traffic:dst_ref.value = ${literal(value.slice(1, at - 1))} AND network-traffic:dst_port = ${Number(value.slice(at + 1))}]`;
    }
    case "domain":
      return `[domain-name:value = ${literal(value)}]`;
    case "domain-suffix":
      // A label boundary: ".onion" matches "x.onion", never "xonion".
      return `[domain-name:value LIKE ${literal(`%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}`)}]`;
    case "url":
      return `[url:value = ${literal(value)}]`;
    case "url-path":
      return `[url:value LIKE ${literal(likeAnywhere(value))}]`;
    case "md5":
      return `[file:hashes.MD5 = ${literal(value)}]`;
    case "sha1":
      return `[file:hashes.'SHA-1' = ${literal(value)}]`;
    case "sha256":
      return `[file:hashes.'SHA-256' = ${literal(value)}]`;
    case "sha512":
      return `[file:hashes.'SHA-512' = ${literal(value)}]`;
    case "email":
      return `[email-addr:value = ${literal(value)}]`;
    case "regex":
      return value.startsWith("/")
        ? `[url:value MATCHES ${literal(value)}]`
        : `[domain-name:value MATCHES ${literal(anchored(value))}]`;
  }
}
