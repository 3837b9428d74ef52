import { ANY, CPE_ATTRIBUTES, type CpeAttribute, NA, type Wfn } from "./cpe.js";

/**
 * CPE name matching (NISTIR 7696): the relation of a source WFN to a target WFN, attribute by
 * attribute (Table 6-2) and for the whole name (§6.2). The source is the more general name (an
 * NVD criterion), the target the name being tested (what an asset runs).
 */

/** The relation of one source attribute value to one target value. */
export type AttributeRelation = "EQUAL" | "SUPERSET" | "SUBSET" | "DISJOINT" | "UNDEFINED";

/**
 * The relation of two names: DISJOINT when any attribute is; EQUAL when all are; SUPERSET
 * (SUBSET) when every attribute is SUPERSET (SUBSET) or EQUAL; UNDEFINED otherwise.
 */
export type NameRelation = "EQUAL" | "SUPERSET" | "SUBSET" | "DISJOINT" | "UNDEFINED";

/** The name relation with the per-attribute relations that produced it. */
export interface NameComparison {
  relation: NameRelation;
  attributes: Record<CpeAttribute, AttributeRelation>;
}

/** True when a WFN string value holds an unquoted wildcard ("*" or "?" at either end). */
export function hasWildcard(value: string): boolean {
  if (value === ANY || value === NA || value.length === 0) return false;
  const first = value.charCodeAt(0);
  if (first === 42 || first === 63) return true;
  const last = value.charCodeAt(value.length - 1);
  if (last !== 42 && last !== 63) return false;
  let slashes = 0;
  for (let i = value.length - 2; i >= 0 && value.charCodeAt(i) === 92; i--) slashes++;
  return slashes % 2 === 0;
}

/** Compares one source value to one target value (NISTIR 7696 Table 6-2). */
export function compareAttribute(source: string, target: string): AttributeRelation {
  const targetWild = hasWildcard(target);
  if (source === ANY) {
    if (target === ANY) return "EQUAL";
    return targetWild ? "UNDEFINED" : "SUPERSET";
  }
  if (source === NA) {
    if (target === ANY) return "SUBSET";
    if (target === NA) return "EQUAL";
    return targetWild ? "UNDEFINED" : "DISJOINT";
  }
  if (target === ANY) return "SUBSET";
  if (target === NA) return "DISJOINT";
  if (targetWild) return "UNDEFINED";
  if (hasWildcard(source)) return matchesWildcard(source, target) ? "SUPERSET" : "DISJOINT";
  // WFN values from parseCpe and wfnOf are canonical: equal values are equal strings.
  return source === target ? "EQUAL" : "DISJOINT";
}

function unquote(value: string): string {
  return value.indexOf("\\") < 0 ? value : value.replace(/\\(.)/g, "$1");
}

/**
 * Whether a source string with wildcards at its ends matches a target string. A leading or
 * trailing "*" matches any run of characters (including none); a run of n "?" matches at most n
 * characters, as the compare_strings procedure of NISTIR 7696 §6.1.2 counts them.
 */
function matchesWildcard(source: string, target: string): boolean {
  let start = 0;
  let end = source.length;
  let lead = 0;
  let trail = 0;
  let leadAny = false;
  let trailAny = false;
  if (source.charCodeAt(0) === 42) {
    leadAny = true;
    start = 1;
  }
  while (start < end && source.charCodeAt(start) === 63) {
    lead++;
    start++;
  }
  if (end > start && source.charCodeAt(end - 1) === 42 && hasWildcard(source.slice(start))) {
    trailAny = true;
    end--;
  }
  while (end > start && source.charCodeAt(end - 1) === 63 && hasWildcard(source.slice(start, end))) {
    trail++;
    end--;
  }
  const middle = unquote(source.slice(start, end));
  const text = unquote(target);
  for (let at = text.indexOf(middle); at !== -1; at = text.indexOf(middle, at + 1)) {
    const before = at;
    const after = text.length - at - middle.length;
    const leadOk = leadAny || before <= lead;
    const trailOk = trailAny || after <= trail;
    if (leadOk && trailOk) return true;
    if (at >= text.length) break;
  }
  return false;
}

/** Compares two names attribute by attribute and combines the results (NISTIR 7696 §6.2). */
export function compareNames(source: Wfn, target: Wfn): NameComparison {
  const attributes = {} as Record<CpeAttribute, AttributeRelation>;
  let disjoint = false;
  let undefinedSeen = false;
  let allEqual = true;
  let subset = true;
  let superset = true;
  for (const attribute of CPE_ATTRIBUTES) {
    const r = compareAttribute(source[attribute], target[attribute]);
    attributes[attribute] = r;
    if (r === "DISJOINT") disjoint = true;
    else if (r === "UNDEFINED") undefinedSeen = true;
    if (r !== "EQUAL") allEqual = false;
    if (r !== "EQUAL" && r !== "SUBSET") subset = false;
    if (r !== "EQUAL" && r !== "SUPERSET") superset = false;
  }
  let relation: NameRelation = "UNDEFINED";
  if (disjoint) relation = "DISJOINT";
  else if (undefinedSeen) relation = "UNDEFINED";
  else if (allEqual) relation = "EQUAL";
  else if (superset) relation = "SUPERSET";
  else if (subset) relation = "SUBSET";
  return { relation, attributes };
}

/** CPE_SUPERSET of NISTIR 7696 §6.2: the source names every product the target names (or more). */
export function isCpeSuperset(source: Wfn, target: Wfn): boolean {
  return (
    attributeCovers(source.part, target.part) &&
    attributeCovers(source.vendor, target.vendor) &&
    attributeCovers(source.product, target.product) &&
    attributeCovers(source.version, target.version) &&
    attributeCovers(source.update, target.update) &&
    attributeCovers(source.edition, target.edition) &&
    attributeCovers(source.language, target.language) &&
    attributeCovers(source.sw_edition, target.sw_edition) &&
    attributeCovers(source.target_sw, target.target_sw) &&
    attributeCovers(source.target_hw, target.target_hw) &&
    attributeCovers(source.other, target.other)
  );
}

/** SUPERSET or EQUAL for one attribute, with the common cases (same value, source ANY) first. */
function attributeCovers(source: string, target: string): boolean {
  if (source === target) return !hasWildcard(target);
  if (source === ANY) return !hasWildcard(target);
  const r = compareAttribute(source, target);
  return r === "EQUAL" || r === "SUPERSET";
}
