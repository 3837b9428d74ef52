import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { openSource } from "../../sources/index.js";
import { TLP_LEVELS, type TlpLevel } from "../../stix/index.js";
import type { Connector } from "../contract.js";
import { feedsError } from "../errors.js";
import { baseName, checkReadable, sourceOf } from "../vulns/source-config.js";
import { importList } from "./import-list.js";
import { BUILT_IN_MAPPINGS, type ListMapping } from "./mapping.js";
import { loadMapping } from "./mapping-file.js";

/**
 * The `list` kind: a plain IOC list (one value a line, or CSV read by a built-in mapping or a
 * mapping file) pulled from a URL or file and imported as a snapshot through `import --list`'s
 * path (feeds/list importList): new values become indicators, values still there are kept
 * valid, and a value that has left the list is expired, never deleted. One page a run.
 */

/** What a list feed pulls. */
export interface ListFeedConfig {
  source: string;
  /** A built-in mapping (ipsum, threatfox, urlhaus, maltrail), a mapping file (absolute), or "text". */
  mapping: string;
  /** The list's name: the key its membership is kept under. */
  name: string;
  tlp: TlpLevel;
  localCollection: string | null;
}

const SYSTEM_READER = { kind: "system", orgId: null, userId: null } as const;

async function mappingOf(config: ListFeedConfig): Promise<ListMapping> {
  const mapping: ListMapping =
    config.mapping === "text" ? { name: "", title: "", format: "text" } : await loadMapping(config.mapping);
  return { ...mapping, name: config.name, title: mapping.title === "" ? config.name : mapping.title };
}

async function* linesOf(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  yield* createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

/** The IOC list connector. */
export const LIST_CONNECTOR: Connector<ListFeedConfig> = {
  kind: "list",
  summary: "feeds:kinds.list",
  options: [
    {
      flags: "--mapping <name|file>",
      description: "feeds:options.mapping",
      values: { mappings: Object.keys(BUILT_IN_MAPPINGS).join(", ") },
    },
    { flags: "--tlp <level>", description: "feeds:options.tlp" },
  ],
  defaultEverySeconds: 3600,
  configure(input) {
    const source = sourceOf(input);
    const given = input.options.mapping ?? "text";
    const builtIn = given === "text" || BUILT_IN_MAPPINGS[given.toLowerCase()] !== undefined;
    if (!builtIn && !existsSync(given)) throw feedsError("FEED_BAD_CONFIG", "feeds:notSource", { source: given });
    const tlp = (input.options.tlp ?? "clear").toLowerCase();
    if (!(TLP_LEVELS as readonly string[]).includes(tlp)) {
      throw feedsError("FEED_BAD_CONFIG", "feeds:needsOption", {
        kind: "list",
        option: `--tlp ${TLP_LEVELS.join("|")}`,
      });
    }
    const mapping = builtIn ? given.toLowerCase() : resolve(given);
    const name = (input.options.id ?? baseName(source))
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .slice(0, 64);
    return { source, mapping, name, tlp: tlp as TlpLevel, localCollection: input.options.into ?? null };
  },
  defaultId: (config) => `list/${config.name}`,
  describe: (config) => `${config.source}\t${config.mapping}`,
  sameSource: (before, after) => before.source === after.source && before.name === after.name,
  check: (config) => checkReadable(config.source),
  async *pull(run) {
    const config = run.config;
    const mapping = await mappingOf(config);
    const source = await openSource(config.source);
    const problems: string[] = [];
    const summary = await importList(run.store, linesOf(source.stream), {
      mapping,
      file: config.source,
      tlp: config.tlp,
      ctx: run.ctx,
      reader: SYSTEM_READER,
      collectionId: config.localCollection,
      onLineRejected: (r) => problems.push(`${config.source}:${r.line}: ${r.reason} (${r.text.slice(0, 80)})`),
      onReject: (r) => problems.push(`${config.source} ${r.id ?? ""}: ${r.reasons.map((x) => x.message).join("; ")}`),
    });
    yield {
      cursor: JSON.stringify({ listedAt: summary.listedAt }),
      label: config.source,
      counts: {
        new: summary.added,
        changed: summary.extended + summary.expired,
        unchanged: summary.current,
        rejected: summary.linesRejected + summary.ingest.rejected,
      },
      problems,
    };
  },
};
