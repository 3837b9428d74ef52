import type { MessageKey } from "../i18n/index.js";
import type { Store, WriteContext } from "../store/index.js";

/**
 * The connector contract. A feed is `{kind, config, cursor}`: the store keeps the row, the kind's
 * connector (one folder under feeds/, one line in registry.ts) knows what its config means and
 * what its cursor says. A connector pulls pages from an opaque cursor and hands each page's
 * objects to the store's write path (ingest, or the vulns records for KEV/NVD/EPSS); after each
 * page the runner saves the cursor the page ended at, so an interrupted run resumes at the first
 * page not yet stored. A page that cannot be read is reported on its own (`problems`) and the
 * run goes on with the next one, when the kind can skip it; when it cannot (a TAXII `next` that
 * only that page gives), the connector throws and the cursor stays at the last good page.
 */

/** What a page changed in the store, the same figures for every kind. */
export interface FeedCounts {
  /** Objects or records stored for the first time. */
  new: number;
  /** New versions of what was there (or records updated, values extended or expired). */
  changed: number;
  /** Already stored as they are. */
  unchanged: number;
  /** Items of the page refused (each named in `problems`). */
  rejected: number;
}

/** One page a connector pulled and stored. */
export interface FeedPage {
  /** Where the next page starts, as the connector will read it back; saved before the next page is asked for. */
  cursor: string | null;
  /** What the page is (a URL, a file, an event), for messages. */
  label: string;
  counts: FeedCounts;
  /** What on this page could not be read or stored, each a sentence naming where and why. */
  problems: string[];
}

/** What a connector gets for one run. */
export interface FeedRun<C> {
  store: Store;
  feedId: string;
  config: C;
  /** Where the last run stopped, as this connector wrote it (null: from the beginning). */
  cursor: string | null;
  /** The feed's credential opened (never stored or logged), or null. */
  secret: string | null;
  /** How stored objects are attributed (source `feed:<id>`). */
  ctx: WriteContext;
  /** Items per request, for kinds that page by count. */
  pageSize: number;
  /** Aborted when the run must stop (server shutdown). */
  signal?: AbortSignal;
}

/** What `feeds add` gives a connector to make its config from. */
export interface AddInput {
  /** The URL, file or folder given after the kind. */
  source: string;
  /** The kind options given (`--collection`, `--into`, `--mapping`…), as parsed by the CLI. */
  options: Readonly<Record<string, string | undefined>>;
  /** The user name for HTTP Basic, when given. */
  username: string | null;
}

/** A kind's option on `feeds add`, declared once here so the CLI needs no branch per kind. */
export interface ConnectorOption {
  /** As commander takes it: "--collection <id>". */
  flags: string;
  /** Its line in `feeds add --help`, from the feeds catalog, with `values` put in. */
  description: MessageKey;
  values?: Record<string, string>;
}

/** One kind of feed. */
export interface Connector<C = Record<string, unknown>> {
  kind: string;
  /** Its one line for `feeds add --help`, from the feeds catalog. */
  summary: MessageKey;
  /** Options this kind reads on `feeds add`. */
  options: readonly ConnectorOption[];
  /** Seconds between scheduled runs when `--every` is not given. */
  defaultEverySeconds: number;
  /** The config of a new feed, or a FeedsError saying what is missing or wrong. */
  configure(input: AddInput): C;
  /** The id a feed gets without `--id`. */
  defaultId(config: C): string;
  /** Where it pulls from, for `feeds list` (never a secret). */
  describe(config: C): string;
  /** True when a replaced feed still pulls from the same place, so its cursor is kept. */
  sameSource(before: C, after: C): boolean;
  /** At add time: checks that the remote (collection, file, manifest) exists; throws a FeedsError saying what is not there. */
  check(config: C, secret: string | null): Promise<void>;
  /** Pulls pages from `run.cursor` until there is nothing more. */
  pull(run: FeedRun<C>): AsyncIterable<FeedPage>;
}

/** A page's counts from an ingest summary (the STIX kinds: taxii, attack, misp). */
export function countsOfImport(summary: {
  new: number;
  newVersion: number;
  unchanged: number;
  rejected: number;
}): FeedCounts {
  return { new: summary.new, changed: summary.newVersion, unchanged: summary.unchanged, rejected: summary.rejected };
}

/** Zero counts. */
export function noCounts(): FeedCounts {
  return { new: 0, changed: 0, unchanged: 0, rejected: 0 };
}

/** Adds `part` into `into`. */
export function addCounts(into: FeedCounts, part: FeedCounts): void {
  into.new += part.new;
  into.changed += part.changed;
  into.unchanged += part.unchanged;
  into.rejected += part.rejected;
}
