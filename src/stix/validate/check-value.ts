import { STIX_ISSUES, type StixIssue, type StixIssueCode } from "../errors.js";
import { isStixId, typeOfId } from "../identifier.js";
import { OPEN_VOCABULARIES } from "../vocabularies.js";
import type { ObjectSpec, PropSpec, RefTarget, TypeClass } from "./property-spec.js";
import { timestampProblem } from "./timestamp.js";

/**
 * The generic checker: one value against one PropSpec, one nested object against one
 * ObjectSpec. Issues go to the per-object Context, which knows how to name the object.
 */

/** Per-object state of one validation: where issues go and how the object is named. */
export interface Context {
  errors: StixIssue[];
  warnings: StixIssue[];
  objectId: string | null;
  objectType: string | null;
  /** `indicator--…`, or `object #N` when the object has no usable id. */
  label: string;
  /** The class of every known type, to check ref targets. */
  classOf: ReadonlyMap<string, TypeClass>;
}

/** Records one issue, with its severity from the catalogue, as `<object> <path>: <why>`. */
export function report(ctx: Context, code: StixIssueCode, path: string, why: string): void {
  const severity = STIX_ISSUES[code].severity;
  const issue: StixIssue = {
    code,
    severity,
    objectId: ctx.objectId,
    objectType: ctx.objectType,
    path,
    message: path === "" ? `${ctx.label}: ${why}` : `${ctx.label} ${path}: ${why}`,
  };
  (severity === "error" ? ctx.errors : ctx.warnings).push(issue);
}

const CUSTOM_NAME = /^[a-z0-9_]{3,250}$/;
const HASH_KEY = /^[A-Za-z0-9_-]{3,250}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const HEX = /^(?:[0-9a-fA-F]{2})*$/;
const HASH_VOCAB = OPEN_VOCABULARIES["hashing-algorithm-ov"];

/** The JSON type name of a value, for messages ("array", "null", "string", …). */
export function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** True for a JSON object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** True when an id of `type` may be the target of a reference described by `t`. */
export function refAllowed(t: RefTarget, type: string, classOf: ReadonlyMap<string, TypeClass>): boolean {
  if (t.any || t.types.has(type)) return true;
  const cls = classOf.get(type);
  if (cls === undefined) return t.custom;
  return (cls === "sdo" && t.sdo) || (cls === "sco" && t.sco) || (cls === "sro" && t.sro);
}

function checkRef(ctx: Context, t: RefTarget, v: unknown, path: string): void {
  if (typeof v !== "string") {
    report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be an identifier string, got ${jsonType(v)}`);
  } else if (!isStixId(v)) {
    report(ctx, "STIX_INVALID_ID", path, `"${v}" is not an identifier of the form type--UUID`);
  } else {
    const type = typeOfId(v) as string;
    if (!refAllowed(t, type, ctx.classOf)) {
      report(ctx, "STIX_REF_TARGET", path, `must refer to ${t.text}, not ${type}`);
    }
  }
}

function checkScalar(ctx: Context, spec: PropSpec, v: unknown, path: string): void {
  switch (spec.kind) {
    case "string":
      if (typeof v !== "string") report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a string, got ${jsonType(v)}`);
      return;
    case "timestamp": {
      if (typeof v !== "string") {
        report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a timestamp string, got ${jsonType(v)}`);
        return;
      }
      const why = timestampProblem(v);
      if (why !== null) report(ctx, "STIX_INVALID_TIMESTAMP", path, `"${v}" is not a STIX timestamp: ${why}`);
      return;
    }
    case "integer":
    case "number":
      if (typeof v !== "number" || (spec.kind === "integer" && !Number.isInteger(v))) {
        report(
          ctx,
          "STIX_WRONG_JSON_TYPE",
          path,
          `must be ${spec.kind === "integer" ? "an integer" : "a number"}, got ${JSON.stringify(v) ?? jsonType(v)}`,
        );
      } else if (v < spec.min || v > spec.max) {
        report(ctx, "STIX_OUT_OF_RANGE", path, `${v} is outside ${spec.min}..${spec.max}`);
      }
      return;
    case "boolean":
      if (typeof v !== "boolean")
        report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be true or false, got ${jsonType(v)}`);
      return;
    case "ref":
      checkRef(ctx, spec.ref as RefTarget, v, path);
      return;
    case "vocab":
      if (typeof v !== "string") {
        report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a string from ${spec.vocabName}, got ${jsonType(v)}`);
      } else if (!(spec.vocab as ReadonlySet<string>).has(v)) {
        if (spec.closed) report(ctx, "STIX_ENUM_VALUE", path, `"${v}" is not a value of ${spec.vocabName}`);
        else report(ctx, "STIX_VOCAB_VALUE", path, `"${v}" is not in the suggested ${spec.vocabName}`);
      }
      return;
    case "hashes":
      checkHashes(ctx, v, path);
      return;
    case "dictionary":
      if (!isRecord(v))
        report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a dictionary (JSON object), got ${jsonType(v)}`);
      else
        for (const k in v)
          if (k.length > 250)
            report(ctx, "STIX_INVALID_VALUE", path, `key "${k.slice(0, 40)}…" is longer than 250 characters`);
      return;
    case "object":
      if (!isRecord(v)) report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a JSON object, got ${jsonType(v)}`);
      else checkFields(ctx, spec.fields as ObjectSpec, v, path);
      return;
    case "binary":
      if (typeof v !== "string")
        report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a base64 string, got ${jsonType(v)}`);
      else if (!BASE64.test(v)) report(ctx, "STIX_INVALID_VALUE", path, "is not valid base64 (RFC 4648 §4)");
      return;
    case "hex":
      if (typeof v !== "string") report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a hex string, got ${jsonType(v)}`);
      else if (!HEX.test(v)) report(ctx, "STIX_INVALID_VALUE", path, `"${v}" is not an even number of hex digits`);
      return;
    case "any":
      return;
  }
}

function checkHashes(ctx: Context, v: unknown, path: string): void {
  if (!isRecord(v)) {
    report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a hashes dictionary, got ${jsonType(v)}`);
    return;
  }
  let n = 0;
  for (const k in v) {
    n++;
    const h = v[k];
    if (!HASH_KEY.test(k)) report(ctx, "STIX_INVALID_VALUE", path, `hash name "${k}" must be 3-250 of A-Z a-z 0-9 - _`);
    else if (!HASH_VOCAB.has(k))
      report(ctx, "STIX_VOCAB_VALUE", `${path}.${k}`, `"${k}" is not in the suggested hashing-algorithm-ov`);
    if (typeof h !== "string")
      report(ctx, "STIX_WRONG_JSON_TYPE", `${path}.${k}`, `must be a string, got ${jsonType(h)}`);
  }
  if (n === 0) report(ctx, "STIX_EMPTY_DICTIONARY", path, "must hold at least one hash");
}

/** Checks one property value (a list of its kind when `spec.list`). */
export function checkValue(ctx: Context, spec: PropSpec, v: unknown, path: string): void {
  if (spec.deprecated) report(ctx, "STIX_DEPRECATED", path, "is deprecated in STIX 2.1");
  if (!spec.list) {
    checkScalar(ctx, spec, v, path);
    return;
  }
  if (!Array.isArray(v)) {
    report(ctx, "STIX_WRONG_JSON_TYPE", path, `must be a list, got ${jsonType(v)}`);
    return;
  }
  if (v.length === 0) {
    report(ctx, "STIX_EMPTY_LIST", path, "must not be empty (§2.12: omit the property instead)");
    return;
  }
  for (let i = 0; i < v.length; i++) checkScalar(ctx, spec, v[i], `${path}[${i}]`);
}

/**
 * Checks a custom property's name (§11.1) and, for `_ref`/`_refs` names, that it holds
 * identifiers. §3.1 only says a property holding a reference MUST end in `_ref`, not the
 * converse, so a custom `_ref` holding something else is a warning, not an error.
 */
export function checkCustomProperty(ctx: Context, name: string, v: unknown, path: string): void {
  if (!CUSTOM_NAME.test(name)) {
    report(
      ctx,
      "STIX_CUSTOM_PROPERTY_NAME",
      path,
      "custom property names should be 3-250 characters of a-z, 0-9 and _ (§11.1)",
    );
  }
  if (name.endsWith("_ref")) {
    if (!isStixId(v))
      report(ctx, "STIX_CUSTOM_REF_VALUE", path, `${JSON.stringify(v)?.slice(0, 80)} is not an identifier`);
  } else if (name.endsWith("_refs")) {
    if (!Array.isArray(v))
      report(ctx, "STIX_CUSTOM_REF_VALUE", path, `should be a list of identifiers, got ${jsonType(v)}`);
    else {
      for (let i = 0; i < v.length; i++) {
        if (!isStixId(v[i])) report(ctx, "STIX_CUSTOM_REF_VALUE", `${path}[${i}]`, "is not an identifier");
      }
    }
  }
}

/** Checks a nested object: required fields, each known field, names of the others. */
export function checkFields(ctx: Context, spec: ObjectSpec, rec: Record<string, unknown>, path: string): void {
  for (const name of spec.required) {
    if (rec[name] === undefined) report(ctx, "STIX_MISSING_PROPERTY", `${path}.${name}`, "is required");
  }
  for (const name in rec) {
    const p = spec.props.get(name);
    const v = rec[name];
    if (p !== undefined) checkValue(ctx, p, v, `${path}.${name}`);
    else if (!spec.open)
      report(ctx, "STIX_FORBIDDEN_PROPERTY", `${path}.${name}`, "is not a property of this structure");
    else checkCustomProperty(ctx, name, v, `${path}.${name}`);
  }
}
