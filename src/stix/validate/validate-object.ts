import { t as msg } from "../../i18n/index.js";
import type { StixIssue } from "../errors.js";
import { isStixId, isTypeName, newStixId, typeOfId } from "../identifier.js";
import { computeScoId } from "../sco-id.js";
import type { StixObject } from "../types.js";
import { looksLike20, upgradeFrom20 } from "../upgrade.js";
import { type Context, checkCustomProperty, checkValue, isRecord, jsonType, report } from "./check-value.js";
import { checkConstraints } from "./constraints.js";
import { checkExtensions } from "./extensions.js";
import { MARKING_DEFINITIONS } from "./meta-specs.js";
import { fractionDigits, timestampProblem } from "./timestamp.js";
import { CLASS_OF, CUSTOM_TYPE, isScoType, TYPES } from "./type-table.js";

/** Options of validateObject. */
export interface ValidateOptions {
  /** Upgrade STIX 2.0 input to 2.1 first (default true); when false, 2.0 input fails. */
  upgrade20?: boolean;
  /** The object's position in its bundle, to name it ("object #N") when it has no id. */
  index?: number;
  /** The enclosing bundle's spec_version, if it had one ("2.0" marks all its objects as 2.0). */
  bundleSpecVersion?: string;
}

/**
 * The outcome of validating one object. `ok` is false when there is any error. `object` is
 * the object as it should be stored (upgraded from 2.0, SCO id filled in), or null when the
 * input was not a JSON object; `changed` says it differs from the input, so the caller must
 * re-serialize it instead of storing the raw text.
 */
export interface ValidationResult {
  ok: boolean;
  object: StixObject | null;
  errors: StixIssue[];
  warnings: StixIssue[];
  changed: boolean;
}

function labelOf(id: unknown, index: number | undefined): string {
  if (typeof id === "string" && id.length > 0 && id.length <= 300) return id;
  return index === undefined ? msg("stix:objectUnnamed") : msg("stix:objectNumber", { number: index });
}

/**
 * Validates one STIX object against STIX 2.1: common and per-type properties, value types and
 * ranges, timestamps and their order, vocabularies, reference targets, extensions, custom
 * property names and deterministic SCO ids.
 */
export function validateObject(input: unknown, options: ValidateOptions = {}): ValidationResult {
  const ctx: Context = { errors: [], warnings: [], objectId: null, objectType: null, label: "", classOf: CLASS_OF };
  if (!isRecord(input)) {
    ctx.label = labelOf(undefined, options.index);
    report(ctx, "STIX_NOT_AN_OBJECT", "", msg("stix:object.notObject", { got: jsonType(input) }));
    return { ok: false, object: null, errors: ctx.errors, warnings: ctx.warnings, changed: false };
  }
  let rec: Record<string, unknown> = input;
  let changed = false;
  const type = rec.type;
  ctx.label = labelOf(rec.id, options.index);
  ctx.objectId = isStixId(rec.id) ? rec.id : null;
  if (!isTypeName(type)) {
    const why =
      type === undefined ? msg("stix:value.required") : msg("stix:object.typeName", { value: JSON.stringify(type) });
    report(ctx, type === undefined ? "STIX_MISSING_PROPERTY" : "STIX_INVALID_TYPE_NAME", "type", why);
    return { ok: false, object: rec as StixObject, errors: ctx.errors, warnings: ctx.warnings, changed };
  }
  ctx.objectType = type;
  const t = TYPES.get(type) ?? CUSTOM_TYPE;

  if (options.upgrade20 !== false && (options.bundleSpecVersion === "2.0" || looksLike20(rec, isScoType))) {
    if (t.cls !== "custom" || options.bundleSpecVersion === "2.0" || rec.created !== undefined) {
      rec = upgradeFrom20(rec);
      changed = true;
      report(ctx, "STIX_UPGRADED_FROM_20", "spec_version", msg("stix:object.upgraded"));
    }
  }
  if (rec.spec_version !== undefined && rec.spec_version !== "2.1") {
    report(
      ctx,
      "STIX_INVALID_SPEC_VERSION",
      "spec_version",
      msg("stix:object.specVersion", { value: JSON.stringify(rec.spec_version) }),
    );
  }

  const id = rec.id;
  if (id === undefined) {
    if (t.cls === "sco") {
      rec = { ...rec, id: computeScoId(rec) ?? newStixId(type) };
      changed = true;
      ctx.objectId = rec.id as string;
    } else {
      report(ctx, "STIX_MISSING_PROPERTY", "id", msg("stix:value.required"));
    }
  } else if (!isStixId(id)) {
    report(ctx, "STIX_INVALID_ID", "id", msg("stix:object.idForm", { value: JSON.stringify(id), type }));
  } else if (typeOfId(id) !== type) {
    report(ctx, "STIX_ID_TYPE_MISMATCH", "id", msg("stix:object.idPrefix", { prefix: typeOfId(id), type }));
  } else if (t.cls === "sco") {
    // §2.9: SCO ids SHOULD be UUIDv5 over the ID Contributing Properties, and MUST be v4 only
    // when none is present. A different id (v4, or v5 from other input) is legal but defeats
    // de-duplication, so it is a warning, not an error; we keep the producer's id.
    const expected = computeScoId(rec);
    if (expected !== null && expected !== id) {
      report(ctx, "STIX_SCO_ID_MISMATCH", "id", msg("stix:object.scoId", { expected }));
    }
  }

  for (const name of t.required) {
    if (rec[name] === undefined) {
      const why =
        name === "spec_version" && options.upgrade20 === false
          ? msg("stix:value.requiredNo20")
          : msg("stix:value.required");
      report(ctx, "STIX_MISSING_PROPERTY", name, why);
    }
  }

  for (const name in rec) {
    if (name === "type" || name === "id") continue;
    const v = rec[name];
    if (name === "extensions") {
      if (t.props.get("extensions") === null)
        report(ctx, "STIX_FORBIDDEN_PROPERTY", name, msg("stix:object.notForType", { type }));
      else checkExtensions(ctx, type, t.extensions, v);
      continue;
    }
    const p = t.props.get(name);
    if (p === null) report(ctx, "STIX_FORBIDDEN_PROPERTY", name, msg("stix:object.notForType", { type }));
    else if (p !== undefined) checkValue(ctx, p, v, name);
    else checkCustomProperty(ctx, name, v, name);
  }

  // §3.2: created and modified SHOULD carry at least millisecond precision.
  for (const name of ["created", "modified"] as const) {
    const v = rec[name];
    if (typeof v === "string" && timestampProblem(v) === null && fractionDigits(v) < 3) {
      report(ctx, "STIX_TIMESTAMP_PRECISION", name, msg("stix:object.precision", { value: v }));
    }
  }

  checkConstraints(ctx, t, rec);

  if (type === "marking-definition" && typeof rec.definition_type === "string") {
    const spec = MARKING_DEFINITIONS[rec.definition_type];
    if (spec !== undefined && rec.definition !== undefined) checkValue(ctx, spec, rec.definition, "definition");
  }
  if (type === "observed-data" && isRecord(rec.objects)) {
    for (const key in rec.objects) {
      const o = rec.objects[key];
      if (!isRecord(o) || typeof o.type !== "string") {
        report(
          ctx,
          "STIX_WRONG_JSON_TYPE",
          `objects.${key}`,
          "each entry must be a cyber-observable object with a type",
        );
      }
    }
  }

  return {
    ok: ctx.errors.length === 0,
    object: rec as StixObject,
    errors: ctx.errors,
    warnings: ctx.warnings,
    changed,
  };
}
