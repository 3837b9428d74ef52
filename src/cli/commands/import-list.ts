import { readFile, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { parse as parseCsv } from "csv-parse/sync";
import {
  BUILT_IN_MAPPINGS,
  DEFAULT_LIFETIMES,
  importList,
  ListFormatError,
  type ListImportSummary,
  type ListMapping,
  ListMappingError,
  type ListRejection,
  loadMapping,
} from "../../feeds/list/index.js";
import { t } from "../../i18n/index.js";
import type { Rejection } from "../../ingest/index.js";
import { isUrl, openSource } from "../../sources/index.js";
import { TLP_LEVELS, type TlpLevel } from "../../stix/index.js";
import type { Store } from "../../store/index.js";
import type { WarninglistMatcher } from "../../warninglists/index.js";
import {
  CLI_WRITER,
  type OutputFile,
  openCommandStore,
  openOutputFile,
  printError,
  type StoreOptions,
  SYSTEM_READER,
} from "../context.js";
import { describeRejection, warninglistLines } from "../import-report.js";
import { createProgress } from "../progress.js";

/**
 * `import --list FORMAT`: plain IOC lists (IPsum, ThreatFox, URLhaus, Maltrail, or any text or
 * CSV list with a mapping) into indicators, through feeds/list. Each file is one snapshot of
 * its list: what left the list since the last import is expired.
 */

/** The options of `import` that a list import reads. */
export interface ListCommandOptions {
  list: string;
  mapping?: string;
  listName?: string;
  tlp?: string;
  listedAt?: string;
  collection?: string;
  quiet?: boolean;
  json?: boolean;
  /** Warninglists to flag the list's indicators against. */
  warninglistMatcher?: WarninglistMatcher | null;
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** The mapping `--list` and `--mapping` describe, or null after printing why there is none. */
export async function mappingOf(options: ListCommandOptions, files: string[]): Promise<ListMapping | null> {
  const format = options.list.toLowerCase();
  const builtIn = BUILT_IN_MAPPINGS[format];
  if (format !== "text" && format !== "csv" && !builtIn) {
    printError(t("lists:badFormat", { value: options.list, builtIns: Object.keys(BUILT_IN_MAPPINGS).join(", ") }));
    return null;
  }
  const implied = builtIn?.format ?? (format as "text" | "csv");
  let mapping: ListMapping = builtIn ?? { name: "", title: "", format: implied };
  if (options.mapping !== undefined) {
    try {
      mapping = await loadMapping(options.mapping);
    } catch (error) {
      if (!(error instanceof ListMappingError)) throw error;
      printError(t("lists:mapping", { value: options.mapping, reason: error.message }));
      return null;
    }
    if (mapping.format !== implied) {
      printError(t("lists:formatMismatch", { format, mapping: options.mapping, mappingFormat: mapping.format }));
      return null;
    }
  }
  if (options.listName !== undefined && !NAME.test(options.listName)) {
    printError(t("lists:badName", { value: options.listName }));
    return null;
  }
  if (options.listName !== undefined && files.length > 1) {
    printError(t("lists:oneListPerRun", { count: files.length }));
    return null;
  }
  const name = options.listName ?? (mapping.name === "" ? null : mapping.name);
  return { ...mapping, name: name ?? "", title: mapping.title === "" ? (name ?? "") : mapping.title };
}

/** `--tlp` and `--listed-at`, checked; null after printing why one is wrong. */
export function listSettings(options: ListCommandOptions): { tlp: TlpLevel; listedAt?: string } | null {
  const tlp = (options.tlp ?? "clear").toLowerCase();
  if (!(TLP_LEVELS as readonly string[]).includes(tlp)) {
    printError(t("lists:badTlp", { value: options.tlp, levels: TLP_LEVELS.join(", ") }));
    return null;
  }
  if (options.listedAt === undefined) return { tlp: tlp as TlpLevel };
  const ms = Date.parse(options.listedAt);
  if (!Number.isFinite(ms)) {
    printError(t("lists:badDate", { value: options.listedAt }));
    return null;
  }
  return { tlp: tlp as TlpLevel, listedAt: new Date(ms).toISOString() };
}

/** A list without a name of its own is named after its file: `blocklist.txt` → `blocklist`. */
function listNameOf(file: string): string {
  const stem = basename(file)
    .toLowerCase()
    .replace(/(\.gz)?$/, "")
    .replace(/\.[a-z0-9]+$/, "")
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "");
  return (stem === "" ? "list" : stem).slice(0, 64);
}

/** Reference ids to URLs, from the CSV the mapping names beside the list (when it is there). */
async function referencesBeside(file: string, mapping: ListMapping): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (!mapping.references || file === "-" || isUrl(file)) return found;
  const text = await readFile(join(dirname(file), mapping.references.file), "utf8").catch(() => null);
  if (text === null) return found;
  const rows = parseCsv(text, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Record<
    string,
    string
  >[];
  const { key, url } = mapping.references;
  for (const row of rows) {
    const [k, u] = [row[String(key)]?.trim(), row[String(url)]?.trim()];
    if (k && u) found.set(k, u);
  }
  return found;
}

/**
 * The lines of a stream, read only once the import asks for the first: a readline interface made
 * earlier would emit lines while nobody listens (during an await), and they would be lost.
 */
async function* linesOf(stream: NodeJS.ReadableStream): AsyncGenerator<string> {
  yield* createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
}

/** What one run over the files did, for the exit code. */
export interface ListRunResult {
  summaries: ListImportSummary[];
  failed: boolean;
}

/** Imports each file as a snapshot of its list; prints rejections, progress and a summary per list. */
export async function importListFiles(
  store: Store,
  files: string[],
  mapping: ListMapping,
  settings: { tlp: TlpLevel; listedAt?: string },
  options: ListCommandOptions & { showLimit: number; rejectsOut: OutputFile | null },
): Promise<ListRunResult> {
  const summaries: ListImportSummary[] = [];
  let failed = false;
  for (const file of files) {
    const named: ListMapping =
      mapping.name === "" ? { ...mapping, name: listNameOf(file), title: listNameOf(file) } : mapping;
    const source = await openSource(file);
    const progress = createProgress(file === "-" ? "stdin" : file, source.size, "bytes", options.quiet === true);
    let shown = 0;
    let hidden = 0;
    const onLineRejected = (r: ListRejection): void => {
      options.rejectsOut?.write(`${JSON.stringify({ source: file, ...r })}\n`).catch(() => {});
      if (options.json === true) return;
      if (shown < options.showLimit) {
        shown++;
        process.stderr.write(`\n${t("lists:lineRejected", { file, line: r.line, reason: r.reason, text: r.text })}\n`);
      } else hidden++;
    };
    const onReject = (r: Rejection): void => {
      options.rejectsOut?.write(`${JSON.stringify(r)}\n`).catch(() => {});
      if (options.json === true) return;
      if (shown < options.showLimit) {
        shown++;
        process.stderr.write(`\n${describeRejection(r)}\n`);
      } else hidden++;
    };
    try {
      const summary = await importList(store, linesOf(source.stream), {
        mapping: named,
        file,
        tlp: settings.tlp,
        listedAt: settings.listedAt,
        ctx: CLI_WRITER,
        reader: SYSTEM_READER,
        references: await referencesBeside(file, named),
        collectionId: options.collection ?? null,
        warninglists: options.warninglistMatcher ?? null,
        onLineRejected,
        onReject,
        onProgress: (l, stored) => progress.update(source.bytesRead(), { lines: l, stored }),
      });
      progress.update(source.bytesRead(), {
        lines: summary.lines,
        stored: summary.ingest.new + summary.ingest.newVersion,
      });
      summaries.push(summary);
      if (summary.linesRejected > 0 || summary.ingest.rejected > 0) failed = true;
    } catch (error) {
      if (!(error instanceof ListFormatError)) throw error;
      printError(t("lists:format", { file, reason: error.message }));
      failed = true;
    } finally {
      progress.stop();
    }
    if (hidden > 0) process.stderr.write(`${t("lists:moreRejected", { count: hidden })}\n`);
  }
  return { summaries, failed };
}

/** The closing lines of one list's import. */
export function formatListSummary(s: ListImportSummary, mapping: ListMapping): string {
  const byType = Object.entries(s.values)
    .map(([type, n]) => `${type} ${n}`)
    .join(", ");
  const values = Object.values(s.values).reduce((a, b) => a + (b ?? 0), 0);
  const lifetimes = { ...DEFAULT_LIFETIMES, ...mapping.lifetimes };
  const lines = [
    t("lists:summary.title", { list: s.list, listedAt: s.listedAt, lines: s.lines }),
    t("lists:summary.values", { n: values, byType: byType || "—" }),
    t("lists:summary.new", { n: s.added }),
    t("lists:summary.extended", { n: s.extended }),
    t("lists:summary.current", { n: s.current }),
    t("lists:summary.expired", { n: s.expired }),
    t("lists:summary.repeated", { n: s.repeated }),
    t("lists:summary.rejected", { n: s.linesRejected }),
  ];
  if (s.ingest.rejected > 0) lines.push(t("lists:summary.storeRejected", { n: s.ingest.rejected }));
  lines.push(...warninglistLines(s.ingest));
  if (s.expiryNotRun) lines.push(t("lists:summary.expiryNotRun", { reason: t("lists:expiryEmpty") }));
  lines.push(t("lists:summary.lifetimes", lifetimes));
  return `${lines.join("\n")}\n`;
}

/** `import --list …`: checks the options and files, then imports each file as its list's snapshot; the exit code. */
export async function runListImport(
  paths: string[],
  options: ListCommandOptions & { rejects?: string; showLimit: number } & StoreOptions,
): Promise<number> {
  const mapping = await mappingOf(options, paths);
  const settings = listSettings(options);
  if (mapping === null || settings === null) return 2;
  const missing: string[] = [];
  for (const path of paths) {
    if (path === "-" || isUrl(path)) continue;
    const info = await stat(path).catch(() => null);
    if (info === null || !info.isFile()) missing.push(path);
  }
  if (missing.length > 0) {
    for (const file of missing) printError(t("lists:notFound", { file }));
    return 2;
  }
  const store = await openCommandStore(options);
  let rejectsOut: OutputFile | null = null;
  try {
    if (options.collection !== undefined && (await store.directory.findCollection(options.collection)) === null) {
      printError(
        t("cli:import.unknownCollection", {
          id: options.collection,
          data: options.data ? ` --data ${options.data}` : "",
        }),
      );
      return 2;
    }
    rejectsOut = options.rejects ? await openOutputFile(options.rejects, "--rejects") : null;
    const result = await importListFiles(store, paths, mapping, settings, { ...options, rejectsOut });
    if (options.json === true) process.stdout.write(`${JSON.stringify(result.summaries)}\n`);
    else for (const s of result.summaries) process.stdout.write(formatListSummary(s, mapping));
    return result.failed ? 1 : 0;
  } finally {
    await store.close();
    await rejectsOut?.close();
  }
}
