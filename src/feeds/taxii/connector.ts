import { resolve } from "node:path";
import { fromCatalog } from "../../errors/index.js";
import { addSummary, emptySummary, importItems } from "../../ingest/index.js";
import { readStixStream } from "../../stix/index.js";
import { collectionUrl, parseTaxiiJson, TaxiiClient, TaxiiError } from "../../taxii/index.js";
import { type ClientTlsFiles, readClientTls } from "../../tls/index.js";
import { type Connector, countsOfImport, type FeedPage } from "../contract.js";
import { feedsError, unreachable } from "../errors.js";

/**
 * The `taxii` kind: incremental pulls of a remote TAXII 2.1 collection. Each page goes through
 * the one ingest path; the cursor is the page's `next` while the collection is being drained,
 * then the last X-TAXII-Date-Added-Last as the next `added_after`. A page with no objects (the
 * empty last page many servers send) stores nothing and counts nothing.
 */

/** What a TAXII feed pulls. */
export interface TaxiiConfig {
  /** The remote API root URL. */
  url: string;
  /** The remote collection id. */
  collection: string;
  /** Local collection pulled objects are added to, or null. */
  localCollection: string | null;
  /** HTTP Basic user (the password is the feed's sealed secret); null: the secret is a Bearer token. */
  username: string | null;
  /**
   * Mutual TLS, as CISA AIS asks: the paths (never the contents) of the client certificate and key
   * to present and of the CA to trust instead of the system's; read and checked at every run, so a
   * certificate that expired since is a message naming it. Absent on feeds added without them.
   */
  tls?: ClientTlsFiles | null;
}

/** Where a TAXII pull resumes. */
interface TaxiiCursor {
  addedAfter: string | null;
  next: string | null;
}

interface EnvelopeHead {
  more?: boolean;
  next?: string;
  objects?: unknown[];
}

function readCursor(text: string | null): TaxiiCursor {
  if (!text) return { addedAfter: null, next: null };
  const parsed = JSON.parse(text) as Partial<TaxiiCursor>;
  return { addedAfter: parsed.addedAfter ?? null, next: parsed.next ?? null };
}

function clientFor(config: TaxiiConfig, secret: string | null, maxRetries?: number): TaxiiClient {
  return new TaxiiClient({
    tls: config.tls ? readClientTls(config.tls) : null,
    ...(maxRetries === undefined ? {} : { maxRetries, baseDelayMs: 200 }),
    credentials: config.username ? { username: config.username, password: secret } : { token: secret },
  });
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** The TAXII 2.1 connector. */
export const TAXII_CONNECTOR: Connector<TaxiiConfig> = {
  kind: "taxii",
  summary: "feeds:kinds.taxii",
  options: [
    { flags: "--collection <id>", description: "feeds:options.collection" },
    { flags: "--into <collection>", description: "feeds:options.into" },
    { flags: "--client-cert <file>", description: "feeds:options.clientCert" },
    { flags: "--client-key <file>", description: "feeds:options.clientKey" },
    { flags: "--ca <file>", description: "feeds:options.ca" },
  ],
  defaultEverySeconds: 3600,
  configure({ source, options, username }) {
    let parsed: URL;
    try {
      parsed = new URL(source);
    } catch {
      throw feedsError("FEED_BAD_CONFIG", "feeds:notUrl", { source });
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
      throw feedsError("FEED_BAD_CONFIG", "feeds:notUrl", { source });
    }
    if (!options.collection)
      throw feedsError("FEED_BAD_CONFIG", "feeds:needsOption", { kind: "taxii", option: "--collection ID" });
    const path = (file: string | undefined) => (file ? resolve(file) : null);
    const tls = { clientCert: path(options.clientCert), clientKey: path(options.clientKey), ca: path(options.ca) };
    // Checked now (pair, key, validity), so a wrong file is named here rather than at the first sync.
    const checked = readClientTls(tls);
    return {
      url: parsed.toString(),
      collection: options.collection,
      localCollection: options.into ?? null,
      username,
      ...(checked ? { tls } : {}),
    };
  },
  defaultId: (config) => `${new URL(config.url).host}/${config.collection}`,
  describe: (config) => {
    const tls = config.tls;
    const files = tls
      ? `${tls.clientCert ? `\tclient-cert=${tls.clientCert}` : ""}${tls.ca ? `\tca=${tls.ca}` : ""}`
      : "";
    return `${config.url}\t${config.collection}${files}`;
  },
  sameSource: (before, after) => before.url === after.url && before.collection === after.collection,
  async check(config, secret) {
    const root = config.url.endsWith("/") ? config.url : `${config.url}/`;
    let listed: { collections?: { id?: string; can_read?: boolean }[] };
    const client = clientFor(config, secret, 1);
    try {
      listed = await client.getJson(`${root}collections/`);
    } catch (error) {
      throw unreachable(root, error);
    } finally {
      await client.close();
    }
    const readable = (listed.collections ?? []).filter((c) => c.can_read !== false).map((c) => String(c.id));
    if (!readable.includes(config.collection)) {
      throw feedsError("FEED_CHECK_FAILED", "feeds:noCollection", {
        url: root,
        collection: config.collection,
        known: readable.length > 0 ? readable.join(", ") : "—",
      });
    }
  },
  async *pull(run) {
    const { config } = run;
    const client = clientFor(config, run.secret);
    const base = collectionUrl(config.url, config.collection);
    let { addedAfter, next } = readCursor(run.cursor);
    // Its TLS connections (mutual TLS) are closed however the run ends.
    try {
      for (;;) {
        const query = new URLSearchParams({ limit: String(run.pageSize), "match[version]": "all" });
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
        const head = parseTaxiiJson<EnvelopeHead>(response.text, url);
        const summary = emptySummary();
        const problems: string[] = [];
        // The empty last page is no object at all: ingest would count the envelope itself as rejected.
        if (Array.isArray(head.objects) && head.objects.length > 0) {
          addSummary(
            summary,
            await importItems(run.store, readStixStream(once(response.text)), {
              ctx: run.ctx,
              source: url,
              collectionId: config.localCollection,
              onReject: (r) =>
                problems.push(`${url} ${r.id ?? `#${r.index + 1}`}: ${r.reasons.map((x) => x.message).join("; ")}`),
            }),
          );
        }
        const last = response.headers.get("x-taxii-date-added-last");
        if (head.more && head.next) {
          next = head.next;
        } else {
          next = null;
          if (last) addedAfter = last;
          if (head.more && !last) {
            throw new TaxiiError("TAXII_REMOTE", fromCatalog("errors:taxii.remoteNoNext", { url }));
          }
        }
        const page: FeedPage = {
          cursor: JSON.stringify({ addedAfter, next }),
          label: url,
          counts: countsOfImport(summary),
          problems,
        };
        yield page;
        if (!head.more) return;
      }
    } finally {
      await client.close();
    }
  },
};
