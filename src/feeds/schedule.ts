import type { SecretKey } from "../access/index.js";
import { t } from "../i18n/index.js";
import type { Feed, Store, WriteContext } from "../store/index.js";
import { connectorFor } from "./registry.js";
import { type RunFeedResult, runFeed } from "./run-feed.js";

/**
 * `serve`'s feed scheduler. Every tick it reads the feeds and starts each one that is due (its
 * `nextRun` passed, or never set) and not already running, so a feed runs one at a time however
 * long a run takes; feeds run side by side. After a run the next one is set `every` seconds on
 * (the feed's `--every`, else its kind's default), moved by up to ±10 % so feeds added together
 * do not all hit their remotes at once. A failed run is logged and retried sooner at first, then
 * later and later: min(every, 1 min) × 2^(failures−1), capped at the larger of `every` and 6
 * hours. A failure never leaves the run: the server and the other feeds go on.
 */

/** How long between two looks at the feeds table, by default. */
export const DEFAULT_TICK_MS = 15_000;
/** Most a failing feed's retry is pushed back, unless its own interval is longer. */
export const MAX_BACKOFF_MS = 6 * 3600 * 1000;
/** The share of an interval a run may be moved by, either way. */
export const JITTER = 0.1;

/** One line of the scheduler's log. */
export interface FeedLogEntry {
  level: "info" | "warn";
  feed: string;
  kind: string;
  message: string;
  /** The run's figures, when it ended well. */
  result?: RunFeedResult;
  ms?: number;
  failures?: number;
}

/** Options of the scheduler. */
export interface SchedulerOptions {
  ctx: WriteContext;
  /** Opens feed credentials. */
  secretKey?: () => SecretKey;
  /** Where each run is logged (serve: its JSON logger). */
  log: (entry: FeedLogEntry) => void;
  tickMs?: number;
  /** Random number in [0, 1) for the jitter (tests pass a fixed one). */
  random?: () => number;
  now?: () => number;
}

/** The interval of a feed in ms: its own, else its kind's default. */
export function intervalMs(feed: Feed): number {
  const seconds = feed.everySeconds ?? connectorFor(feed.kind).defaultEverySeconds;
  return seconds * 1000;
}

/** The wait before the next run: the interval after a success, the backoff after `failures` failures, with jitter. */
export function nextDelayMs(every: number, failures: number, random: () => number = Math.random): number {
  const base =
    failures === 0 ? every : Math.min(Math.max(every, MAX_BACKOFF_MS), Math.min(every, 60_000) * 2 ** (failures - 1));
  return Math.max(1, Math.round(base * (1 + JITTER * (2 * random() - 1))));
}

/** A running scheduler. */
export interface FeedScheduler {
  /** Resolves when the runs in progress have ended; no new run starts after it is called. */
  stop(): Promise<void>;
  /** Looks at the feeds now (the timer does this every tick); resolves when the due runs have started. */
  tick(): Promise<void>;
  /** The runs in progress, by feed id. */
  running(): ReadonlyMap<string, Promise<void>>;
}

/** Starts the scheduler on `store`. */
export function startFeedScheduler(store: Store, options: SchedulerOptions): FeedScheduler {
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const running = new Map<string, Promise<void>>();
  const abort = new AbortController();
  let stopped = false;

  const runOne = async (feed: Feed): Promise<void> => {
    const started = now();
    let every: number;
    try {
      every = intervalMs(feed);
    } catch (error) {
      // A kind this release does not know (a newer one added it): said once a tick, never run.
      options.log({ level: "warn", feed: feed.id, kind: feed.kind, message: (error as Error).message });
      return;
    }
    const at = (failures: number) => new Date(now() + nextDelayMs(every, failures, random)).toISOString();
    options.log({
      level: "info",
      feed: feed.id,
      kind: feed.kind,
      message: t("feeds:runStarted", { id: feed.id, kind: feed.kind }),
    });
    try {
      const result = await runFeed(store, feed, {
        ctx: { ...options.ctx, source: `feed:${feed.id}` },
        secretKey: options.secretKey,
        nextRun: at,
        signal: abort.signal,
      });
      const next = (await store.directory.listFeeds()).find((f) => f.id === feed.id)?.nextRun ?? "-";
      const ms = now() - started;
      options.log({
        level: "info",
        feed: feed.id,
        kind: feed.kind,
        result,
        ms,
        message: t("feeds:runDone", { id: feed.id, kind: feed.kind, pages: result.pages, ...result.counts, ms, next }),
      });
    } catch (error) {
      const failures = feed.failures + 1;
      const next = (await store.directory.listFeeds().catch(() => [])).find((f) => f.id === feed.id)?.nextRun ?? "-";
      const message = error instanceof Error ? error.message : String(error);
      options.log({
        level: "warn",
        feed: feed.id,
        kind: feed.kind,
        failures,
        message: t("feeds:runFailed", { id: feed.id, kind: feed.kind, failures, message, next }),
      });
    }
  };

  const tick = async (): Promise<void> => {
    if (stopped) return;
    let feeds: Feed[];
    try {
      feeds = await store.directory.listFeeds();
    } catch {
      return; // the store is away for a moment: the next tick looks again
    }
    for (const feed of feeds) {
      if (stopped || running.has(feed.id)) continue;
      if (feed.nextRun !== null && Date.parse(feed.nextRun) > now()) continue;
      const run = runOne(feed).finally(() => running.delete(feed.id));
      running.set(feed.id, run);
    }
  };

  const timer = setInterval(() => void tick(), options.tickMs ?? DEFAULT_TICK_MS);
  timer.unref();
  void tick();
  return {
    tick,
    running: () => running,
    async stop() {
      stopped = true;
      clearInterval(timer);
      abort.abort();
      await Promise.allSettled([...running.values()]);
    },
  };
}
