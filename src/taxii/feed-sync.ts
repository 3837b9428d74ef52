import { addSummary, emptySummary, type ImportSummary, importItems } from "../ingest/index.js";
import { readStixStream } from "../stix/index.js";
import type { Feed, Store, WriteContext } from "../store/index.js";
import { collectionUrl, parseJson, TaxiiClient, type TaxiiClientOptions } from "./client.js";
import { TaxiiError } from "./errors.js";

/**
 * `feeds sync`: incremental pulls of a remote TAXII collection. Each page goes through the one
 * ingest path, and only then is the resume point saved (the page's `next`, or once the
 * collection is drained the last X-TAXII-Date-Added-Last as the next `added_after`), so an
 * interrupted sync resumes at the first page not yet stored; a page stored twice is "unchanged".
 */

/** Options of one sync. */
export interface SyncOptions {
  ctx: WriteContext;
  /** Objects per page asked of the server. Default 1,000. */
  pageSize?: number;
  /** Stop after this many pages (the next sync resumes). Default unlimited. */
  maxPages?: number;
  client?: Omit<TaxiiClientOptions, "credentials">;
  onPage?: (progress: { pages: number; summary: ImportSummary }) => void;
}

/** What one sync did. */
export interface SyncResult {
  pages: number;
  summary: ImportSummary;
  /** True when the remote collection had nothing more to give. */
  drained: boolean;
}

interface EnvelopeHead {
  more?: boolean;
  next?: string;
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** Pulls a feed until drained (or maxPages), saving the resume point after every stored page. */
export async function syncFeed(store: Store, feed: Feed, options: SyncOptions): Promise<SyncResult> {
  const client = new TaxiiClient({
    ...options.client,
    credentials: feed.username ? { username: feed.username, password: feed.secret } : { token: feed.secret },
  });
  const base = collectionUrl(feed.url, feed.collection);
  const summary = emptySummary();
  let { addedAfter, next } = feed;
  let pages = 0;
  const save = (lastError: string | null) =>
    store.directory.updateFeedState(feed.id, { addedAfter, next, lastSync: new Date().toISOString(), lastError });
  try {
    for (;;) {
      if (options.maxPages !== undefined && pages >= options.maxPages) return { pages, summary, drained: false };
      const query = new URLSearchParams({ limit: String(options.pageSize ?? 1000), "match[version]": "all" });
      if (addedAfter) query.set("added_after", addedAfter);
      if (next) query.set("next", next);
      const url = `${base}objects/?${query}`;
      let response: Awaited<ReturnType<TaxiiClient["request"]>>;
      try {
        response = await client.request("GET", url);
      } catch (error) {
        // A `next` the server no longer honours (expired, server restarted): start over from added_after.
        if (next && error instanceof TaxiiError && error.headers.status === "400") {
          next = null;
          continue;
        }
        throw error;
      }
      const head = parseJson<EnvelopeHead>(response.text, url);
      const part = await importItems(store, readStixStream(once(response.text)), {
        ctx: options.ctx,
        source: url,
        collectionId: feed.localCollection,
      });
      addSummary(summary, part);
      pages++;
      const last = response.headers.get("x-taxii-date-added-last");
      if (head.more && head.next) {
        next = head.next;
      } else {
        next = null;
        if (last) addedAfter = last;
        if (head.more && !last) {
          throw new TaxiiError("TAXII_REMOTE", `${url} says more but gives neither next nor X-TAXII-Date-Added-Last`);
        }
      }
      await save(null);
      options.onPage?.({ pages, summary });
      if (!head.more) return { pages, summary, drained: true };
    }
  } catch (error) {
    await save(error instanceof Error ? error.message : String(error));
    throw error;
  }
}
