/**
 * ingest: the one write path. Validates, versions, dedupes and marks STIX content from any
 * source and writes it to the store in atomic batches.
 */
export type { Rejection, RejectionReason } from "./errors.js";
export { INGEST_CODES, REJECT_RAW_LIMIT } from "./errors.js";
export type { ImportOptions, ImportProgress, ImportSummary, WarnedObject } from "./import.js";
export { addSummary, DEFAULT_BATCH_SIZE, emptySummary, importItems } from "./import.js";
export type { PreparedObject } from "./prepare.js";
export { isRejection, prepareItem, stixPatternErrors, versionKeyOf } from "./prepare.js";
export { type WarninglistHit, warninglistHits } from "./warninglist-flags.js";
