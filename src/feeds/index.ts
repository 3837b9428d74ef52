/**
 * feeds: everything Centinela pulls from others, one connector contract for every kind. A feed
 * is `{kind, config, cursor}` (the store keeps the row); a connector (`feeds/<kind>/`, one line
 * in registry.ts) pulls pages from the cursor and hands their objects to the store's write path;
 * `runFeed` saves the cursor after each page, and `serve`'s scheduler runs due feeds. The MISP
 * and IOC list converters (`feeds/misp`, `feeds/list`) are the formats the misp and list kinds,
 * and `import`, read.
 */
export {
  type AddInput,
  addCounts,
  type Connector,
  type ConnectorOption,
  type FeedCounts,
  type FeedPage,
  type FeedRun,
  noCounts,
} from "./contract.js";
export { type OpenedCredential, openCredential } from "./credential.js";
export { FEEDS_CODES, type FeedsCode, FeedsError, feedsError } from "./errors.js";
export { formatEvery, parseEvery } from "./every.js";
export { type AnyConnector, connectorFor, connectors, feedKinds } from "./registry.js";
export { type RunFeedOptions, type RunFeedResult, runFeed } from "./run-feed.js";
export {
  DEFAULT_TICK_MS,
  type FeedLogEntry,
  type FeedScheduler,
  intervalMs,
  JITTER,
  MAX_BACKOFF_MS,
  nextDelayMs,
  type SchedulerOptions,
  startFeedScheduler,
} from "./schedule.js";
