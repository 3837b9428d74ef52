import { AccessError, isSealed, openSecret, type SecretKey, sealSecret } from "../access/index.js";
import { addSummary, emptySummary, type ImportSummary, importItems } from "../ingest/index.js";
import { recordFeedRun } from "../metrics/index.js";
import { readStixStream } from "../stix/index.js";
import type { Feed, Store, WriteContext } from "../store/index.js";
import { collectionUrl, parseJson, TaxiiClient, type TaxiiClientOptions } from "./client.js";
import { TaxiiError } from "./errors.js";

/**
 * `feeds sync`: incremental pulls of a remote TAXII collection. Each page goes through the one
 * ingest path, and only then is the resume point saved (the page's `next`, or once the
 * collection is drained the last X-TAXII-Date-Added-Last as the next `added_after`), so an
 * interrupted sync resumes at the first page not yet stored; a page stored twice is "unchanged".
 *
 * The feed's credential is stored sealed and opened here, just before it is sent: the CLI seals
 * it where it enters (`feeds add`), so the plain value exists only at the two ends and neither
 * the store nor its backups hold it or the key (access's sealed-secret.ts says why).
 */

/** Options of one sync. */
export interface SyncOptions {
  ctx: WriteContext;
  /** Objects per page asked of the server. Default 1,000. */
  pageSize?: number;
  /** Stop after this many pages (the next sync resumes). Default unlimited. */
  maxPages?: number;
  client?: Omit<TaxiiClientOptions, "credentials">;
  /** The key that opens the feed's credential, asked for only when the feed has one (the CLI's makes the key file on first need). */
  secretKey?: () => SecretKey;
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

/** The credential to send, and its sealed form to store when the row still holds it in the clear. */
interface Credential {
  plain: string | null;
  reseal: string | undefined;
}

/**
 * Opens the feed's credential. A value an older release stored in the clear is used as it is and
 * sealed for the next write of the row (the first resume point saved). One that does not open is
 * an error naming the feed and what to do, raised before anything is sent to the remote.
 */
function credentialOf(feed: Feed, secretKey: (() => SecretKey) | undefined): Credential {
  if (feed.secret === null) return { plain: null, reseal: undefined };
  if (!secretKey) {
    throw new AccessError(
      "ACCESS_SECRET_KEY_INVALID",
      `feed "${feed.id}" has a credential but no secret key was given`,
    );
  }
  const { key, source } = secretKey();
  if (!isSealed(feed.secret)) return { plain: feed.secret, reseal: sealSecret(key, feed.id, feed.secret) };
  try {
    return { plain: openSecret(key, feed.id, feed.secret), reseal: undefined };
  } catch (error) {
    throw new AccessError(
      "ACCESS_SECRET_UNREADABLE",
      `the stored credential of feed "${feed.id}" does not open with the secret key from ${source}: ` +
        `restore the key it was added with (CENTINELA_SECRET_KEY or secret.key from your backup), or add the feed again ` +
        `with \`centinela feeds add taxii URL --collection ID --id ${feed.id} --replace\` and its credential`,
      { cause: error },
    );
  }
}

/**
 * Pulls a feed until drained (or maxPages), saving the resume point after every stored page.
 * Each run is counted in the process's metrics (centinela_feed_runs_total, ok or failed).
 */
export async function syncFeed(store: Store, feed: Feed, options: SyncOptions): Promise<SyncResult> {
  try {
    const result = await pullFeed(store, feed, options);
    recordFeedRun(feed.kind, "ok");
    return result;
  } catch (error) {
    recordFeedRun(feed.kind, "failed");
    throw error;
  }
}

/** syncFeed without the counting. */
async function pullFeed(store: Store, feed: Feed, options: SyncOptions): Promise<SyncResult> {
  let credential: Credential;
  try {
    credential = credentialOf(feed, options.secretKey);
  } catch (error) {
    // Recorded as the feed's last outcome, so `feeds list` shows it too; nothing was sent.
    await store.directory.updateFeedState(feed.id, {
      addedAfter: feed.addedAfter,
      next: feed.next,
      lastSync: new Date().toISOString(),
      lastError: error instanceof Error ? error.message : String(error),
    });
    throw error;
  }
  const { plain } = credential;
  const client = new TaxiiClient({
    ...options.client,
    credentials: feed.username ? { username: feed.username, password: plain } : { token: plain },
  });
  const base = collectionUrl(feed.url, feed.collection);
  const summary = emptySummary();
  let { addedAfter, next } = feed;
  let pages = 0;
  let reseal = credential.reseal;
  const save = async (lastError: string | null) => {
    const secret = reseal;
    await store.directory.updateFeedState(feed.id, {
      addedAfter,
      next,
      lastSync: new Date().toISOString(),
      lastError,
      ...(secret ? { secret } : {}),
    });
    reseal = undefined;
  };
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
