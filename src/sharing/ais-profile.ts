import { checkPattern, patternAtoms } from "../pattern/index.js";
import { type StixObject, tlpOf } from "../stix/index.js";
import { isInternalAddress, isInternalHost, leaksIn } from "./scrub.js";

/**
 * The check of outgoing objects against the rules of CISA AIS's STIX 2.1 profile (AIS 2.0
 * Submission Guidance and Profile) that Centinela knows:
 *
 *   AIS_SPEC_VERSION     every object is STIX 2.1 (spec_version "2.1")                         error
 *   AIS_TLP_REQUIRED     every object but marking definitions and the submitter identity
 *                        carries a TLP marking in object_marking_refs                          error
 *   AIS_TLP_RED          nothing marked TLP:RED leaves (only its named recipients may read it)  error
 *   AIS_SUBMITTER        created_by_ref, when present, is the policy's generic identity
 *                        (AIS's default consent, "ais-consent-none", discloses no submitter)   error
 *   AIS_INDIVIDUAL       no identity of class "individual" (a person) leaves                   error
 *   AIS_PII_TEXT         no free text holds an e-mail address, internal address or host name   error
 *   AIS_INTERNAL_PATTERN an indicator's pattern names an internal address or host
 *                        (rarely meant for partners; never rewritten, so a person decides)     warning
 *
 * Not yet checked (README, "Sharing"): the AIS consent marking (ais-consent-none, -usg,
 * -everyone, -everyone-cisa-proprietary) as the profile encodes it, the object types and
 * properties the profile allows or requires per type, its field lengths and vocabularies, and
 * CISA's own sanitization of titles and descriptions on dissemination.
 */

/** One finding: which object, which rule, how bad, and what was found. */
export interface ProfileIssue {
  id: string;
  code:
    | "AIS_SPEC_VERSION"
    | "AIS_TLP_REQUIRED"
    | "AIS_TLP_RED"
    | "AIS_SUBMITTER"
    | "AIS_INDIVIDUAL"
    | "AIS_PII_TEXT"
    | "AIS_INTERNAL_PATTERN";
  severity: "error" | "warning";
  /** The property and the value found, in English (codes are what tests and scripts read). */
  detail: string;
}

/** Every string under `value`, with its path. */
function* strings(path: string, value: unknown): Generator<[string, string]> {
  if (typeof value === "string") yield [path, value];
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* strings(`${path}[${i}]`, value[i]);
  else if (value !== null && typeof value === "object")
    for (const [k, v] of Object.entries(value)) yield* strings(path === "" ? k : `${path}.${k}`, v);
}

/** Properties that hold no free text (ids, instants, enumerations, patterns, hashes). */
const STRUCTURAL =
  /(^|\.)(id|type|spec_version|created|modified|valid_from|valid_until|first_seen|last_seen|pattern|pattern_type|pattern_version|lang|identity_class|[a-z_]+_refs?(\[\d+\])?|object_marking_refs(\[\d+\])?|hashes\..*|external_id|url|source_name)$/;

/** Checks what is about to leave; `submitterId` is the policy's generic identity. */
export function checkAisProfile(objects: readonly StixObject[], submitterId: string): ProfileIssue[] {
  const issues: ProfileIssue[] = [];
  for (const o of objects) {
    const add = (code: ProfileIssue["code"], severity: ProfileIssue["severity"], detail: string) =>
      issues.push({ id: o.id, code, severity, detail });
    if (o.spec_version !== "2.1")
      add("AIS_SPEC_VERSION", "error", `spec_version is ${JSON.stringify(o.spec_version ?? null)}, not "2.1"`);
    const tlp = tlpOf(o);
    if (o.type !== "marking-definition" && o.id !== submitterId && tlp === null)
      add("AIS_TLP_REQUIRED", "error", "no TLP marking in object_marking_refs");
    if (tlp === "red") add("AIS_TLP_RED", "error", "marked TLP:RED");
    if (typeof o.created_by_ref === "string" && o.created_by_ref !== submitterId)
      add(
        "AIS_SUBMITTER",
        "error",
        `created_by_ref is ${o.created_by_ref}, not the anonymous submitter ${submitterId}`,
      );
    if (o.type === "identity" && o.identity_class === "individual")
      add("AIS_INDIVIDUAL", "error", `identity "${String(o.name ?? "")}" is a person`);
    for (const [path, text] of strings("", o)) {
      if (STRUCTURAL.test(path)) continue;
      for (const leak of leaksIn(text)) add("AIS_PII_TEXT", "error", `${path} holds ${leak.rule} "${leak.value}"`);
    }
    if (o.type === "indicator" && o.pattern_type === "stix" && typeof o.pattern === "string") {
      const checked = checkPattern(o.pattern);
      if (checked.ast !== null)
        for (const atom of patternAtoms(checked.ast).atoms) {
          const internal =
            atom.key.endsWith("-addr:value") || atom.key.startsWith("network-traffic:")
              ? isInternalAddress(atom.value)
              : atom.key === "domain-name:value" && isInternalHost(atom.value);
          if (internal)
            add("AIS_INTERNAL_PATTERN", "warning", `pattern names the internal ${atom.key} "${atom.value}"`);
        }
    }
  }
  return issues;
}
