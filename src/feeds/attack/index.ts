/**
 * feeds/attack: MITRE ATT&CK refreshed from its publisher's STIX 2.1 bundle (the URL MITRE
 * publishes, or a copy of it), as new versions of what is stored. A bundle is read whole through
 * the one ingest path: an object whose `modified` moved is a new version, one the publisher
 * revoked or deprecated (`revoked`, `x_mitre_deprecated`) is stored as the publisher marks it —
 * nothing is dropped or rewritten here. The cursor is the SHA-256 of the last bundle read, so a
 * scheduled run over an unchanged release reads it and stores nothing. ATT&CK's TAXII server is
 * the `taxii` kind.
 */
import { hash } from "node:crypto";
import { addSummary, emptySummary, importItems } from "../../ingest/index.js";
import { readSource } from "../../sources/index.js";
import { readStixStream, type StixStreamItem } from "../../stix/index.js";
import { type Connector, countsOfImport, type FeedPage } from "../contract.js";
import { baseName, checkReadable, sourceOf } from "../vulns/source-config.js";

/** What an ATT&CK feed reads. */
export interface AttackConfig {
  /** The bundle's URL, or the absolute path of a copy (plain or gzip). */
  source: string;
  /** Local collection the objects are added to, or null. */
  localCollection: string | null;
}

/** Where an ATT&CK feed stands: the bundle last stored, and the release it said it was. */
interface AttackCursor {
  sha256: string;
  release: string | null;
  loaded: string;
}

/** ATT&CK bundles are tens of MB (Enterprise 18.1: 37 MB); the general document limit is kept above that. */
const MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

async function* once(bytes: Buffer): AsyncGenerator<Buffer> {
  yield bytes;
}

/** Passes the items on, noting the release the bundle's x-mitre-collection object names. */
async function* noticingRelease(
  items: AsyncIterable<StixStreamItem>,
  found: { release: string | null },
): AsyncGenerator<StixStreamItem> {
  for await (const item of items) {
    if (item.kind === "object" && found.release === null && item.raw.includes('"x-mitre-collection"')) {
      try {
        const o = JSON.parse(item.raw) as { type?: unknown; name?: unknown; x_mitre_version?: unknown };
        if (o.type === "x-mitre-collection")
          found.release = `${String(o.name)} ${String(o.x_mitre_version ?? "")}`.trim();
      } catch {
        // Not JSON: ingest rejects it and says so.
      }
    }
    yield item;
  }
}

/** The `attack` connector. */
export const ATTACK_CONNECTOR: Connector<AttackConfig> = {
  kind: "attack",
  summary: "feeds:kinds.attack",
  options: [],
  // MITRE releases twice a year; a weekly look costs one download.
  defaultEverySeconds: 7 * 24 * 3600,
  configure: (input) => ({ source: sourceOf(input), localCollection: input.options.into ?? null }),
  defaultId: (config) => `attack/${baseName(config.source).replace(/\.json(\.gz)?$/i, "")}`,
  describe: (config) => config.source,
  sameSource: (before, after) => before.source === after.source,
  check: (config) => checkReadable(config.source),
  async *pull(run): AsyncGenerator<FeedPage> {
    const { config } = run;
    const document = await readSource(config.source, { maxBytes: MAX_BUNDLE_BYTES });
    const sha256 = hash("sha256", document.bytes, "hex");
    const before = run.cursor ? (JSON.parse(run.cursor) as Partial<AttackCursor>) : null;
    if (before?.sha256 === sha256) {
      yield {
        cursor: run.cursor,
        label: `${config.source} (${before.release ?? "ATT&CK"}, unchanged since ${before.loaded ?? "?"})`,
        counts: { new: 0, changed: 0, unchanged: 0, rejected: 0 },
        problems: [],
      };
      return;
    }
    const found: { release: string | null } = { release: null };
    const problems: string[] = [];
    const summary = emptySummary();
    addSummary(
      summary,
      await importItems(run.store, noticingRelease(readStixStream(once(document.bytes)), found), {
        ctx: run.ctx,
        source: config.source,
        collectionId: config.localCollection,
        onReject: (r) =>
          problems.push(
            `${config.source} ${r.id ?? `#${r.index + 1}`}: ${r.reasons.map((x) => `${x.code} ${x.message}`).join("; ")}`,
          ),
      }),
    );
    if (found.release === null)
      problems.push(
        `${config.source}: no x-mitre-collection object — is this MITRE's ATT&CK bundle? (stored as STIX all the same)`,
      );
    yield {
      cursor: JSON.stringify({
        sha256,
        release: found.release,
        loaded: new Date().toISOString(),
      } satisfies AttackCursor),
      label: `${config.source}${found.release ? ` (${found.release})` : ""}`,
      counts: countsOfImport(summary),
      problems,
    };
  },
};
