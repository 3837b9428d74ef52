import { Counter, collectDefaultMetrics, Registry } from "prom-client";

/**
 * The process's own counters, which any module increments without knowing the HTTP host (a feed
 * run in taxii/, events read in detect/): the host serves them at /metrics beside its own request
 * metrics. Held here, in a module that imports nothing of Centinela, so that taxii/ or detect/
 * can count without importing server/ (which mounts them: that would be an import cycle).
 */

/** How a feed run ended. */
export type FeedOutcome = "ok" | "failed";

/** Where detection events were read: `centinela scan` or POST /api/v1/logs. */
export type DetectionSource = "scan" | "api";

/** The process-wide registry: Node's own metrics (CPU, memory, event loop) and the modules' counters. */
export const PROCESS_METRICS = new Registry();

const feedRuns = new Counter({
  name: "centinela_feed_runs_total",
  help: "Feed runs by kind and outcome (ok, failed).",
  labelNames: ["kind", "outcome"] as const,
  registers: [PROCESS_METRICS],
});

const detectionEvents = new Counter({
  name: "centinela_detection_events_total",
  help: "Log events read by detection, by source (scan, api) and log format.",
  labelNames: ["source", "format"] as const,
  registers: [PROCESS_METRICS],
});

const detectionAlerts = new Counter({
  name: "centinela_detection_alerts_total",
  help: "Events that matched an indicator (one per event and indicator), by source.",
  labelNames: ["source"] as const,
  registers: [PROCESS_METRICS],
});

const detectionBadLines = new Counter({
  name: "centinela_detection_bad_lines_total",
  help: "Log lines detection could not read, by source.",
  labelNames: ["source"] as const,
  registers: [PROCESS_METRICS],
});

let defaults = false;

/** Adds Node's process metrics (CPU, memory, event-loop lag, GC) to PROCESS_METRICS, once. */
export function collectProcessMetrics(): void {
  if (defaults) return;
  defaults = true;
  collectDefaultMetrics({ register: PROCESS_METRICS, prefix: "centinela_" });
}

/** Counts one feed run of `kind` (taxii, misp, kev…) that ended as `outcome`. */
export function recordFeedRun(kind: string, outcome: FeedOutcome): void {
  feedRuns.inc({ kind, outcome });
}

/** What one detection pass read, for recordDetection. */
export interface DetectionCounts {
  events: number;
  alerts: number;
  badLines: number;
}

/** Counts the events, matches and bad lines of one file or body read by detection. */
export function recordDetection(source: DetectionSource, format: string | null, counts: DetectionCounts): void {
  if (counts.events > 0) detectionEvents.inc({ source, format: format ?? "unknown" }, counts.events);
  if (counts.alerts > 0) detectionAlerts.inc({ source }, counts.alerts);
  if (counts.badLines > 0) detectionBadLines.inc({ source }, counts.badLines);
}
