/**
 * detect/scale-out: detection spread over NATS JetStream — `ship` puts log lines on
 * `logs.<org>.<kind>`, any number of workers match them against the index and return results,
 * and one writer keeps alerts and sightings, idempotently by event identity.
 */

export { type BatchResult, type LogBatch, readLogBatch } from "./messages.js";
export {
  type ConsumerSettings,
  connectNats,
  DEFAULT_ACK_WAIT_MS,
  DEFAULT_NATS_URL,
  ensureScaleOut,
  messagesLeft,
  natsUrl,
  removeScaleOut,
  type ScaleOutNames,
  scaleOutNames,
  subjectToken,
} from "./nats.js";
export { batchId, logKind, type ShipOptions, type ShipSummary, shipFiles } from "./ship.js";
export {
  announceIndexVersion,
  BatchMatcher,
  matchBatch,
  resultParts,
  runWorker,
  type WorkerCounts,
  type WorkerOptions,
} from "./worker.js";
export { runWriter, type WriterCounts, type WriterOptions } from "./writer.js";
