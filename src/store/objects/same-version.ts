import { normalizeTimestamp } from "./timestamps.js";

/**
 * Whether two texts of one version (same id, same `modified` instant) are the same object. STIX
 * names a version by its id and `modified` instant, so the texts may differ in how they are
 * written and still be one version: member order, white space, and how each instant is spelled
 * (`…00Z` and `…00.000Z`, an offset). Texts that are not JSON are compared as they are.
 */
export function sameVersionContent(a: string, b: string): boolean {
  if (a === b) return true;
  let left: unknown;
  let right: unknown;
  try {
    left = JSON.parse(a);
    right = JSON.parse(b);
  } catch {
    return false;
  }
  return canonical(left) === canonical(right);
}

/**
 * A JSON value as one text: object members sorted by name, every string that is an RFC 3339
 * instant in the store's fixed-width form (a property that is not a timestamp but holds one is
 * read as the instant too, which only ever merges texts naming the same instants).
 */
function canonical(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(normalizeTimestamp(value) ?? value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    const names = Object.keys(record).sort();
    return `{${names.map((name) => `${JSON.stringify(name)}:${canonical(record[name])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
