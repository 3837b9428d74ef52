import { t as msg } from "../../i18n/index.js";
import { isStixId, typeOfId } from "../identifier.js";
import { ENUMERATIONS } from "../vocabularies.js";
import { type Context, checkFields, isRecord, jsonType, report } from "./check-value.js";
import type { ObjectSpec } from "./property-spec.js";
import { PREDEFINED_EXTENSION_OWNER } from "./sco-specs.js";

/**
 * The `extensions` property (§7.3 and §6): each key is either the id of an
 * extension-definition, whose instance may say its `extension_type`, or the name of a
 * predefined SCO extension (`archive-ext`, `tcp-ext`, …) that belongs to one SCO type and has
 * its own property table.
 */

const EXTENSION_TYPES = ENUMERATIONS["extension-type-enum"];

/** Checks an object's `extensions` dictionary against the predefined extensions of its type. */
export function checkExtensions(
  ctx: Context,
  type: string,
  predefined: Readonly<Record<string, ObjectSpec>>,
  v: unknown,
): void {
  if (!isRecord(v)) {
    report(ctx, "STIX_WRONG_JSON_TYPE", "extensions", msg("stix:extension.dictionary", { got: jsonType(v) }));
    return;
  }
  let n = 0;
  for (const key in v) {
    n++;
    const path = `extensions.${key}`;
    const instance = v[key];
    if (!isRecord(instance)) {
      report(ctx, "STIX_WRONG_JSON_TYPE", path, msg("stix:extension.object", { got: jsonType(instance) }));
      continue;
    }
    const spec = predefined[key];
    if (spec !== undefined) {
      checkFields(ctx, spec, instance, path);
      continue;
    }
    if (isStixId(key)) {
      if (typeOfId(key) !== "extension-definition") {
        report(ctx, "STIX_INVALID_EXTENSION", path, msg("stix:extension.idKey"));
        continue;
      }
      const et = instance.extension_type;
      if (et !== undefined && (typeof et !== "string" || !EXTENSION_TYPES.has(et))) {
        report(
          ctx,
          "STIX_ENUM_VALUE",
          `${path}.extension_type`,
          msg("stix:extension.type", { value: JSON.stringify(et) }),
        );
      }
      continue;
    }
    const owner = PREDEFINED_EXTENSION_OWNER.get(key);
    if (owner !== undefined) {
      report(ctx, "STIX_INVALID_EXTENSION", path, msg("stix:extension.wrongOwner", { key, owner, type }));
    } else {
      report(ctx, "STIX_UNKNOWN_EXTENSION", path, msg("stix:extension.unknown"));
    }
  }
  if (n === 0) report(ctx, "STIX_EMPTY_DICTIONARY", "extensions", msg("stix:extension.none"));
}
