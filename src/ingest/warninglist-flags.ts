import { checkPattern, patternAtoms } from "../pattern/index.js";
import type { StixObject } from "../stix/index.js";
import type { WarninglistMatcher, WarninglistValueKind } from "../warninglists/index.js";

/**
 * Warninglists at ingest: which MISP warninglists hold the values of an indicator's pattern.
 * The indicator is stored all the same (a warninglist names values that are usually benign —
 * public resolvers, CDNs, popular sites — not values that cannot be malicious); the lists found
 * are kept beside it in the store (`store.lists.setWarninglistFlags`) and counted in the summary.
 */

/** One warninglist one of an indicator's values is on. */
export interface WarninglistHit {
  list: string;
  value: string;
}

/** The warninglist kind of an atom's property, or null for those no warninglist speaks of. */
function kindOf(key: string): WarninglistValueKind | null {
  if (key === "ipv4-addr:value" || key === "ipv6-addr:value" || key.startsWith("network-traffic:")) return "ip";
  if (key === "domain-name:value") return "domain";
  if (key === "url:value") return "url";
  if (key === "email-addr:value") return "email";
  if (key.startsWith("file:hashes.") || key.startsWith("x509-certificate:hashes.")) return "hash";
  return null;
}

/**
 * The warninglists the values of a STIX-patterned indicator are on, one hit per list (the first
 * value found on it); [] for an indicator on none, null for an object that is not one to check
 * (another type, another pattern language, a pattern without values to look up).
 */
export function warninglistHits(matcher: WarninglistMatcher, object: StixObject): WarninglistHit[] | null {
  if (object.type !== "indicator" || object.pattern_type !== "stix" || typeof object.pattern !== "string") return null;
  const checked = checkPattern(object.pattern);
  if (checked.ast === null) return null;
  const { atoms } = patternAtoms(checked.ast);
  const hits = new Map<string, string>();
  let asked = false;
  for (const atom of atoms) {
    const kind = kindOf(atom.key);
    if (kind === null) continue;
    // A network is on a list when its address is: a /32 or /128 is one host, a wider one its base.
    const value = atom.kind === "subnet" ? atom.value.replace(/\/(32|128)$/, "") : atom.value;
    asked = true;
    for (const list of matcher.matchAll(kind, value)) if (!hits.has(list)) hits.set(list, value);
  }
  if (!asked) return null;
  return [...hits].map(([list, value]) => ({ list, value }));
}
