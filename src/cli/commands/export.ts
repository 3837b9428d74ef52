import type { Writable } from "node:stream";
import type { Command } from "commander";
import { closestName, formatNumber, t } from "../../i18n/index.js";
import { newStixId, STIX_TYPE_NAMES } from "../../stix/index.js";
import type { ObjectFilter, Store } from "../../store/index.js";
import {
  openCommandStore,
  openOutputFile,
  printError,
  type StoreOptions,
  SYSTEM_READER,
  withStoreOption,
} from "../context.js";
import { exportMispFeed, feedReader, formatFeedSummary } from "./export-misp.js";

interface FilterOptions extends StoreOptions {
  type?: string[];
  id?: string[];
  version?: string[];
  specVersion?: string[];
  addedAfter?: string;
  collection?: string;
}

interface ExportOptions extends FilterOptions {
  out?: string;
  jsonl?: boolean;
  mispFeed?: string;
  for?: string;
}

const collect = (value: string, previous: string[] = []): string[] => [
  ...previous,
  ...value.split(",").filter(Boolean),
];

/** Adds the read filters shared by `export` and `stats`. */
function withFilters(command: Command): Command {
  return withStoreOption(
    command
      .option("--type <types>", t("help:export.type"), collect)
      .option("--id <ids>", t("help:export.id"), collect)
      .option("--version <v>", t("help:export.version"), collect)
      .option("--spec-version <v>", t("help:export.specVersion"), collect)
      .option("--added-after <time>", t("help:export.addedAfter"))
      .option("--collection <id>", t("help:export.collection")),
  );
}

function toFilter(options: FilterOptions): ObjectFilter {
  const filter: ObjectFilter = {};
  if (options.type?.length) filter.types = options.type;
  if (options.id?.length) filter.ids = options.id;
  if (options.version?.length) filter.versions = options.version;
  if (options.specVersion?.length) filter.specVersions = options.specVersion;
  if (options.addedAfter) {
    if (Number.isNaN(Date.parse(options.addedAfter))) {
      throw new Error(t("cli:export.badAddedAfter", { value: options.addedAfter }));
    }
    filter.addedAfter = options.addedAfter;
  }
  if (options.collection) filter.collectionId = options.collection;
  return filter;
}

/**
 * Refuses a filter that can only answer nothing because of a typo: a type that is neither a STIX
 * 2.1 type nor stored (custom types count once stored), or a collection that does not exist.
 */
async function checkFilter(store: Store, filter: ObjectFilter): Promise<void> {
  if (filter.types?.length) {
    const stored = Object.keys((await store.stats(SYSTEM_READER)).byType).sort();
    const unknown = filter.types.filter((type) => !STIX_TYPE_NAMES.includes(type) && !stored.includes(type));
    if (unknown.length > 0) {
      const suggestion = closestName(unknown[0] as string, [...new Set([...stored, ...STIX_TYPE_NAMES])]);
      const known = stored.length > 0 ? stored.join(", ") : t("cli:export.none");
      throw new Error(
        t("cli:export.unknownType", { types: unknown.join(","), known }) +
          (suggestion ? `; ${t("cli:export.didYouMean", { suggestion })}` : ""),
      );
    }
  }
  if (filter.collectionId !== undefined && (await store.directory.findCollection(filter.collectionId)) === null) {
    const ids = (await store.directory.listCollections()).map((c) => c.id).sort();
    const suggestion = closestName(filter.collectionId, ids);
    throw new Error(
      t("cli:export.unknownCollection", {
        id: filter.collectionId,
        known: ids.length ? ids.join(", ") : t("cli:export.none"),
      }) + (suggestion ? `; ${t("cli:export.didYouMean", { suggestion })}` : ""),
    );
  }
}

/** `export --misp-feed DIR`: the MISP feed export (export-misp.ts). */
async function runMispFeedExport(options: ExportOptions): Promise<void> {
  const store = await openCommandStore(options);
  try {
    if (options.collection) await checkFilter(store, { collectionId: options.collection });
    const reader = await feedReader(store, options.for);
    const summary = await exportMispFeed(store, reader, options.mispFeed!, options.collection);
    process.stderr.write(formatFeedSummary(options.mispFeed!, summary));
  } finally {
    await store.close();
  }
}

/** Walks every page of a query, keyset-paged, calling `each` with the raw text of each version. */
export async function forEachObject(
  store: Store,
  filter: ObjectFilter,
  each: (raw: string) => void | Promise<void>,
): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const page = await store.queryObjects(SYSTEM_READER, filter, { limit: 1000, after });
    for (const object of page.objects) {
      await each(object.raw);
      count++;
    }
    if (!page.more || page.next === null) return count;
    after = page.next;
  }
}

/** Standard output as an output file: waits while the reader catches up; fails if it went away. */
function stdoutFile(out: Writable) {
  let failure: Error | null = null;
  out.on("error", (error: Error) => {
    failure ??= new Error(t("cli:export.stdoutFailed", { message: error.message }), { cause: error });
  });
  return {
    async write(text: string): Promise<void> {
      if (failure) throw failure;
      if (!out.write(text)) {
        await new Promise<void>((resolve) => {
          const done = () => {
            out.off("drain", done);
            out.off("error", done);
            resolve();
          };
          out.on("drain", done);
          out.on("error", done);
        });
      }
      if (failure) throw failure;
    },
    async close(): Promise<void> {
      if (failure) throw failure;
    },
  };
}

/** `centinela export`, `get` and `stats`: reading the store from the command line. */
export function registerExportCommands(program: Command): void {
  withFilters(
    program
      .command("export")
      .description(t("help:export._"))
      .option("--out <file>", t("help:export.out"))
      .option("--jsonl", t("help:export.jsonl"))
      .option("--misp-feed <dir>", t("help:export.mispFeed"))
      .option("--for <user>", t("help:export.for")),
  ).action(async (options: ExportOptions) => {
    if (options.mispFeed !== undefined) return runMispFeedExport(options);
    if (options.for !== undefined) throw new Error("--for goes with --misp-feed DIR");
    const filter = toFilter(options);
    const store = await openCommandStore(options);
    let out: ReturnType<typeof stdoutFile>;
    try {
      await checkFilter(store, filter);
      // Opened once the filter is known good, so a refused export leaves no empty file behind.
      out = options.out ? await openOutputFile(options.out, "--out") : stdoutFile(process.stdout);
    } catch (error) {
      await store.close();
      throw error;
    }
    try {
      if (!options.jsonl) await out.write(`{"type":"bundle","id":"${newStixId("bundle")}","objects":[`);
      let first = true;
      const count = await forEachObject(store, filter, async (raw) => {
        // JSON lines need one line per object: a pretty-printed original is compacted (same content).
        if (options.jsonl) await out.write(`${raw.includes("\n") ? JSON.stringify(JSON.parse(raw)) : raw}\n`);
        else {
          await out.write(first ? `\n${raw}` : `,\n${raw}`);
          first = false;
        }
      });
      if (!options.jsonl) await out.write("\n]}\n");
      await out.close();
      if (options.out) process.stderr.write(`${t("cli:export.done", { count, file: options.out })}\n`);
    } finally {
      await store.close();
      await out.close().catch(() => {});
    }
  });

  withStoreOption(
    program
      .command("get")
      .description(t("help:get._"))
      .argument("<id>", t("help:get.id"))
      .option("--version <v>", t("help:get.version")),
  ).action(async (id: string, options: StoreOptions & { version?: string }) => {
    const store = await openCommandStore(options);
    try {
      const page = await store.queryObjects(
        SYSTEM_READER,
        { ids: [id], versions: [options.version ?? "last"] },
        { limit: 10000 },
      );
      if (page.objects.length === 0) {
        printError(t("cli:get.notFound", { id }));
        process.exitCode = 1;
        return;
      }
      for (const object of page.objects) process.stdout.write(`${JSON.stringify(JSON.parse(object.raw), null, 2)}\n`);
    } finally {
      await store.close();
    }
  });

  withStoreOption(
    program.command("stats").description(t("help:stats._")).option("--json", t("help:stats.json")),
  ).action(async (options: StoreOptions & { json?: boolean }) => {
    const store = await openCommandStore(options);
    try {
      const stats = await store.stats(SYSTEM_READER);
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ kind: store.kind, ...stats })}\n`);
        return;
      }
      process.stdout.write(formatStats(store.kind, stats.total, stats.versions, stats.byType));
    } finally {
      await store.close();
    }
  });
}

/** The stats table, with a bar per type so the mix of the store is seen at a glance. */
export function formatStats(kind: string, total: number, versions: number, byType: Record<string, number>): string {
  const n = (v: number) => formatNumber(v);
  const rows = Object.entries(byType).sort((a, b) => b[1] - a[1]);
  const max = rows[0]?.[1] ?? 0;
  const width = Math.max(4, ...rows.map(([t]) => t.length));
  const lines = [t("cli:stats.header", { kind, objects: total, versions })];
  for (const [type, count] of rows) {
    const bar = "█".repeat(max > 0 ? Math.max(1, Math.round((30 * count) / max)) : 0);
    lines.push(`  ${type.padEnd(width)} ${n(count).padStart(10)} ${bar}`);
  }
  if (rows.length === 0) lines.push(t("cli:stats.empty"));
  return `${lines.join("\n")}\n`;
}
