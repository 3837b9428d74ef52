/**
 * detect: matching logs against every indicator — the indicator index (hand-written, the core),
 * log readers, the engine, behaviour analytics, sightings, NATS workers and the retro-hunt.
 */

export { alertRecord, analyticEvent, insertAlerts } from "./alert-records.js";
export {
  type AnalyticAlert,
  type AnalyticsCounts,
  type AnalyticsOptions,
  BehaviourAnalytics,
  DEFAULT_ANALYTICS,
  parseAnalyticsOptions,
  readAnalyticsOptions,
  readConnections,
} from "./analytics/index.js";
export { type Alert, type BadLine, Engine, type EngineCounts, type EngineOptions } from "./engine.js";
export { DetectError } from "./errors.js";
export type { AddOutcome, IndexStats, IndicatorRecord } from "./indicator-index.js";
export { IndicatorIndex } from "./indicator-index.js";
export { type LoadReport, loadIndex, type StoreIndex, SYSTEM_READER } from "./load.js";
export { type FieldMapping, loadFieldMapping, parseFieldMapping } from "./mapped-json.js";
export { canonicalIpv6, normalizeDomain, normalizeEmail, normalizeHash, normalizeUrl } from "./normalize.js";
export { type OrgVisibility, orgVisibility } from "./org-visibility.js";
export {
  expandLogPaths,
  type FileResult,
  LOG_FILE,
  type LogFormat,
  type ScanInput,
  type ScanOptions,
  scanFile,
  scanInput,
} from "./scan.js";
export { type IndexAtom, type IndexPlan, planPattern, type TableName } from "./shapes.js";
export {
  recordSightings,
  type SightingOrg,
  type SightingsWritten,
  sightingId,
  sightingOrg,
} from "./sightings.js";
