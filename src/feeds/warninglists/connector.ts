import { createHash } from "node:crypto";
import { basename, dirname } from "node:path";
import { readSource } from "../../sources/index.js";
import { createWarninglistMatcher, parseWarninglist, WarninglistError } from "../../warninglists/index.js";
import type { Connector, FeedCounts, FeedPage } from "../contract.js";
import { errorReason, feedsError, unreachable } from "../errors.js";
import { authHeaders, baseName, sourceOf } from "../vulns/source-config.js";
import { listEntries } from "./sources.js";

/**
 * The `warninglists` kind: MISP warninglists (a misp-warninglists folder, one list.json, or a URL
 * of a list or an index, see sources.ts) stored in the store, where every import flags and every
 * detection suppresses with them without a path given each time. Each run reads every list and
 * writes only those whose text changed (its SHA-256 against the stored one), one list a page,
 * with the version the list gives. Because what is stored is the resume point, a run cut short
 * goes on with the lists not yet stored. A list that cannot be read or is not a warninglist is
 * its page's problem: the others go on, its stored version (if any) is kept, and it is tried
 * again next run. A list gone from the source is removed once a whole pass has read the source.
 */

/** What a warninglists feed pulls. */
export interface WarninglistsFeedConfig {
  /** The folder, list.json, or URL of a list or an index. */
  source: string;
  /** HTTP Basic user (the password is the feed's sealed secret); null: the secret, if any, is a Bearer token. */
  username?: string | null;
}

const one = (key: keyof FeedCounts): FeedCounts => ({ new: 0, changed: 0, unchanged: 0, rejected: 0, [key]: 1 });

/** The warninglists connector. */
export const WARNINGLISTS_CONNECTOR: Connector<WarninglistsFeedConfig> = {
  kind: "warninglists",
  summary: "feeds:kinds.warninglists",
  options: [],
  // MISP publishes changes to its lists every few days.
  defaultEverySeconds: 86_400,
  configure: (input) => ({ source: sourceOf(input), username: input.username }),
  defaultId(config) {
    const name = baseName(config.source);
    return `warninglists/${name === "list.json" ? basename(dirname(config.source)) : name}`;
  },
  describe: (config) => config.source,
  sameSource: (before, after) => before.source === after.source,
  async check(config, secret) {
    try {
      await listEntries(config.source, authHeaders(config.source, config.username, secret));
    } catch (error) {
      throw unreachable(config.source, error);
    }
  },
  async *pull(run) {
    const { source, username } = run.config;
    const headers = authHeaders(source, username, run.secret);
    const entries = await listEntries(source, headers);
    const directory = run.store.directory;
    const stored = await directory.storedWarninglists({ feedId: run.feedId, entries: false });
    const bySource = new Map(stored.map((s) => [s.source, s]));
    // Names read (or known unchanged) this pass, and sources that failed: what stays stored.
    const seen = new Set<string>();
    const failed = new Set<string>();
    const page = (label: string, counts: FeedCounts, problems: string[] = []): FeedPage => ({
      cursor: JSON.stringify({ last: label }),
      label,
      counts,
      problems,
    });
    for (const entry of entries) {
      if (run.signal?.aborted) return;
      let text = entry.text;
      if (text === undefined) {
        try {
          text = (await readSource(entry.source, { headers })).text;
        } catch (error) {
          failed.add(entry.source);
          yield page(entry.source, one("rejected"), [
            feedsError("FEED_BAD_PAGE", "feeds:warninglistUnreadable", {
              source: entry.source,
              reason: errorReason(error),
            }).message,
          ]);
          continue;
        }
      }
      const digest = createHash("sha256").update(text).digest("hex");
      const before = bySource.get(entry.source);
      if (before !== undefined && before.digest === digest) {
        seen.add(before.name);
        continue;
      }
      let list: ReturnType<typeof parseWarninglist>;
      try {
        list = parseWarninglist(text, entry.source);
      } catch (error) {
        if (!(error instanceof WarninglistError)) throw error;
        failed.add(entry.source);
        yield page(entry.source, one("rejected"), [
          feedsError("FEED_BAD_PAGE", "feeds:badWarninglist", { source: entry.source, reason: error.message }).message,
        ]);
        continue;
      }
      if (seen.has(list.name)) {
        failed.add(entry.source);
        yield page(entry.source, one("rejected"), [
          feedsError("FEED_BAD_PAGE", "feeds:warninglistTwice", { source: entry.source, name: list.name }).message,
        ]);
        continue;
      }
      seen.add(list.name);
      // Entries the matcher cannot use (a bad CIDR, a regex JavaScript cannot compile) are named; the list is kept.
      const skipped = createWarninglistMatcher([list]).stats.skipped;
      const outcome = await directory.putWarninglist({
        feedId: run.feedId,
        name: list.name,
        version: list.version,
        digest,
        source: entry.source,
        type: list.type,
        description: list.description,
        matchingAttributes: list.matchingAttributes,
        list: list.list,
      });
      yield page(
        entry.source,
        one(outcome === "changed" ? "changed" : outcome),
        skipped.slice(0, 5).map(
          (s) =>
            feedsError("FEED_BAD_PAGE", "feeds:warninglistEntrySkipped", {
              source: entry.source,
              entry: s.entry,
              reason: s.why,
              count: skipped.length,
            }).message,
        ),
      );
    }
    const gone = stored.filter((s) => !seen.has(s.name) && !failed.has(s.source)).map((s) => s.name);
    if (gone.length > 0) {
      const removed = await directory.removeWarninglists(run.feedId, gone);
      yield page(`${source} (${gone.join(", ")})`, { new: 0, changed: removed, unchanged: 0, rejected: 0 });
    }
  },
};
