/**
 * feeds/list: plain IOC lists (one value a line, or CSV columns named by a mapping) as STIX
 * indicators with provenance, confidence and a lifetime per kind of value; a value that leaves
 * the list is expired, not deleted. Built-in mappings for IPsum, ThreatFox, URLhaus and Maltrail.
 */
export { LIST_CONNECTOR, type ListFeedConfig } from "./connector.js";
export type { ListImportOptions, ListImportSummary } from "./import-list.js";
export { importList } from "./import-list.js";
export type { Column, ConfidenceRule, Lifetimes, ListMapping } from "./mapping.js";
export { BUILT_IN_MAPPINGS, DEFAULT_LIFETIMES, lifetimeMs } from "./mapping.js";
export { ListMappingError, loadMapping } from "./mapping-file.js";
export { patternOf } from "./patterns.js";
export type { ListEntry, ListReadState, ListRejection } from "./read-list.js";
export { ListFormatError, readList } from "./read-list.js";
export type { Classified, ListValueType } from "./shapes.js";
export { classify, LIST_VALUE_TYPES, refang } from "./shapes.js";
export { LIST_NAMESPACE, listIndicatorId } from "./to-stix.js";
