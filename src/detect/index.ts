/**
 * detect: matching logs against every indicator — the indicator index (hand-written, the core),
 * log readers, the engine, behaviour analytics, sightings, NATS workers and the retro-hunt.
 */
export type { AddOutcome, IndexStats, IndicatorRecord } from "./indicator-index.js";
export { IndicatorIndex } from "./indicator-index.js";
export { type LoadReport, loadIndex, type StoreIndex, SYSTEM_READER } from "./load.js";
export { canonicalIpv6, normalizeDomain, normalizeEmail, normalizeHash, normalizeUrl } from "./normalize.js";
export { type IndexAtom, type IndexPlan, planPattern, type TableName } from "./shapes.js";
