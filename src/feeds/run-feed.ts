import type { SecretKey } from "../access/index.js";
import { recordFeedRun } from "../metrics/index.js";
import type { Feed, Store, WriteContext } from "../store/index.js";
import { addCounts, type FeedCounts, type FeedPage, noCounts } from "./contract.js";
import { openCredential } from "./credential.js";
import { connectorFor } from "./registry.js";

/**
 * Running one feed, whatever its kind: open its credential, ask its connector for pages from the
 * saved cursor, and save the cursor each page ends at before asking for the next, so a run cut
 * short (a crash, `maxPages`, a remote that fails part-way) resumes at the first page not yet
 * stored. `feeds sync` and `serve`'s scheduler both run feeds through here; each run is counted
 * in the process's metrics (centinela_feed_runs_total by kind, ok or failed).
 */

/** Options of one run. */
export interface RunFeedOptions {
  ctx: WriteContext;
  /** Items per request for kinds that page by count. Default 1,000. */
  pageSize?: number;
  /** Stop after this many pages (the next run resumes). Default unlimited. */
  maxPages?: number;
  /** The key that opens the feed's credential, asked for only when the feed has one. */
  secretKey?: () => SecretKey;
  /** Called after each stored page. */
  onPage?: (page: FeedPage, pages: number) => void;
  /** Saved with the outcome (the scheduler's next run), when given. */
  nextRun?: (failures: number) => string | null;
  signal?: AbortSignal;
}

/** What one run did. */
export interface RunFeedResult {
  pages: number;
  counts: FeedCounts;
  /** Every page's problems, in order. */
  problems: string[];
  /** False when stopped by maxPages before the source was drained. */
  drained: boolean;
  /** The feed's failures in a row after this run (0 on success). */
  failures: number;
}

/** Runs `feed` once; a failure is saved as its last error (and counted) and thrown. */
export async function runFeed(store: Store, feed: Feed, options: RunFeedOptions): Promise<RunFeedResult> {
  let cursor = feed.cursor;
  let reseal: string | undefined;
  const save = async (lastError: string | null, failures?: number) => {
    const secret = reseal;
    await store.directory.updateFeedState(feed.id, {
      cursor,
      lastSync: new Date().toISOString(),
      lastError,
      ...(failures !== undefined ? { failures } : {}),
      ...(failures !== undefined && options.nextRun ? { nextRun: options.nextRun(failures) } : {}),
      ...(secret ? { secret } : {}),
    });
    reseal = undefined;
  };
  const counts = noCounts();
  const problems: string[] = [];
  let pages = 0;
  try {
    const connector = connectorFor(feed.kind);
    const credential = openCredential(feed, options.secretKey);
    reseal = credential.reseal;
    const iterator = connector
      .pull({
        store,
        feedId: feed.id,
        config: feed.config,
        cursor,
        secret: credential.plain,
        ctx: options.ctx,
        pageSize: options.pageSize ?? 1000,
        signal: options.signal,
      })
      [Symbol.asyncIterator]();
    for (;;) {
      if (options.maxPages !== undefined && pages >= options.maxPages) {
        await iterator.return?.();
        await save(null);
        return { pages, counts, problems, drained: false, failures: 0 };
      }
      const step = await iterator.next();
      if (step.done) break;
      const page = step.value;
      cursor = page.cursor;
      pages++;
      addCounts(counts, page.counts);
      problems.push(...page.problems);
      await save(null);
      options.onPage?.(page, pages);
    }
  } catch (error) {
    recordFeedRun(feed.kind, "failed");
    const failures = feed.failures + 1;
    await save(error instanceof Error ? error.message : String(error), failures);
    throw error;
  }
  recordFeedRun(feed.kind, "ok");
  await save(problems.length > 0 ? (problems[problems.length - 1] ?? null) : null, 0);
  return { pages, counts, problems, drained: true, failures: 0 };
}
