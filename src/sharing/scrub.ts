import { isIPv6 } from "node:net";

/**
 * Scrubbing free text before it leaves: the one scrubber both anonymized incident reports and
 * anonymized STIX pushes use. Given what the sender knows about itself (its name, its sites,
 * assets, host names, addresses, people), it replaces each of them in a text by a neutral
 * placeholder, then what no list names but whose shape gives it away: e-mail addresses, private,
 * loopback and link-local addresses (RFC 1918, 127/8, 169.254/16, fc00::/7, fe80::/10, ::1) and
 * host names under internal suffixes (.local, .lan, .internal, .intranet, .corp, .home.arpa).
 * Public addresses stay: in threat intelligence they are the attacker's more often than the
 * victim's. Every replacement is reported, so the sender sees exactly what leaves.
 */

/** Why a piece of text or a property was changed. */
export type RedactionRule =
  | "identity"
  | "asset"
  | "org-name"
  | "asset-name"
  | "site"
  | "person"
  | "email"
  | "internal-address"
  | "internal-host"
  | "file-name"
  | "custom-property"
  | "reference";

/** One change: where (a property path), which rule, what it was and what it became. */
export interface Redaction {
  field: string;
  rule: RedactionRule;
  before: string;
  after: string;
}

/** A value the sender knows is its own, and what replaces it. */
export interface KnownTerm {
  text: string;
  replacement: string;
  rule: RedactionRule;
}

/** The placeholders of the shape rules, in the language the text will be read in. */
export interface ScrubLabels {
  orgName: string;
  email: string;
  internalHost: string;
  internalAddress: string;
}

/** What a scrubber replaces. */
export interface ScrubTerms {
  /** The sender organization's name, matched with or without accents. */
  orgName: string | null;
  /** Its own names, hosts, addresses, sites and people; matched whole, case-insensitively, longest first. */
  known: readonly KnownTerm[];
  labels: ScrubLabels;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}(?:\/\d{1,2})?\b/g;
const IPV6 = /(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])/g;
const INTERNAL_HOST = /\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:local|lan|internal|intranet|corp|home\.arpa)\b/gi;

/** True for a private, loopback or link-local IPv4 address or network (the text before any "/"). */
export function isPrivateV4(text: string): boolean {
  const [a, b] = text.split("/")[0]?.split(".").map(Number) ?? [];
  if (a === undefined || b === undefined) return false;
  return (
    a === 10 || a === 127 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254)
  );
}

/** True for a unique-local, link-local or loopback IPv6 address. */
export function isPrivateV6(text: string): boolean {
  const t = text.split("/")[0] ?? "";
  if (!isIPv6(t)) return false;
  const l = t.toLowerCase();
  return l === "::1" || l.startsWith("fe80:") || l.startsWith("fc") || l.startsWith("fd");
}

/** True for an address (v4 or v6) that names an internal host rather than a public one. */
export function isInternalAddress(text: string): boolean {
  return isPrivateV4(text) || isPrivateV6(text);
}

/** True for a host name under an internal suffix (.local, .lan, .internal, .intranet, .corp, .home.arpa). */
export function isInternalHost(name: string): boolean {
  return new RegExp(`^${INTERNAL_HOST.source}$`, "i").test(name);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const fold = (s: string) => s.normalize("NFD").replace(/\p{M}/gu, "");

/** Scrubs one free-text value of the property `field`; pushes each change to `out`. */
export function scrubText(field: string, text: string, terms: ScrubTerms, out: Redaction[]): string {
  let t = text;
  const replace = (re: RegExp, rule: RedactionRule, after: string | ((m: string) => string | null)) => {
    t = t.replace(re, (m) => {
      const a = typeof after === "string" ? after : after(m);
      if (a === null) return m;
      out.push({ field, rule, before: m.normalize("NFC"), after: a });
      return a;
    });
  };
  // The organization's name with or without its accents: match on the decomposed text, each
  // letter of the folded name followed by any combining marks.
  const name = terms.orgName === null ? "" : fold(terms.orgName).trim();
  if (name.length >= 3) {
    const pattern = [...name].map((ch) => `${escapeRe(ch).replace(/ /, "\\s+")}\\p{M}*`).join("");
    t = t.normalize("NFD");
    replace(new RegExp(pattern, "giu"), "org-name", terms.labels.orgName);
    t = t.normalize("NFC");
  }
  // Longest first, so a host name is replaced whole before the asset name inside it.
  const known = [...terms.known].sort((x, y) => y.text.length - x.text.length);
  for (const k of known) {
    if (k.text.length < 3) continue;
    replace(new RegExp(`(?<![\\w.-])${escapeRe(k.text)}(?![\\w-]|\\.\\w)`, "gi"), k.rule, k.replacement);
  }
  replace(EMAIL, "email", terms.labels.email);
  replace(INTERNAL_HOST, "internal-host", terms.labels.internalHost);
  replace(IPV4, "internal-address", (m) => (isPrivateV4(m) ? terms.labels.internalAddress : null));
  replace(IPV6, "internal-address", (m) => (isPrivateV6(m) ? terms.labels.internalAddress : null));
  return t;
}

/** What in a text still gives the sender away by its shape (e-mail, internal address or host), for the profile check. */
export function leaksIn(text: string): { rule: RedactionRule; value: string }[] {
  const found: { rule: RedactionRule; value: string }[] = [];
  for (const m of text.matchAll(EMAIL)) found.push({ rule: "email", value: m[0] });
  for (const m of text.matchAll(INTERNAL_HOST)) found.push({ rule: "internal-host", value: m[0] });
  for (const m of text.matchAll(IPV4)) if (isPrivateV4(m[0])) found.push({ rule: "internal-address", value: m[0] });
  for (const m of text.matchAll(IPV6)) if (isPrivateV6(m[0])) found.push({ rule: "internal-address", value: m[0] });
  return found;
}
