import type { TlpLevel } from "../stix/index.js";

/**
 * Who an AMBER object counts as shared with. Besides the organizations it is shared with
 * explicitly, an AMBER object is shared with every organization that may read a collection its
 * producer put it into: putting it there is the producer's act of sharing. AMBER+STRICT is never
 * shared that way (only the producer's own organization and explicit shares), and the other
 * levels do not depend on sharing at all. The store applies the same rule in SQL.
 */

/** The organizations a version counts as shared with, for canRead's `sharedWith`. */
export function sharedOrganizations(
  level: TlpLevel,
  explicit: readonly string[],
  collectionReaders: readonly string[],
): readonly string[] {
  if (level !== "amber" || collectionReaders.length === 0) return explicit;
  return [...new Set([...explicit, ...collectionReaders])];
}
