import { parseIpv6 } from "../warninglists/index.js";

/**
 * The canonical forms values are indexed and looked up in, so that an indicator written one way
 * finds an event written another: domains lowercased without the root dot, URLs as a browser
 * resolves them (WHATWG URL), hashes lowercased without separators, e-mail addresses lowercased
 * and taken out of "Name <addr>", IPv6 addresses in RFC 5952 form.
 */

/** A domain name as indexed: lowercase, no trailing root dot. Returns the input itself when it is already so. */
export function normalizeDomain(value: string): string {
  let v = value;
  const n = v.length;
  if (n > 0 && v.charCodeAt(n - 1) === 46) v = v.slice(0, n - 1);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if ((c >= 65 && c <= 90) || c > 127) return v.toLowerCase();
  }
  return v;
}

/**
 * A URL as a browser would send it: scheme and host lowercased, IDN hosts in punycode, default
 * port dropped, dot segments resolved, the fragment dropped. A value without a scheme is read as
 * http:// (feeds often write bare host/path). Null when it is not a URL.
 */
export function normalizeUrl(value: string): string | null {
  const text = value.trim();
  if (text === "") return null;
  const withScheme = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return null;
  }
  url.hash = "";
  return url.href;
}

/** A hash as indexed: lowercase hex, without the colons some tools write between bytes. */
export function normalizeHash(value: string): string {
  let v = value;
  if (v.indexOf(":") >= 0) v = v.replace(/:/g, "");
  return v.toLowerCase();
}

/** An e-mail address as indexed: the address inside "Name <addr>" when there is one, trimmed, lowercase. */
export function normalizeEmail(value: string): string {
  let v = value;
  const lt = v.lastIndexOf("<");
  if (lt >= 0) {
    const gt = v.indexOf(">", lt);
    v = v.slice(lt + 1, gt < 0 ? v.length : gt);
  }
  return v.trim().toLowerCase();
}

/** An IPv6 address in RFC 5952 text (lowercase, longest zero run as ::), or null when it is not one. */
export function canonicalIpv6(value: string): string | null {
  const n = parseIpv6(value);
  return n === null ? null : formatIpv6(n);
}

/** RFC 5952 text of a 128-bit address. */
export function formatIpv6(address: bigint): string {
  const groups: number[] = [];
  for (let i = 7; i >= 0; i--) groups.push(Number((address >> BigInt(i * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(":");
  const head = hex.slice(0, bestStart).join(":");
  const tail = hex.slice(bestStart + bestLen).join(":");
  return `${head}::${tail}`;
}
