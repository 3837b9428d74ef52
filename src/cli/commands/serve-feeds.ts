import type { FastifyBaseLogger } from "fastify";
import { DEFAULT_TICK_MS, type FeedScheduler, parseEvery, startFeedScheduler } from "../../feeds/index.js";
import type { Store } from "../../store/index.js";
import { CLI_WRITER, commandSecretKey, type StoreOptions } from "../context.js";

/**
 * `serve`'s feeds: the scheduler of feeds/ started beside the HTTP server, each run logged as
 * one JSON line of the server's log (feed, kind, figures or error), unless `--no-feeds`.
 */

/** The options of `serve` that concern feeds. */
export interface ServeFeedOptions extends StoreOptions {
  /** False with --no-feeds. */
  feeds?: boolean;
  /** --feeds-tick: how often the feeds table is looked at. */
  feedsTick?: string;
}

/** The tick of `--feeds-tick` in ms (a FeedsError naming the value when it is not a duration). */
export function feedsTickMs(options: ServeFeedOptions): number {
  return options.feedsTick === undefined ? DEFAULT_TICK_MS : parseEvery(options.feedsTick) * 1000;
}

/** Starts the scheduler, or returns null with --no-feeds. */
export function startServeFeeds(
  store: Store,
  log: FastifyBaseLogger,
  options: ServeFeedOptions,
  tickMs: number,
): FeedScheduler | null {
  if (options.feeds === false) return null;
  return startFeedScheduler(store, {
    ctx: CLI_WRITER,
    secretKey: commandSecretKey(options),
    tickMs,
    log: (entry) => {
      const fields = {
        feed: entry.feed,
        kind: entry.kind,
        ...(entry.result
          ? { pages: entry.result.pages, ...entry.result.counts, problems: entry.result.problems.length }
          : {}),
        ...(entry.ms !== undefined ? { ms: entry.ms } : {}),
        ...(entry.failures !== undefined ? { failures: entry.failures } : {}),
      };
      log[entry.level](fields, entry.message);
    },
  });
}
