import { StixUpgradeError } from "./errors.js";
import type { StixObject } from "./types.js";

/**
 * STIX 2.0 → 2.1 upgrade of one object, following what STIX 2.1 changed from 2.0:
 * - every SDO, SRO and marking-definition gains `spec_version: "2.1"` (2.0 had it only on the
 *   bundle, which 2.1 drops);
 * - indicator: `pattern_type` became required; 2.0 patterns are STIX patterns, so "stix";
 * - the 2.0 `labels` of indicator, malware, report, threat-actor and tool held the type
 *   vocabulary (indicator-label-ov …); 2.1 moved that into `*_types` and made `labels` free tags,
 *   so those labels move to the `*_types` property;
 * - malware gains the required `is_family`: a 2.0 malware object described a family or
 *   variant without saying which; we set true, the reading of most 2.0 producers (ATT&CK, MISP);
 * - observed-data keeps its `objects` container: legal in 2.1, deprecated (the validator warns).
 * The input is not modified; a new object is returned.
 */

const LABELS_TO_TYPES: Readonly<Record<string, string>> = {
  indicator: "indicator_types",
  malware: "malware_types",
  report: "report_types",
  "threat-actor": "threat_actor_types",
  tool: "tool_types",
};

/** True when `obj` looks like STIX 2.0 content: an SDO/SRO/marking with no (or a "2.0") spec_version. */
export function looksLike20(obj: Record<string, unknown>, isScoType: (type: string) => boolean): boolean {
  const type = obj.type;
  const sv = obj.spec_version;
  return typeof type === "string" && (sv === undefined || sv === "2.0") && type !== "bundle" && !isScoType(type);
}

/** Upgrades one STIX 2.0 object (or a 2.0 bundle with its objects) to STIX 2.1. */
export function upgradeFrom20(obj: Record<string, unknown>): StixObject {
  const type = obj.type;
  if (typeof type !== "string" || typeof obj.id !== "string") {
    throw new StixUpgradeError("cannot upgrade: the object has no string type and id");
  }
  const out: Record<string, unknown> = { ...obj };
  if (type === "bundle") {
    delete out.spec_version;
    if (Array.isArray(obj.objects)) {
      out.objects = obj.objects.map((o, i) => {
        if (typeof o !== "object" || o === null || Array.isArray(o)) {
          throw new StixUpgradeError(`cannot upgrade bundle ${obj.id}: objects[${i}] is not an object`);
        }
        return upgradeFrom20(o as Record<string, unknown>);
      });
    }
    return out as StixObject;
  }
  if (out.spec_version === undefined || out.spec_version === "2.0") out.spec_version = "2.1";
  const typesProp = LABELS_TO_TYPES[type];
  if (typesProp !== undefined && Array.isArray(out.labels) && out[typesProp] === undefined) {
    out[typesProp] = out.labels;
    delete out.labels;
  }
  if (type === "indicator" && out.pattern_type === undefined) out.pattern_type = "stix";
  if (type === "malware" && out.is_family === undefined) out.is_family = true;
  return out as StixObject;
}
