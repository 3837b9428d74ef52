import { type IpNetwork, maskV4, maskV6, parseIpv4, parseIpv6, parseNetwork } from "./ip.js";
import type { Warninglist } from "./warninglist.js";

/**
 * Matching values against warninglists. Each value has a kind; a list applies to a kind when
 * its matching_attributes name one of the kind's MISP attribute types. Lookups are built once:
 * exact and hostname entries in one map per kind, CIDR entries in one map per prefix length,
 * substrings and regular expressions in short arrays.
 */

/** The kinds of value a matcher is asked about. */
export type WarninglistValueKind = "ip" | "domain" | "url" | "email" | "hash" | "user-agent" | "ja3";

/** The MISP attribute types each kind stands for. */
export const KIND_ATTRIBUTES: Record<WarninglistValueKind, readonly string[]> = {
  ip: ["ip-src", "ip-dst", "ip-src|port", "ip-dst|port", "domain|ip", "ip"],
  domain: ["domain", "hostname", "domain|ip", "hostname|port"],
  url: ["url", "uri", "link"],
  email: ["email", "email-src", "email-dst", "target-email", "whois-registrant-email", "dns-soa-email"],
  hash: [
    "md5",
    "sha1",
    "sha224",
    "sha256",
    "sha512",
    "filename|md5",
    "filename|sha1",
    "filename|sha256",
    "x509-fingerprint-md5",
    "x509-fingerprint-sha1",
    "x509-fingerprint-sha256",
    "imphash",
    "authentihash",
  ],
  "user-agent": ["user-agent"],
  ja3: ["ja3-fingerprint-md5"],
};

const KINDS = Object.keys(KIND_ATTRIBUTES) as WarninglistValueKind[];

/** Per kind: what the lists that apply to it hold. */
interface KindTable {
  /** Lowercased value → list name (string lists). */
  exact: Map<string, string>;
  /** Lowercased domain without leading or trailing dots → list name (hostname lists). */
  hostnames: Map<string, string>;
  substrings: { text: string; list: string }[];
  regexes: { re: RegExp; list: string }[];
  /** prefix length → network number → list name; v4 and v6 apart, longest prefix first. */
  v4: Map<number, Map<number, string>>;
  v6: Map<number, Map<bigint, string>>;
  v4Prefixes: number[];
  v6Prefixes: number[];
  /**
   * The other lists that hold an entry the maps above name by its first list only (keyed
   * `x|value`, `h|domain`, `4|prefix|network`, `6|prefix|network`): read by matchAll alone, so
   * the per-event `match` keeps one map lookup.
   */
  alsoIn: Map<string, string[]>;
}

/** A compiled set of warninglists. */
export interface WarninglistMatcher {
  /** The name of the first list that holds `value` for `kind`, or null. */
  match(kind: WarninglistValueKind, value: string): string | null;
  /** The names of every list that holds `value` for `kind` (none: []), for reports rather than per-event paths. */
  matchAll(kind: WarninglistValueKind, value: string): string[];
  /** How many lists and entries were compiled, and the entries skipped (bad CIDR, bad regex). */
  readonly stats: { lists: number; entries: number; skipped: { list: string; entry: string; why: string }[] };
}

function emptyTable(): KindTable {
  return {
    exact: new Map(),
    hostnames: new Map(),
    substrings: [],
    regexes: [],
    v4: new Map(),
    v6: new Map(),
    v4Prefixes: [],
    v6Prefixes: [],
    alsoIn: new Map(),
  };
}

/** Parses MISP's "/body/flags" regex text into a RegExp (the g and y flags dropped: each test starts afresh). */
export function parseMispRegex(text: string): RegExp {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(text);
  if (m === null) return new RegExp(text);
  return new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ""));
}

/** Compiles lists into a matcher. Entries that cannot be used are skipped and listed in `stats.skipped`. */
export function createWarninglistMatcher(lists: readonly Warninglist[]): WarninglistMatcher {
  const tables = new Map<WarninglistValueKind, KindTable>();
  const stats = { lists: 0, entries: 0, skipped: [] as { list: string; entry: string; why: string }[] };
  for (const list of lists) {
    const kinds = KINDS.filter((k) => KIND_ATTRIBUTES[k].some((a) => list.matchingAttributes.includes(a)));
    if (kinds.length === 0) continue;
    stats.lists++;
    const compiled = compileEntries(list, stats.skipped);
    for (const kind of kinds) {
      let t = tables.get(kind);
      if (t === undefined) {
        t = emptyTable();
        tables.set(kind, t);
      }
      addEntries(t, list, compiled);
    }
    stats.entries += list.list.length;
  }
  for (const t of tables.values()) {
    t.v4Prefixes = [...t.v4.keys()].sort((a, b) => b - a);
    t.v6Prefixes = [...t.v6.keys()].sort((a, b) => b - a);
  }
  return {
    stats,
    match(kind, value) {
      const t = tables.get(kind);
      return t === undefined ? null : matchTable(t, kind, value);
    },
    matchAll(kind, value) {
      const t = tables.get(kind);
      return t === undefined ? [] : matchAllTable(t, kind, value);
    },
  };
}

type Compiled = { networks: IpNetwork[]; regexes: RegExp[] };

function compileEntries(list: Warninglist, skipped: { list: string; entry: string; why: string }[]): Compiled {
  const out: Compiled = { networks: [], regexes: [] };
  if (list.type === "cidr") {
    for (const entry of list.list) {
      const n = parseNetwork(entry);
      if (n === null) skipped.push({ list: list.name, entry, why: "not an IP address or CIDR network" });
      else out.networks.push(n);
    }
  } else if (list.type === "regex") {
    for (const entry of list.list) {
      try {
        out.regexes.push(parseMispRegex(entry));
      } catch (error) {
        skipped.push({
          list: list.name,
          entry,
          why: `not a regular expression JavaScript accepts: ${(error as Error).message}`,
        });
      }
    }
  }
  return out;
}

function addEntries(t: KindTable, list: Warninglist, compiled: Compiled): void {
  const name = list.name;
  switch (list.type) {
    case "string":
      for (const e of list.list) {
        const k = e.trim().toLowerCase();
        if (k !== "") setFirst(t, t.exact, "x", k, name);
      }
      break;
    case "hostname":
      for (const e of list.list) {
        const k = trimDots(e.trim().toLowerCase());
        if (k !== "") setFirst(t, t.hostnames, "h", k, name);
      }
      break;
    case "substring":
      for (const e of list.list) if (e !== "") t.substrings.push({ text: e.toLowerCase(), list: name });
      break;
    case "regex":
      for (const re of compiled.regexes) t.regexes.push({ re, list: name });
      break;
    case "cidr":
      for (const n of compiled.networks) {
        if (n.v6) {
          let m = t.v6.get(n.prefix);
          if (m === undefined) {
            m = new Map();
            t.v6.set(n.prefix, m);
          }
          setFirst(t, m, `6|${n.prefix}`, n.network as bigint, name);
        } else {
          let m = t.v4.get(n.prefix);
          if (m === undefined) {
            m = new Map();
            t.v4.set(n.prefix, m);
          }
          setFirst(t, m, `4|${n.prefix}`, n.network as number, name);
        }
      }
      break;
  }
}

/** Sets `key` to `list` unless a list holds it already; a second list is remembered in alsoIn. */
function setFirst<K>(t: KindTable, map: Map<K, string>, tag: string, key: K, list: string): void {
  const first = map.get(key);
  if (first === undefined) {
    map.set(key, list);
    return;
  }
  if (first === list) return;
  const k = `${tag}|${String(key)}`;
  const more = t.alsoIn.get(k);
  if (more === undefined) t.alsoIn.set(k, [list]);
  else if (!more.includes(list)) more.push(list);
}

function trimDots(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) === 46) a++;
  while (b > a && s.charCodeAt(b - 1) === 46) b--;
  return s.slice(a, b);
}

/** The host of a URL (without scheme, user, port or path), lowercased; "" when there is none. */
function urlHost(url: string): string {
  let s = url;
  const scheme = s.indexOf("://");
  if (scheme >= 0) s = s.slice(scheme + 3);
  const end = s.search(/[/?#]/);
  if (end >= 0) s = s.slice(0, end);
  const at = s.lastIndexOf("@");
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith("[")) return s.slice(1, s.indexOf("]") < 0 ? s.length : s.indexOf("]")).toLowerCase();
  const colon = s.lastIndexOf(":");
  if (colon >= 0) s = s.slice(0, colon);
  return s.toLowerCase();
}

function matchHostname(t: KindTable, host: string): string | null {
  if (t.hostnames.size === 0 || host === "") return null;
  let h = trimDots(host);
  for (;;) {
    const hit = t.hostnames.get(h);
    if (hit !== undefined) return hit;
    const dot = h.indexOf(".");
    if (dot < 0) return null;
    h = h.slice(dot + 1);
  }
}

function matchIp(t: KindTable, value: string): string | null {
  const v4 = parseIpv4(value);
  if (v4 >= 0) {
    for (const p of t.v4Prefixes) {
      const hit = t.v4.get(p)!.get(maskV4(v4, p));
      if (hit !== undefined) return hit;
    }
    return null;
  }
  if (t.v6Prefixes.length === 0) return null;
  const v6 = parseIpv6(value);
  if (v6 === null) return null;
  for (const p of t.v6Prefixes) {
    const hit = t.v6.get(p)!.get(maskV6(v6, p));
    if (hit !== undefined) return hit;
  }
  return null;
}

function matchTable(t: KindTable, kind: WarninglistValueKind, value: string): string | null {
  const lower = value.toLowerCase();
  const exact = t.exact.get(kind === "domain" ? trimDots(lower) : lower);
  if (exact !== undefined) return exact;
  if (kind === "ip") {
    const hit = matchIp(t, value);
    if (hit !== null) return hit;
  } else if (kind === "domain") {
    const hit = matchHostname(t, lower);
    if (hit !== null) return hit;
  } else if (kind === "url") {
    const host = urlHost(lower);
    const hit = matchHostname(t, host) ?? t.exact.get(host);
    if (hit !== undefined && hit !== null) return hit;
  } else if (kind === "email") {
    // A hostname list that applies to e-mail (disposable providers) names the domain part.
    const at = lower.lastIndexOf("@");
    if (at >= 0) {
      const hit = matchHostname(t, lower.slice(at + 1));
      if (hit !== null) return hit;
    }
  }
  for (const s of t.substrings) if (lower.includes(s.text)) return s.list;
  for (const r of t.regexes) if (r.re.test(value)) return r.list;
  return null;
}

/** Every list of one kind's table that holds the value (the same tests as matchTable, none skipped). */
function matchAllTable(t: KindTable, kind: WarninglistValueKind, value: string): string[] {
  const out = new Set<string>();
  const add = (tag: string, key: string | number | bigint, first: string | undefined) => {
    if (first === undefined) return;
    out.add(first);
    for (const l of t.alsoIn.get(`${tag}|${String(key)}`) ?? []) out.add(l);
  };
  const hostnames = (host: string) => {
    let h = trimDots(host);
    while (h !== "") {
      add("h", h, t.hostnames.get(h));
      const dot = h.indexOf(".");
      h = dot < 0 ? "" : h.slice(dot + 1);
    }
  };
  const lower = value.toLowerCase();
  const key = kind === "domain" ? trimDots(lower) : lower;
  add("x", key, t.exact.get(key));
  if (kind === "ip") {
    const v4 = parseIpv4(value);
    if (v4 >= 0) for (const p of t.v4Prefixes) add(`4|${p}`, maskV4(v4, p), t.v4.get(p)!.get(maskV4(v4, p)));
    else {
      const v6 = parseIpv6(value);
      if (v6 !== null) for (const p of t.v6Prefixes) add(`6|${p}`, maskV6(v6, p), t.v6.get(p)!.get(maskV6(v6, p)));
    }
  } else if (kind === "domain") hostnames(lower);
  else if (kind === "url") {
    const host = urlHost(lower);
    hostnames(host);
    add("x", host, t.exact.get(host));
  } else if (kind === "email") {
    const at = lower.lastIndexOf("@");
    if (at >= 0) hostnames(lower.slice(at + 1));
  }
  for (const s of t.substrings) if (lower.includes(s.text)) out.add(s.list);
  for (const r of t.regexes) if (r.re.test(value)) out.add(r.list);
  return [...out];
}
