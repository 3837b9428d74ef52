/**
 * The feeds area's table: one row per feed, whatever its kind. What the kind needs to pull is
 * its `config` (JSON, never a secret); where the last run stopped is its `cursor` (opaque text
 * only the kind's connector reads); the schedule and health columns are the same for every kind,
 * so a new kind needs no schema change.
 */

/** A feed: its kind, configuration, sealed credential, resume point, schedule and health. */
export interface FeedsTable {
  id: string;
  kind: string;
  /** JSON object: the kind's configuration (a TAXII API root and collection, a KEV URL…). */
  config: string;
  /** The credential, sealed by access's sealSecret bound to the feed id, or null. */
  secret: string | null;
  /** Opaque resume point written by the kind's connector, or null before the first run. */
  cursor: string | null;
  /** Seconds between scheduled runs under `serve`, or null for the kind's default. */
  every_seconds: number | null;
  last_sync: string | null;
  last_error: string | null;
  /** Failed runs in a row (0 after a success), for the scheduler's backoff. */
  failures: number;
  /** When the scheduler runs it next (ISO), or null for "as soon as it starts". */
  next_run: string | null;
  created: string;
}

/** The feeds area's tables. */
export interface FeedsDatabase {
  feeds: FeedsTable;
  feed_warninglists: FeedWarninglistsTable;
}

/**
 * One MISP warninglist a `warninglists` feed stored (migration 141): the list as read, with the
 * digest of the text it came from, so the next run rewrites only the lists that changed, and
 * ingest and detection read the lists from here rather than from a path given each time.
 */
export interface FeedWarninglistsTable {
  feed_id: string;
  /** The list's `name`, as its list.json gives it. */
  name: string;
  /** The list's `version` as published, as text (a number of any size). */
  version: string;
  /** SHA-256 (hex) of the list.json text stored. */
  digest: string;
  /** Where it was read (a file or URL). */
  source: string;
  type: string;
  description: string;
  /** JSON array of MISP attribute types. */
  matching_attributes: string;
  /** JSON array of the list's entries. */
  entries: string;
  entry_count: number;
  /** When this version was stored (ISO 8601). */
  updated: string;
}
