import { formatList, t as msg } from "../../i18n/index.js";
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

/** What a reference may point at, as the reader writes it: "identity o location", "any SDO". */
function targetText(t: RefTarget): string {
  return formatList(
    t.names.map((n) =>
      n === "*"
        ? msg("stix:anyObject")
        : n === "SDO" || n === "SCO" || n === "SRO"
          ? msg("stix:anyClass", { class: n })
          : n,
    ),
  );
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
    report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.identifierString", { got: jsonType(v) }));
  } else if (!isStixId(v)) {
    report(ctx, "STIX_INVALID_ID", path, msg("stix:value.notIdentifierForm", { value: v }));
  } else {
    const type = typeOfId(v) as string;
    if (!refAllowed(t, type, ctx.classOf)) {
      report(ctx, "STIX_REF_TARGET", path, msg("stix:value.refTarget", { allowed: targetText(t), type }));
    }
  }
}

function checkScalar(ctx: Context, spec: PropSpec, v: unknown, path: string): void {
  switch (spec.kind) {
    case "string":
      if (typeof v !== "string")
        report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.string", { got: jsonType(v) }));
      return;
    case "timestamp": {
      if (typeof v !== "string") {
        report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.timestampString", { got: jsonType(v) }));
        return;
      }
      const why = timestampProblem(v);
      if (why !== null) report(ctx, "STIX_INVALID_TIMESTAMP", path, msg("stix:value.notTimestamp", { value: v, why }));
      return;
    }
    case "integer":
    case "number":
      if (typeof v !== "number" || (spec.kind === "integer" && !Number.isInteger(v))) {
        report(
          ctx,
          "STIX_WRONG_JSON_TYPE",
          path,
          msg(spec.kind === "integer" ? "stix:value.integer" : "stix:value.number", {
            got: JSON.stringify(v) ?? jsonType(v),
          }),
        );
      } else if (v < spec.min || v > spec.max) {
        report(
          ctx,
          "STIX_OUT_OF_RANGE",
          path,
          msg("stix:value.outOfRange", { value: v, min: spec.min, max: spec.max }),
        );
      }
      return;
    case "boolean":
      if (typeof v !== "boolean")
        report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.boolean", { got: jsonType(v) }));
      return;
    case "ref":
      checkRef(ctx, spec.ref as RefTarget, v, path);
      return;
    case "vocab":
      if (typeof v !== "string") {
        report(
          ctx,
          "STIX_WRONG_JSON_TYPE",
          path,
          msg("stix:value.vocabString", { vocab: spec.vocabName, got: jsonType(v) }),
        );
      } else if (!(spec.vocab as ReadonlySet<string>).has(v)) {
        if (spec.closed)
          report(ctx, "STIX_ENUM_VALUE", path, msg("stix:value.notInEnum", { value: v, vocab: spec.vocabName }));
        else report(ctx, "STIX_VOCAB_VALUE", path, msg("stix:value.notInVocab", { value: v, vocab: spec.vocabName }));
      }
      return;
    case "hashes":
      checkHashes(ctx, v, path);
      return;
    case "dictionary":
      if (!isRecord(v)) report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.dictionary", { got: jsonType(v) }));
      else
        for (const k in v)
          if (k.length > 250)
            report(ctx, "STIX_INVALID_VALUE", path, msg("stix:value.keyTooLong", { key: k.slice(0, 40) }));
      return;
    case "object":
      if (!isRecord(v)) report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.jsonObject", { got: jsonType(v) }));
      else checkFields(ctx, spec.fields as ObjectSpec, v, path);
      return;
    case "binary":
      if (typeof v !== "string")
        report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.base64String", { got: jsonType(v) }));
      else if (!BASE64.test(v)) report(ctx, "STIX_INVALID_VALUE", path, msg("stix:value.notBase64"));
      return;
    case "hex":
      if (typeof v !== "string")
        report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.hexString", { got: jsonType(v) }));
      else if (!HEX.test(v)) report(ctx, "STIX_INVALID_VALUE", path, msg("stix:value.notHex", { value: v }));
      return;
    case "any":
      return;
  }
}

function checkHashes(ctx: Context, v: unknown, path: string): void {
  if (!isRecord(v)) {
    report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.hashes", { got: jsonType(v) }));
    return;
  }
  let n = 0;
  for (const k in v) {
    n++;
    const h = v[k];
    if (!HASH_KEY.test(k)) report(ctx, "STIX_INVALID_VALUE", path, msg("stix:value.hashName", { name: k }));
    else if (!HASH_VOCAB.has(k))
      report(ctx, "STIX_VOCAB_VALUE", `${path}.${k}`, msg("stix:value.hashNotInVocab", { name: k }));
    if (typeof h !== "string")
      report(ctx, "STIX_WRONG_JSON_TYPE", `${path}.${k}`, msg("stix:value.string", { got: jsonType(h) }));
  }
  if (n === 0) report(ctx, "STIX_EMPTY_DICTIONARY", path, msg("stix:value.noHash"));
}

/** Checks one property value (a list of its kind when `spec.list`). */
export function checkValue(ctx: Context, spec: PropSpec, v: unknown, path: string): void {
  if (spec.deprecated) report(ctx, "STIX_DEPRECATED", path, msg("stix:value.deprecated"));
  if (!spec.list) {
    checkScalar(ctx, spec, v, path);
    return;
  }
  if (!Array.isArray(v)) {
    report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:value.list", { got: jsonType(v) }));
    return;
  }
  if (v.length === 0) {
    report(ctx, "STIX_EMPTY_LIST", path, msg("stix:value.emptyList"));
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
    report(ctx, "STIX_CUSTOM_PROPERTY_NAME", path, msg("stix:value.customName"));
  }
  if (name.endsWith("_ref")) {
    if (!isStixId(v))
      report(
        ctx,
        "STIX_CUSTOM_REF_VALUE",
        path,
        msg("stix:value.customRefNotId", { value: JSON.stringify(v)?.slice(0, 80) }),
      );
  } else if (name.endsWith("_refs")) {
    if (!Array.isArray(v))
      report(ctx, "STIX_CUSTOM_REF_VALUE", path, msg("stix:value.customRefsList", { got: jsonType(v) }));
    else {
      for (let i = 0; i < v.length; i++) {
        if (!isStixId(v[i])) report(ctx, "STIX_CUSTOM_REF_VALUE", `${path}[${i}]`, msg("stix:value.notIdentifier"));
      }
    }
  }
}

/** Checks a nested object: required fields, each known field, names of the others. */
export function checkFields(ctx: Context, spec: ObjectSpec, rec: Record<string, unknown>, path: string): void {
  for (const name of spec.required) {
    if (rec[name] === undefined) report(ctx, "STIX_MISSING_PROPERTY", `${path}.${name}`, msg("stix:value.required"));
  }
  for (const name in rec) {
    const p = spec.props.get(name);
    const v = rec[name];
    if (p !== undefined) checkValue(ctx, p, v, `${path}.${name}`);
    else if (!spec.open) report(ctx, "STIX_FORBIDDEN_PROPERTY", `${path}.${name}`, msg("stix:value.notInStructure"));
    else checkCustomProperty(ctx, name, v, `${path}.${name}`);
  }
}
