import { type StixObject, TLP_MARKING_IDS, type TlpLevel, uuidV5 } from "../../stix/index.js";
import type { ListMapping } from "./mapping.js";
import { patternOf } from "./patterns.js";
import type { ListEntry } from "./read-list.js";
import type { ListValueType } from "./shapes.js";

/**
 * A list value as a STIX indicator. Ids are UUIDv5 of (list, type, value), so the same value on
 * the same list is the same indicator across imports; its versions say how long the list kept
 * it: each import that still shows it can extend `valid_until`, and the import after it left
 * the list ends it (see import-list.ts).
 */

/** The namespace of ids Centinela derives for IOC lists (a fixed, random UUID). */
export const LIST_NAMESPACE = "9b2f4c1e-6d3a-4e8b-a7c5-1f0e2d3c4b5a";

/** A fixed creation time for the list's identity, so every import writes the same one. */
const IDENTITY_TIME = "2020-01-01T00:00:00.000Z";

/** The STIX id of the indicator of this value on this list. */
export function listIndicatorId(list: string, type: ListValueType, value: string): string {
  return `indicator--${uuidV5(LIST_NAMESPACE, `${list}|${type}|${value}`)}`;
}

/** The identity that publishes the list's indicators. */
export function listIdentity(mapping: ListMapping): StixObject {
  return {
    type: "identity",
    spec_version: "2.1",
    id: `identity--${uuidV5(LIST_NAMESPACE, `identity|${mapping.name}`)}`,
    created: IDENTITY_TIME,
    modified: IDENTITY_TIME,
    name: mapping.title,
    identity_class: "system",
    description: `IOC list "${mapping.name}", imported by Centinela.`,
  };
}

/** The times and provenance of one indicator version. */
export interface IndicatorVersion {
  created: string;
  modified: string;
  validFrom: string;
  validUntil: string;
  file: string;
}

/** The indicator version of a list entry. */
export function indicatorOf(
  mapping: ListMapping,
  entry: ListEntry,
  identityId: string,
  tlp: TlpLevel,
  version: IndicatorVersion,
): StixObject {
  const reference: { source_name: string; description: string; url?: string } = {
    source_name: mapping.name,
    description: `${mapping.title}: ${version.file}, line ${entry.line}`,
  };
  if (entry.reference) reference.url = entry.reference;
  const labels = [...new Set(entry.labels)];
  return {
    type: "indicator",
    spec_version: "2.1",
    id: listIndicatorId(mapping.name, entry.type, entry.value),
    created: version.created,
    modified: version.modified,
    created_by_ref: identityId,
    name: `${entry.value} (${mapping.title})`,
    indicator_types: ["malicious-activity"],
    pattern: patternOf(entry.type, entry.value),
    pattern_type: "stix",
    pattern_version: "2.1",
    valid_from: version.validFrom,
    valid_until: version.validUntil,
    confidence: entry.confidence,
    ...(labels.length > 0 ? { labels } : {}),
    external_references: [reference],
    object_marking_refs: [TLP_MARKING_IDS[tlp]],
    x_centinela_list: { name: mapping.name, type: entry.type, value: entry.value, line: entry.line },
  };
}
