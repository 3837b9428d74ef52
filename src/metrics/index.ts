/**
 * metrics: the process's Prometheus counters that modules increment (feed runs, detection
 * events), in a registry the HTTP host serves at /metrics (src/server/metrics.ts) beside its own
 * request metrics. Imports nothing of Centinela, so every module may count without a cycle.
 */
export {
  collectProcessMetrics,
  type DetectionCounts,
  type DetectionSource,
  type FeedOutcome,
  PROCESS_METRICS,
  recordDetection,
  recordFeedRun,
} from "./registry.js";
