import type { Literal, ObjectPath, Operator } from "./ast.js";
import { blockWithin, type IpBlock, parseIpBlock } from "./cidr.js";
import { compileLike } from "./like.js";
import { compileRegex } from "./regex.js";
import { BinaryValue, parseTimestamp, TimestampValue } from "./values.js";

/**
 * Value tests and object-path walking, shared by the compiled closures. Semantics follow STIX 2.1
 * §9 and the reference matcher: a test holds for an object when ANY value its path reaches passes
 * it; NOT negates the test per value (so a missing property matches neither `= x` nor `NOT = x`);
 * values of different types are never equal and never ordered.
 */

/** A test of one value. */
export type ValuePredicate = (value: unknown) => boolean;

/**
 * An observed value the reference matcher refuses rather than skips: a string compared with a
 * t'..' literal that is not a timestamp, a `_ref` that is not a string, a `_refs` that is not a
 * list of strings. Thrown without a position; the compiled comparison adds the pattern's.
 */
export class ObservedValueError extends Error {
  override readonly name = "ObservedValueError";
  readonly code: "PATTERN_NOT_A_TIMESTAMP" | "PATTERN_BAD_REFERENCE";
  constructor(code: ObservedValueError["code"], message: string) {
    super(message);
    this.code = code;
  }
}

/** Shows an observed value in a message, shortened. */
function shown(value: unknown): string {
  const text = typeof value === "string" ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The timestamp an observed string holds; throws when a string is not one (the reference matcher's rule). */
function observedTimestamp(value: string): TimestampValue {
  const ts = parseTimestamp(value);
  if (ts !== null) return ts;
  throw new ObservedValueError(
    "PATTERN_NOT_A_TIMESTAMP",
    `the observed value ${shown(value)} is compared with a timestamp literal but is not an RFC 3339 UTC timestamp ` +
      "such as '2026-01-31T12:00:00Z'; fix the observed data, or compare the property with a string literal",
  );
}

/** A compiled path step. */
export interface CompiledStep {
  kind: 0 | 1 | 2;
  /** kind 0: key name; kind 1: list index; kind 2: [*]. */
  name: string;
  index: number;
  /** 1 when the key ends in _hex, 2 when in _bin: the string becomes bytes. */
  suffix: 0 | 1 | 2;
  /** 1 when the key ends in _ref, 2 when in _refs: the value is dereferenced. */
  ref: 0 | 1 | 2;
}

/** Compiles an object path's steps. */
export function compileSteps(path: ObjectPath): CompiledStep[] {
  return path.steps.map((s) => {
    if (s.kind !== "key")
      return { kind: s.kind === "index" ? 1 : 2, name: "", index: s.kind === "index" ? s.index : 0, suffix: 0, ref: 0 };
    const n = s.name;
    return {
      kind: 0,
      name: n,
      index: 0,
      suffix: n.endsWith("_hex") ? 1 : n.endsWith("_bin") ? 2 : 0,
      ref: n.endsWith("_ref") ? 1 : n.endsWith("_refs") ? 2 : 0,
    };
  });
}

function stepValue(raw: unknown, step: CompiledStep, resolve: Map<string, unknown>): unknown {
  if (step.suffix !== 0 && typeof raw === "string") {
    const bytes = step.suffix === 1 ? hexBytes(raw) : base64Bytes(raw);
    return bytes === null ? undefined : new BinaryValue(bytes);
  }
  // A reference of the wrong type is an error, as in the reference matcher; one that does not
  // resolve is skipped.
  if (step.ref === 1) {
    if (typeof raw !== "string") throw badReference(step.name, "a string (an object id)", raw);
    return resolve.get(raw);
  }
  if (step.ref === 2) {
    if (!Array.isArray(raw)) throw badReference(step.name, "a list of object ids", raw);
    const out: unknown[] = [];
    for (const r of raw) {
      if (typeof r !== "string") throw badReference(step.name, "a list of object ids", raw);
      const o = resolve.get(r);
      if (o !== undefined) out.push(o);
    }
    return out;
  }
  return raw;
}

function badReference(name: string, wanted: string, raw: unknown): ObservedValueError {
  return new ObservedValueError(
    "PATTERN_BAD_REFERENCE",
    `the observed property '${name}' must hold ${wanted} to be dereferenced, and holds ${shown(raw)}; fix the observed data`,
  );
}

function hexBytes(s: string): string | null {
  if (s.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(s)) return null;
  let out = "";
  for (let i = 0; i < s.length; i += 2) out += String.fromCharCode(Number.parseInt(s.slice(i, i + 2), 16));
  return out;
}

function base64Bytes(s: string): string | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) return null;
  return Buffer.from(s, "base64").toString("latin1");
}

/** True when any value reached from `node` by steps[i..] passes `pred`. */
export function anyValue(
  node: unknown,
  steps: CompiledStep[],
  i: number,
  resolve: Map<string, unknown>,
  pred: ValuePredicate,
): boolean {
  if (i === steps.length) return pred(node);
  const step = steps[i]!;
  if (step.kind === 0) {
    if (typeof node !== "object" || node === null || Array.isArray(node)) return false;
    if (!Object.hasOwn(node, step.name)) return false;
    const next = stepValue((node as Record<string, unknown>)[step.name], step, resolve);
    return next !== undefined && anyValue(next, steps, i + 1, resolve, pred);
  }
  if (!Array.isArray(node)) return false;
  if (step.kind === 1) return step.index < node.length && anyValue(node[step.index], steps, i + 1, resolve, pred);
  for (const item of node) if (anyValue(item, steps, i + 1, resolve, pred)) return true;
  return false;
}

/** Compares strings by Unicode code point (JS `<` compares UTF-16 units, which differs above U+FFFF). */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** A string as bytes when every code point is below 256 (the spec's string/binary rule), else null. */
function latin1(s: string): string | null {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 255) return null;
  return s;
}

/** Orders a JSON value against a literal: <0, 0, >0, or NaN when the types cannot be compared. */
function order(value: unknown, lit: Literal): number {
  const v = lit.value;
  if (lit.kind === "string") {
    if (typeof value === "string") return compareStrings(value, v as string);
    if (value instanceof BinaryValue) {
      const b = latin1(v as string);
      return b === null ? Number.NaN : compareStrings(value.bytes, b);
    }
    return Number.NaN;
  }
  if (lit.kind === "int" || lit.kind === "float") return typeof value === "number" ? value - (v as number) : Number.NaN;
  if (lit.kind === "bool") return typeof value === "boolean" && value === v ? 0 : Number.NaN;
  if (lit.kind === "timestamp") {
    // As the reference matcher: a string must then be a timestamp (an error otherwise, so a
    // badly written timestamp is not silently unequal); other types are never equal or ordered.
    const ts = typeof value === "string" ? observedTimestamp(value) : value instanceof TimestampValue ? value : null;
    return ts === null ? Number.NaN : compareStrings(ts.key, (v as TimestampValue).key);
  }
  const bytes = (v as BinaryValue).bytes;
  if (value instanceof BinaryValue) return compareStrings(value.bytes, bytes);
  if (typeof value === "string") {
    const b = latin1(value);
    return b === null ? Number.NaN : compareStrings(b, bytes);
  }
  return Number.NaN;
}

const negate =
  (p: ValuePredicate): ValuePredicate =>
  (v) =>
    !p(v);

/** Builds the value predicate of `op literal` (or `op set`), with NOT applied per value. */
export function valuePredicate(
  op: Operator,
  negated: boolean,
  lit: Literal | null,
  set: Literal[] | null,
): ValuePredicate {
  const p = basePredicate(op, lit, set);
  return negated ? negate(p) : p;
}

function basePredicate(op: Operator, lit: Literal | null, set: Literal[] | null): ValuePredicate {
  switch (op) {
    case "=":
    case "!=": {
      // `!=` holds for any present value that is not equal, whatever its type (as the reference matcher).
      const l = lit!;
      const ne = op === "!=";
      if (l.kind === "string") {
        const s = l.value as string;
        const b = latin1(s);
        return (v) => (v === s || (v instanceof BinaryValue && v.bytes === b)) !== ne;
      }
      if (l.kind === "int" || l.kind === "float" || l.kind === "bool") {
        const x = l.value;
        return (v) => (v === x) !== ne;
      }
      return (v) => (order(v, l) === 0) !== ne;
    }
    case "<":
      return (v) => order(v, lit!) < 0;
    case "<=":
      return (v) => order(v, lit!) <= 0;
    case ">":
      return (v) => order(v, lit!) > 0;
    case ">=":
      return (v) => order(v, lit!) >= 0;
    case "IN":
      return inPredicate(set ?? []);
    case "LIKE": {
      const operand = lit!.value as string;
      const like = compileLike(operand);
      // Bytes are matched as UTF-8 text when the operand could match bytes at all (every code
      // point below U+0100), as the reference matcher does; bytes that are not UTF-8 never match.
      const bytesToo = latin1(operand.normalize("NFC")) !== null;
      return (v) => {
        if (typeof v === "string") return like(v);
        if (!bytesToo || !(v instanceof BinaryValue)) return false;
        const text = utf8(v.bytes);
        return text !== null && like(text);
      };
    }
    case "MATCHES": {
      const re = compileRegex(lit!.value as string);
      return (v) =>
        typeof v === "string" ? re.test(v.normalize("NFC")) : v instanceof BinaryValue && re.testBytes(v.bytes);
    }
    case "ISSUBSET":
    case "ISSUPERSET": {
      const block = parseIpBlock(lit!.value as string);
      if (block === null) return () => false;
      const cache = new Map<string, IpBlock | null>();
      const subset = op === "ISSUBSET";
      return (v) => {
        if (typeof v !== "string") return false;
        let b = cache.get(v);
        if (b === undefined) {
          b = parseIpBlock(v);
          if (cache.size < 4096) cache.set(v, b);
        }
        return b !== null && (subset ? blockWithin(b, block) : blockWithin(block, b));
      };
    }
  }
}

const UTF8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes (one code unit per byte) decoded as UTF-8, or null when they are not UTF-8. */
function utf8(bytes: string): string | null {
  try {
    return UTF8.decode(Buffer.from(bytes, "latin1"));
  } catch {
    return null;
  }
}

function inPredicate(members: Literal[]): ValuePredicate {
  const first = members[0];
  if (first === undefined) return () => false;
  if (first.kind === "timestamp") {
    const keys = new Set(members.map((m) => (m.value as TimestampValue).key));
    return (v) => {
      const ts = typeof v === "string" ? observedTimestamp(v) : v instanceof TimestampValue ? v : null;
      return ts !== null && keys.has(ts.key);
    };
  }
  if (first.kind === "hex" || first.kind === "binary") {
    const bytes = new Set(members.map((m) => (m.value as BinaryValue).bytes));
    return (v) => v instanceof BinaryValue && bytes.has(v.bytes);
  }
  const values = new Set<unknown>(members.map((m) => m.value));
  return (v) => (typeof v === "string" || typeof v === "number" || typeof v === "boolean") && values.has(v);
}
