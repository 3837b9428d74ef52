import {
  type Atom,
  type ComparisonNode,
  type CompiledPattern,
  compilePattern,
  DEFAULT_MAX_PATTERN_LENGTH,
  type ObservationNode,
} from "../pattern/index.js";
import { parseNetwork } from "../warninglists/index.js";
import { canonicalIpv6, normalizeDomain, normalizeEmail, normalizeHash, normalizeUrl } from "./normalize.js";

/**
 * Which lookup tables a pattern goes into. The pattern compiler's atoms (`compilePattern(...).atoms`)
 * are the base; beside them this file recognises the shapes the compiler leaves to closures but an
 * index can still serve: `domain-name:value LIKE '%.example.com'` (subdomains at a label boundary),
 * the HTTP User-Agent header, and JA3 hashes in a custom object (`x-ja3:value`, any type naming ja3).
 * The one-comparison pattern `[type:path = 'value']`, the shape of nearly every feed indicator, is
 * read without the parser (5 µs a pattern is 5 s for a million); the tests check it gives what the
 * compiler gives.
 */

/** The tables of the index. */
export type TableName =
  | "ip"
  | "ip-src"
  | "ip-dst"
  | "domain"
  | "domain-suffix"
  | "url"
  | "email"
  | "hash"
  | "x509"
  | "user-agent"
  | "ja3";

/** One entry to put in a table: a normalized value, or a network for the ip tables. */
export interface IndexAtom {
  table: TableName;
  /** The normalized value; for networks the canonical text ("10.0.0.0/8"). */
  value: string;
  /** For networks: prefix length and family. */
  network?: { v6: boolean; prefix: number; number: number | bigint };
}

/** How a pattern is served: its atoms alone ("exact"), atoms then the pattern engine ("prefilter"), or the engine alone. */
export interface IndexPlan {
  kind: "exact" | "prefilter" | "closure";
  atoms: IndexAtom[];
  /** The compiled pattern, for prefilter and closure (null for exact). */
  compiled: CompiledPattern | null;
}

type ComparisonTest = Extract<ComparisonNode, { kind: "test" }>;

/**
 * The keys the one-comparison fast path reads, as written between `[` and ` = '`, to the
 * compiler's key (the same unless a name is quoted): the shapes of nearly every feed indicator.
 */
const FAST_KEYS: ReadonlyArray<readonly [string, string]> = [
  ["domain-name:value", "domain-name:value"],
  ["ipv4-addr:value", "ipv4-addr:value"],
  ["url:value", "url:value"],
  ["file:hashes.'SHA-256'", "file:hashes.SHA-256"],
  ["file:hashes.MD5", "file:hashes.MD5"],
  ["file:hashes.'SHA-1'", "file:hashes.SHA-1"],
  ["ipv6-addr:value", "ipv6-addr:value"],
  ["email-addr:value", "email-addr:value"],
  ["network-traffic:src_ref.value", "network-traffic:src_ref.value"],
  ["network-traffic:dst_ref.value", "network-traffic:dst_ref.value"],
  ["file:hashes.'SHA-512'", "file:hashes.SHA-512"],
  ["file:hashes.SHA256", "file:hashes.SHA256"],
  ["file:hashes.SHA1", "file:hashes.SHA1"],
  ["x509-certificate:hashes.'SHA-256'", "x509-certificate:hashes.SHA-256"],
  ["x509-certificate:hashes.'SHA-1'", "x509-certificate:hashes.SHA-1"],
  ["x509-certificate:hashes.MD5", "x509-certificate:hashes.MD5"],
];

/**
 * The atom of `[key = 'value']` for one of FAST_KEYS, read by char codes without the parser (no
 * regular expression, nothing allocated but the value), or undefined when the text is of another
 * shape (the compiler then decides). A value with a quote or backslash (escapes), or a pattern
 * longer than the parser takes, is left to the compiler; null: the shape, but no lookup value.
 */
export function fastAtom(pattern: string): IndexAtom | null | undefined {
  const n = pattern.length;
  if (n < 8 || n > DEFAULT_MAX_PATTERN_LENGTH || pattern.charCodeAt(0) !== 91) return undefined;
  if (pattern.charCodeAt(n - 1) !== 93 || pattern.charCodeAt(n - 2) !== 39) return undefined;
  for (const [written, key] of FAST_KEYS) {
    const end = 1 + written.length;
    if (!pattern.startsWith(written, 1) || !pattern.startsWith(" = '", end)) continue;
    const from = end + 4;
    const to = n - 2;
    if (to < from) return undefined;
    for (let i = from; i < to; i++) {
      const c = pattern.charCodeAt(i);
      if (c === 39 || c === 92) return undefined;
    }
    return atomFor(key, "equals", pattern.slice(from, to));
  }
  return undefined;
}

/**
 * Plans a pattern; throws the compiler's PatternError when it is not a valid STIX pattern.
 * `fast`: false skips the one-comparison fast path (the tests compare the two).
 */
export function planPattern(pattern: string, fast = true): IndexPlan {
  if (fast) {
    const atom = fastAtom(pattern);
    if (atom) return { kind: "exact", atoms: [atom], compiled: null };
  }
  const compiled = compilePattern(pattern);
  if (compiled.kind === "atoms") {
    const atoms = mapAtoms(compiled.atoms);
    if (atoms !== null) return { kind: "exact", atoms, compiled: null };
  }
  const extra = extraAtoms(compiled.ast);
  if (extra !== null) return { kind: "exact", atoms: extra, compiled: null };
  if (compiled.kind === "prefilter" || compiled.kind === "atoms") {
    const atoms = mapAtoms(compiled.atoms);
    if (atoms !== null && atoms.length > 0) return { kind: "prefilter", atoms, compiled };
  }
  return { kind: "closure", atoms: [], compiled };
}

function mapAtoms(atoms: Atom[]): IndexAtom[] | null {
  const out: IndexAtom[] = [];
  for (const a of atoms) {
    const m = atomFor(a.key, a.kind, a.value);
    if (m === null) return null;
    out.push(m);
  }
  return out;
}

/** The table entry of one compiler atom, or null when its value cannot be looked up (a malformed address). */
function atomFor(key: string, kind: "equals" | "subnet", raw: string): IndexAtom | null {
  switch (key) {
    case "ipv4-addr:value":
    case "ipv6-addr:value":
      return ipAtom("ip", raw);
    case "network-traffic:src_ref.value":
      return ipAtom("ip-src", raw);
    case "network-traffic:dst_ref.value":
      return ipAtom("ip-dst", raw);
    case "domain-name:value":
      return kind === "equals" ? { table: "domain", value: normalizeDomain(raw) } : null;
    case "url:value": {
      const url = normalizeUrl(raw);
      return url === null ? null : { table: "url", value: url };
    }
    case "email-addr:value":
      return { table: "email", value: normalizeEmail(raw) };
  }
  if (key.startsWith("file:hashes.")) return { table: "hash", value: normalizeHash(raw) };
  if (key.startsWith("x509-certificate:hashes.")) return { table: "x509", value: normalizeHash(raw) };
  return null;
}

/** An address or network atom: a bare address (or a /32, /128) is an exact entry, a shorter prefix a network. */
function ipAtom(table: "ip" | "ip-src" | "ip-dst", raw: string): IndexAtom | null {
  const n = parseNetwork(raw);
  if (n === null) return null;
  const full = n.v6 ? 128 : 32;
  if (n.prefix === full) {
    const text = raw.indexOf("/") >= 0 ? raw.slice(0, raw.indexOf("/")).trim() : raw.trim();
    const value = n.v6 ? canonicalIpv6(text) : text;
    return value === null ? null : { table, value };
  }
  return { table, value: `${raw.trim()}`, network: { v6: n.v6, prefix: n.prefix, number: n.network } };
}

/** Atoms of a pattern that is an OR of tests the index can serve, including the shapes the compiler leaves out; else null. */
function extraAtoms(root: ObservationNode): IndexAtom[] | null {
  const leaves: ComparisonNode[] = [];
  const collect = (n: ObservationNode): boolean => {
    if (n.kind === "observation") {
      leaves.push(n.comparison);
      return true;
    }
    if (n.kind !== "obs-or") return false;
    return n.operands.every(collect);
  };
  if (!collect(root)) return null;
  const out: IndexAtom[] = [];
  const visit = (c: ComparisonNode): boolean => {
    if (c.kind === "or") return c.operands.every(visit);
    if (c.kind !== "test" || c.negated) return false;
    const atoms = testAtoms(c);
    if (atoms === null) return false;
    for (const a of atoms) out.push(a);
    return true;
  };
  return leaves.every(visit) && out.length > 0 ? out : null;
}

function pathKey(t: ComparisonTest): string | null {
  const names: string[] = [];
  for (const s of t.path.steps) {
    if (s.kind !== "key") return null;
    names.push(s.name);
  }
  return `${t.path.objectType}:${names.join(".")}`;
}

function testAtoms(t: ComparisonTest): IndexAtom[] | null {
  const key = pathKey(t);
  if (key === null) return null;
  const values: string[] = [];
  if (t.op === "=" && t.value?.kind === "string") values.push(t.value.value as string);
  else if (t.op === "IN" && t.set?.every((m) => m.kind === "string"))
    for (const m of t.set) values.push(m.value as string);
  else if (t.op === "LIKE" && key === "domain-name:value" && t.value?.kind === "string") {
    // Only '%.' followed by a literal name: anything else is a real LIKE for the pattern engine.
    const like = t.value.value as string;
    if (!like.startsWith("%.") || /[%_]/.test(like.slice(2)) || like.length < 4) return null;
    return [{ table: "domain-suffix", value: normalizeDomain(like.slice(2)) }];
  } else if (t.op === "ISSUBSET" && t.value?.kind === "string") {
    const a = atomFor(key, "subnet", t.value.value as string);
    return a === null ? null : [a];
  } else return null;
  const out: IndexAtom[] = [];
  for (const v of values) {
    let a: IndexAtom | null;
    if (/^network-traffic:extensions\.http-request-ext\.request_header\.user-agent$/i.test(key))
      a = { table: "user-agent", value: v };
    else if (/ja3/i.test(t.path.objectType) && /^[^:]+:(value|md5|hash)$/.test(key))
      a = { table: "ja3", value: normalizeHash(v) };
    else a = atomFor(key, "equals", v);
    if (a === null) return null;
    out.push(a);
  }
  return out;
}

/** Why a planned atom's table exists: for the summary. */
export const TABLE_NAMES: readonly TableName[] = [
  "ip",
  "ip-src",
  "ip-dst",
  "domain",
  "domain-suffix",
  "url",
  "email",
  "hash",
  "x509",
  "user-agent",
  "ja3",
];
