import { t as msg } from "../../i18n/index.js";
import type { StixIssue } from "../errors.js";
import { isStixId, typeOfId } from "../identifier.js";
import { type Context, isRecord, jsonType, report } from "./check-value.js";
import { CLASS_OF } from "./type-table.js";

/** The outcome of checking a bundle envelope (its objects are validated one by one apart). */
export interface BundleValidationResult {
  ok: boolean;
  errors: StixIssue[];
  warnings: StixIssue[];
  /** "2.0" when the bundle says it holds STIX 2.0 (pass it as `bundleSpecVersion`), else null. */
  specVersion: string | null;
  /** How many entries `objects` holds (0 when absent). */
  objectCount: number;
}

/**
 * Checks the bundle envelope (§8): `type` "bundle", an id `bundle--UUID`, `objects` a list
 * of JSON objects when present. A `spec_version` on the bundle is STIX 2.0 (2.1 removed it).
 */
export function validateBundle(input: unknown): BundleValidationResult {
  const ctx: Context = {
    errors: [],
    warnings: [],
    objectId: null,
    objectType: "bundle",
    label: "bundle",
    classOf: CLASS_OF,
  };
  const result = (specVersion: string | null, objectCount: number): BundleValidationResult => ({
    ok: ctx.errors.length === 0,
    errors: ctx.errors,
    warnings: ctx.warnings,
    specVersion,
    objectCount,
  });
  if (!isRecord(input)) {
    report(ctx, "STIX_NOT_AN_OBJECT", "", msg("stix:bundle.notObject", { got: jsonType(input) }));
    return result(null, 0);
  }
  if (isStixId(input.id)) {
    ctx.objectId = input.id;
    ctx.label = input.id;
  }
  if (input.type !== "bundle")
    report(ctx, "STIX_INVALID_VALUE", "type", msg("stix:bundle.type", { got: JSON.stringify(input.type) }));
  if (input.id === undefined) report(ctx, "STIX_MISSING_PROPERTY", "id", msg("stix:value.required"));
  else if (!isStixId(input.id))
    report(ctx, "STIX_INVALID_ID", "id", msg("stix:bundle.id", { value: JSON.stringify(input.id) }));
  else if (typeOfId(input.id) !== "bundle") report(ctx, "STIX_ID_TYPE_MISMATCH", "id", msg("stix:bundle.idPrefix"));
  let specVersion: string | null = null;
  if (input.spec_version !== undefined) {
    if (input.spec_version === "2.0") specVersion = "2.0";
    else report(ctx, "STIX_DEPRECATED", "spec_version", msg("stix:bundle.specVersion"));
  }
  const objects = input.objects;
  if (objects === undefined) return result(specVersion, 0);
  if (!Array.isArray(objects)) {
    report(ctx, "STIX_WRONG_JSON_TYPE", "objects", msg("stix:value.list", { got: jsonType(objects) }));
    return result(specVersion, 0);
  }
  if (objects.length === 0) report(ctx, "STIX_EMPTY_LIST", "objects", msg("stix:bundle.emptyObjects"));
  for (let i = 0; i < objects.length; i++) {
    if (!isRecord(objects[i]))
      report(ctx, "STIX_WRONG_JSON_TYPE", `objects[${i}]`, msg("stix:value.jsonObject", { got: jsonType(objects[i]) }));
  }
  return result(specVersion, objects.length);
}
