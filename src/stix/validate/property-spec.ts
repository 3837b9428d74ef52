import { ENUMERATIONS, type EnumName, OPEN_VOCABULARIES, type OpenVocabName } from "../vocabularies.js";

/**
 * The vocabulary of the validation tables: how one property is described (PropSpec), how an
 * object type is described (TypeSpec), and small constructors that keep the tables short.
 * Every PropSpec has the same fields, set in `make`, so the checker sees one object shape.
 */

/** What JSON value a property holds. */
export type PropKind =
  | "string"
  | "timestamp"
  | "integer"
  | "number"
  | "boolean"
  | "ref"
  | "vocab"
  | "hashes"
  | "dictionary"
  | "object"
  | "binary"
  | "hex"
  | "any";

/** Which object types a `_ref`/`_refs` may point at. */
export interface RefTarget {
  /** Any well-formed identifier. */
  any: boolean;
  sdo: boolean;
  sco: boolean;
  sro: boolean;
  /** Custom object types (not defined by the spec): they may stand for SDOs or SCOs. */
  custom: boolean;
  /** Explicitly named types. */
  types: ReadonlySet<string>;
  /** The names it was built from ("identity", "location", "SDO", "*"), for messages. */
  names: readonly string[];
}

/** The rule for one property. */
export interface PropSpec {
  kind: PropKind;
  list: boolean;
  required: boolean;
  min: number;
  max: number;
  vocab: ReadonlySet<string> | null;
  vocabName: string;
  closed: boolean;
  ref: RefTarget | null;
  fields: ObjectSpec | null;
  /** True for properties the spec marks deprecated. */
  deprecated: boolean;
}

/** The rules for the properties of a nested object (or of an extension). */
export interface ObjectSpec {
  props: ReadonlyMap<string, PropSpec>;
  required: readonly string[];
  /** True when properties not in `props` are custom properties (checked by name only). */
  open: boolean;
}

/** Co-occurrence and ordering rules the spec states for a type, as data. */
export type Constraint =
  | { kind: "order"; earlier: string; later: string; strict: boolean }
  | { kind: "one-of"; props: readonly string[] }
  | { kind: "not-both"; props: readonly [string, string] }
  | { kind: "requires"; prop: string; needs: string }
  | { kind: "forbidden-when"; flag: string; value: boolean; prop: string }
  | { kind: "required-when"; flag: string; value: boolean; prop: string }
  | { kind: "at-least-one-property" };

/** The class of an object type, which decides its common properties. */
export type TypeClass = "sdo" | "sro" | "sco" | "marking" | "language-content" | "extension-definition";

/** The table entry of one object type. */
export interface TypeSpec {
  cls: TypeClass;
  props: Record<string, PropSpec>;
  constraints: readonly Constraint[];
  /** Predefined extensions (§6) this type may carry, by name. */
  extensions: Readonly<Record<string, ObjectSpec>>;
}

const NO_TYPES: ReadonlySet<string> = new Set();

function make(kind: PropKind, over: Partial<PropSpec> = {}): PropSpec {
  return {
    kind,
    list: over.list ?? false,
    required: over.required ?? false,
    min: over.min ?? Number.NEGATIVE_INFINITY,
    max: over.max ?? Number.POSITIVE_INFINITY,
    vocab: over.vocab ?? null,
    vocabName: over.vocabName ?? "",
    closed: over.closed ?? false,
    ref: over.ref ?? null,
    fields: over.fields ?? null,
    deprecated: over.deprecated ?? false,
  };
}

/** Builds the spec of a nested object from its property table. */
export function objectSpec(props: Record<string, PropSpec>, open = true): ObjectSpec {
  const required = Object.keys(props).filter((k) => props[k]?.required === true);
  return { props: new Map(Object.entries(props)), required, open };
}

/** Ref target from names: "SDO", "SCO", "SRO", "*" or type names. */
export function target(...names: string[]): RefTarget {
  const types = new Set<string>();
  let any = false;
  let sdo = false;
  let sco = false;
  let sro = false;
  for (const n of names) {
    if (n === "*") any = true;
    else if (n === "SDO") sdo = true;
    else if (n === "SCO") sco = true;
    else if (n === "SRO") sro = true;
    else types.add(n);
  }
  return { any, sdo, sco, sro, custom: sdo || sco, types: types.size > 0 ? types : NO_TYPES, names };
}

/** Marks a property required. */
export const req = (spec: PropSpec): PropSpec => ({ ...spec, required: true });
/** Marks a property deprecated (a warning when used). */
export const deprecated = (spec: PropSpec): PropSpec => ({ ...spec, deprecated: true });
/** A string. */
export const str = (): PropSpec => make("string");
/** A non-empty list of strings. */
export const strList = (): PropSpec => make("string", { list: true });
/** An RFC 3339 UTC timestamp. */
export const ts = (): PropSpec => make("timestamp");
/** An integer in [min, max]. */
export const int = (min = -(2 ** 53) + 1, max = 2 ** 53 - 1): PropSpec => make("integer", { min, max });
/** A JSON number in [min, max]. */
export const num = (min = Number.NEGATIVE_INFINITY, max = Number.POSITIVE_INFINITY): PropSpec =>
  make("number", { min, max });
/** A boolean. */
export const bool = (): PropSpec => make("boolean");
/** An identifier that must point at one of `targets`. */
export const ref = (...targets: string[]): PropSpec => make("ref", { ref: target(...targets) });
/** A non-empty list of identifiers pointing at `targets`. */
export const refs = (...targets: string[]): PropSpec => make("ref", { list: true, ref: target(...targets) });
/** A value from an open vocabulary (warning when outside it). */
export const ov = (name: OpenVocabName): PropSpec => make("vocab", { vocab: OPEN_VOCABULARIES[name], vocabName: name });
/** A non-empty list of open-vocabulary values. */
export const ovList = (name: OpenVocabName): PropSpec =>
  make("vocab", { list: true, vocab: OPEN_VOCABULARIES[name], vocabName: name });
/** A value from a closed enumeration (error when outside it). */
export const en = (name: EnumName): PropSpec =>
  make("vocab", { vocab: ENUMERATIONS[name], vocabName: name, closed: true });
/** A non-empty list of enumeration values. */
export const enList = (name: EnumName): PropSpec =>
  make("vocab", { list: true, vocab: ENUMERATIONS[name], vocabName: name, closed: true });
/** A hashes dictionary (§2.7): algorithm name → hash string. */
export const hashes = (): PropSpec => make("hashes");
/** A dictionary (§2.8). */
export const dict = (): PropSpec => make("dictionary");
/** A nested object with its own property table. */
export const obj = (fields: Record<string, PropSpec>, open = true): PropSpec =>
  make("object", { fields: objectSpec(fields, open) });
/** A non-empty list of nested objects. */
export const objList = (fields: Record<string, PropSpec>, open = true): PropSpec =>
  make("object", { list: true, fields: objectSpec(fields, open) });
/** Base64 binary (§2.2). */
export const bin = (): PropSpec => make("binary");
/** Hexadecimal (§2.6). */
export const hex = (): PropSpec => make("hex");
/** Any JSON value. */
export const any = (): PropSpec => make("any");

/** Kill chain phases (§2.11). */
export const killChainPhases = (): PropSpec => objList({ kill_chain_name: req(str()), phase_name: req(str()) });
