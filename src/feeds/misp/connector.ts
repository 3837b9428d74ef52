import { join } from "node:path";
import { addSummary, emptySummary, importItems } from "../../ingest/index.js";
import { isUrl, readSource } from "../../sources/index.js";
import type { Connector, FeedPage } from "../contract.js";
import { errorReason, feedsError, unreachable } from "../errors.js";
import { authHeaders, baseName, checkReadable, sourceOf } from "../vulns/source-config.js";
import { parseHashesCsv, valuesNotInHashes } from "./hashes.js";
import { eventsOf } from "./misp-event.js";
import { asStreamItems, mispDocumentToStix, sniffMisp } from "./read-file.js";

/**
 * The `misp` kind: a MISP feed (a folder or URL holding `manifest.json`, one `<uuid>.json` per
 * event and `hashes.csv`), as MISP publishes it and `export --misp-feed` writes it. Each run
 * reads the manifest and pulls only the events that are new or whose timestamp changed, one
 * event a page, through the MISP converters and the one ingest path; the cursor is each stored
 * event's timestamp. An event the manifest lists but that cannot be read, is not JSON or is not
 * a MISP event is its page's problem: the other events go on, and it is tried again next run.
 * hashes.csv cannot tell which events changed (it holds values' MD5s, no event digest): it is
 * used to check that each event read holds every value the publisher hashed for it (hashes.ts).
 */

/** What a MISP feed pulls. */
export interface MispFeedConfig {
  /** The folder or URL of manifest.json. */
  source: string;
  /** Local collection the events' objects are added to, or null. */
  localCollection: string | null;
  /** HTTP Basic user (the password is the feed's sealed secret); absent or null: the secret, if any, is a Bearer token. */
  username?: string | null;
}

/** The headers a URL feed is read with (Centinela's served feed at /api/v1/misp/feed/ wants a token). */
function headersOf(config: MispFeedConfig, secret: string | null): Record<string, string> {
  return authHeaders(config.source, config.username, secret);
}

/** Which events are stored, with the manifest timestamp they were stored at. */
interface MispCursor {
  events: Record<string, string>;
}

/** A file of the feed: beside manifest.json, in the folder or under the URL. */
function fileOf(source: string, name: string): string {
  if (!isUrl(source)) return join(source, name);
  return new URL(name, source.endsWith("/") ? source : `${source}/`).toString();
}

async function readManifest(
  source: string,
  headers: Record<string, string>,
): Promise<Record<string, { timestamp?: unknown }>> {
  const name = fileOf(source, "manifest.json");
  let text: string;
  try {
    text = (await readSource(name, { headers })).text;
  } catch (error) {
    throw feedsError("FEED_BAD_PAGE", "feeds:badManifest", { source, reason: errorReason(error) }, error);
  }
  let manifest: unknown;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    throw feedsError("FEED_BAD_PAGE", "feeds:badManifest", { source, reason: errorReason(error) }, error);
  }
  if (typeof manifest !== "object" || manifest === null || Array.isArray(manifest)) {
    throw feedsError("FEED_BAD_PAGE", "feeds:badManifest", { source, reason: "not an object of event uuids" });
  }
  return manifest as Record<string, { timestamp?: unknown }>;
}

/** The MISP feed connector. */
export const MISP_CONNECTOR: Connector<MispFeedConfig> = {
  kind: "misp",
  summary: "feeds:kinds.misp",
  options: [],
  defaultEverySeconds: 3600,
  configure: (input) => ({
    source: sourceOf(input),
    localCollection: input.options.into ?? null,
    username: input.username,
  }),
  defaultId: (config) => `misp/${baseName(config.source)}`,
  describe: (config) => config.source,
  sameSource: (before, after) => before.source === after.source,
  async check(config, secret) {
    if (!isUrl(config.source)) return checkReadable(fileOf(config.source, "manifest.json"));
    try {
      await readManifest(config.source, headersOf(config, secret));
    } catch (error) {
      throw unreachable(config.source, error);
    }
  },
  async *pull(run) {
    const { source, localCollection } = run.config;
    const headers = headersOf(run.config, run.secret);
    const manifest = await readManifest(source, headers);
    const stored: MispCursor = run.cursor ? (JSON.parse(run.cursor) as MispCursor) : { events: {} };
    const problems: string[] = [];
    // hashes.csv checks that each event read holds the values the publisher hashed (see hashes.ts);
    // without it the events are read all the same, unchecked.
    let hashes: Map<string, Set<string>> | null = null;
    try {
      const parsed = parseHashesCsv((await readSource(fileOf(source, "hashes.csv"), { headers })).text);
      hashes = parsed.byEvent;
      if (parsed.badLines > 0)
        problems.push(feedsError("FEED_BAD_PAGE", "feeds:hashesBadLines", { source, count: parsed.badLines }).message);
    } catch (error) {
      problems.push(feedsError("FEED_BAD_PAGE", "feeds:hashesMissing", { source, reason: errorReason(error) }).message);
    }
    for (const uuid of Object.keys(manifest).sort()) {
      const timestamp = String(manifest[uuid]?.timestamp ?? "");
      if (stored.events[uuid] === timestamp) continue;
      const name = fileOf(source, `${uuid}.json`);
      const page = (counts: FeedPage["counts"], more: string[] = []): FeedPage => ({
        cursor: JSON.stringify(stored),
        label: name,
        counts,
        problems: problems.splice(0).concat(more),
      });
      const rejected = { new: 0, changed: 0, unchanged: 0, rejected: 1 };
      let text: string;
      try {
        text = (await readSource(name, { headers })).text;
      } catch (error) {
        yield page(rejected, [
          feedsError("FEED_BAD_PAGE", "feeds:eventMissing", { source, uuid, name, reason: errorReason(error) }).message,
        ]);
        continue;
      }
      const doc = sniffMisp(text, true);
      if (doc.kind === "not-misp") {
        const key = doc.reason.startsWith("not JSON") ? "feeds:eventNotJson" : "feeds:eventNotMisp";
        const why = doc.reason.replace(/^not JSON: /, "");
        yield page(rejected, [feedsError("FEED_BAD_PAGE", key, { source, name, reason: why }).message]);
        continue;
      }
      let converted: ReturnType<typeof mispDocumentToStix>;
      try {
        converted = mispDocumentToStix(doc);
      } catch (error) {
        yield page(rejected, [
          feedsError("FEED_BAD_PAGE", "feeds:eventNotMisp", { source, name, reason: errorReason(error) }).message,
        ]);
        continue;
      }
      const summary = emptySummary();
      const rejections: string[] = [];
      if (hashes !== null)
        for (const event of doc.kind === "events" ? eventsOf(doc.document) : []) {
          const { missing, total } = valuesNotInHashes(event, hashes);
          if (missing.length > 0)
            rejections.push(
              feedsError("FEED_BAD_PAGE", "feeds:hashesMismatch", {
                name,
                count: missing.length,
                total,
                example: missing[0] ?? "",
              }).message,
            );
        }
      addSummary(
        summary,
        await importItems(run.store, asStreamItems(converted.objects), {
          ctx: run.ctx,
          source: name,
          collectionId: localCollection,
          onReject: (r) => rejections.push(`${name} ${r.id ?? ""}: ${r.reasons.map((x) => x.message).join("; ")}`),
        }),
      );
      stored.events[uuid] = timestamp;
      yield page(
        { new: summary.new, changed: summary.newVersion, unchanged: summary.unchanged, rejected: summary.rejected },
        rejections,
      );
    }
  },
};
