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
    report(ctx, "STIX_NOT_AN_OBJECT", "", `a bundle must be a JSON object, got ${jsonType(input)}`);
    return result(null, 0);
  }
  if (isStixId(input.id)) {
    ctx.objectId = input.id;
    ctx.label = input.id;
  }
  if (input.type !== "bundle")
    report(ctx, "STIX_INVALID_VALUE", "type", `must be "bundle", got ${JSON.stringify(input.type)}`);
  if (input.id === undefined) report(ctx, "STIX_MISSING_PROPERTY", "id", "is required");
  else if (!isStixId(input.id))
    report(ctx, "STIX_INVALID_ID", "id", `${JSON.stringify(input.id)} is not of the form bundle--UUID`);
  else if (typeOfId(input.id) !== "bundle") report(ctx, "STIX_ID_TYPE_MISMATCH", "id", "must start with bundle--");
  let specVersion: string | null = null;
  if (input.spec_version !== undefined) {
    if (input.spec_version === "2.0") specVersion = "2.0";
    else
      report(ctx, "STIX_DEPRECATED", "spec_version", "a STIX 2.1 bundle has no spec_version (it was a 2.0 property)");
  }
  const objects = input.objects;
  if (objects === undefined) return result(specVersion, 0);
  if (!Array.isArray(objects)) {
    report(ctx, "STIX_WRONG_JSON_TYPE", "objects", `must be a list, got ${jsonType(objects)}`);
    return result(specVersion, 0);
  }
  if (objects.length === 0) report(ctx, "STIX_EMPTY_LIST", "objects", "must not be empty (omit it instead)");
  for (let i = 0; i < objects.length; i++) {
    if (!isRecord(objects[i]))
      report(ctx, "STIX_WRONG_JSON_TYPE", `objects[${i}]`, `must be a JSON object, got ${jsonType(objects[i])}`);
  }
  return result(specVersion, objects.length);
}
