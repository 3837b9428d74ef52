import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import type { Command } from "commander";
import { t } from "../../i18n/index.js";
import {
  addSummary,
  emptySummary,
  type ImportSummary,
  importItems,
  type Rejection,
  type WarnedObject,
} from "../../ingest/index.js";
import { DEFAULT_COLLECTION_ID, ensureDefaultCollection } from "../../server/index.js";
import { openSource, readSourceHead } from "../../sources/index.js";
import { DEFAULT_MAX_OBJECT_BYTES, readStixStream } from "../../stix/index.js";
import type { Store } from "../../store/index.js";
import type { WarninglistMatcher } from "../../warninglists/index.js";
import {
  CLI_WRITER,
  type OutputFile,
  openCommandStore,
  openOutputFile,
  printError,
  type StoreOptions,
  withStoreOption,
} from "../context.js";
import { describeForeign, foreignKindOf, HEAD_BYTES } from "../file-kind.js";
import { describeRejection, describeWarned, formatSummary } from "../import-report.js";
import { createProgress } from "../progress.js";
import { readWarninglists, warninglistsPath } from "../warninglists.js";
import { runListImport } from "./import-list.js";
import { attackIdsIn, formatMispSummary, mispItemsOf, newMispSummary } from "./import-misp.js";
import { CLI_ACTOR } from "./org.js";
import { announceIndexChange } from "./scale-out.js";

interface ImportCommandOptions extends StoreOptions {
  rejects?: string;
  collection?: string;
  jsonl?: boolean;
  maxObjectBytes?: string;
  quiet?: boolean;
  json?: boolean;
  showRejections?: string;
  misp?: boolean;
  list?: string;
  mapping?: string;
  listName?: string;
  tlp?: string;
  listedAt?: string;
  warninglists?: string;
}

const STIX_FILE = /\.(json|jsonl|ndjson|stix)(\.gz)?$/i;

/** `centinela import FILE|DIR|-`: the command-line face of the ingest path. */
export function registerImportCommand(program: Command): void {
  withStoreOption(
    program
      .command("import")
      .description(t("help:import._"))
      .argument("<paths...>", t("help:import.paths"))
      .option("--rejects <file>", t("help:import.rejects"))
      .option("--collection <id>", t("help:import.collection"))
      .option("--jsonl", t("help:import.jsonl"))
      .option("--misp", t("help:import.misp"))
      .option("--list <format>", t("help:import.list"))
      .option("--mapping <name|file>", t("help:import.mapping"))
      .option("--list-name <name>", t("help:import.listName"))
      .option("--tlp <level>", t("help:import.tlp"))
      .option("--listed-at <date>", t("help:import.listedAt"))
      .option("--warninglists <path>", t("help:import.warninglists"))
      .option("--max-object-bytes <n>", t("help:import.maxObjectBytes"), String(DEFAULT_MAX_OBJECT_BYTES))
      .option("--show-rejections <n>", t("help:import.showRejections"), "20")
      .option("--json", t("help:assets.import.json"))
      .option("-q, --quiet", t("help:assets.import.quiet")),
  ).action(async (paths: string[], options: ImportCommandOptions) => {
    process.exitCode = await runImport(paths, options);
    // Running workers re-read the store's indicators at once rather than at their next check.
    if (process.exitCode === 0) await announceIndexChange();
  });
}

async function runImport(paths: string[], options: ImportCommandOptions): Promise<number> {
  const maxObjectBytes = Number(options.maxObjectBytes);
  if (!Number.isInteger(maxObjectBytes) || maxObjectBytes <= 0) {
    printError(t("common:value.positiveInteger", { name: "--max-object-bytes", value: options.maxObjectBytes }));
    return 2;
  }
  const showLimit = Number(options.showRejections ?? 20);
  if (!Number.isInteger(showLimit) || showLimit < 0) {
    printError(t("common:value.wholeNumber", { name: "--show-rejections", value: options.showRejections }));
    return 2;
  }
  const listOnly = (["mapping", "listName", "tlp", "listedAt"] as const).filter((k) => options[k] !== undefined);
  if (options.list === undefined && listOnly.length > 0) {
    const flags = listOnly.map((k) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
    printError(t("lists:needsList", { flags: flags.join(", ") }));
    return 2;
  }
  let warninglistMatcher: WarninglistMatcher | null = null;
  const wlPath = warninglistsPath(options.warninglists);
  try {
    if (wlPath !== null) warninglistMatcher = await readWarninglists(wlPath, options.json);
  } catch (error) {
    printError(error);
    return 2;
  }
  if (options.list !== undefined)
    return runListImport(paths, { ...options, list: options.list, showLimit, warninglistMatcher });
  const files = await expandPaths(paths);
  if (files.missing.length > 0) {
    for (const m of files.missing) printError(m);
    return 2;
  }
  // A scan, a list of addresses or a log gets one sentence naming its command, not an error per line.
  const foreign = await foreignFiles(files.found);
  for (const message of foreign.messages) printError(message);
  files.found = files.found.filter((f) => !foreign.files.has(f));
  if (files.found.length === 0) {
    if (foreign.files.size > 1) printError(t("cli:import.nothingLeft"));
    return 2;
  }
  const store = await openCommandStore(options);
  let rejectsOut: OutputFile | null = null;
  let shown = 0;
  let shownWarned = 0;
  const total = emptySummary();
  const misp = newMispSummary();
  const started = Date.now();
  try {
    // A mistyped collection would file every object under a name no reader can ask for: refuse it
    // before any input is read. The well-known `default` is made here if `serve` has not made it yet.
    if (options.collection !== undefined && !(await collectionReady(store, options.collection))) {
      printError(unknownCollection(options.collection, options.data));
      return 2;
    }
    // Opened only once the import will run, so a refused one leaves no empty file behind.
    rejectsOut = options.rejects ? await openOutputFile(options.rejects, "--rejects") : null;
    let attackIds: Promise<ReadonlyMap<string, string>> | null = null;
    const loadAttackIds = () => {
      attackIds ??= attackIdsIn(store);
      return attackIds;
    };
    for (const file of files.found) {
      const fromMisp = await mispItemsOf(file, options.misp === true, loadAttackIds, misp);
      // A MISP document was read whole and converted: its progress counts objects, not bytes.
      const input = fromMisp ? null : await openSource(file);
      const progress = fromMisp
        ? createProgress(file === "-" ? "stdin" : file, fromMisp.count, "objects", options.quiet === true)
        : createProgress(file === "-" ? "stdin" : file, input!.size, "bytes", options.quiet === true);
      const done = (read: number) => (input ? input.bytesRead() : read);
      const onReject = (rejection: Rejection): void => {
        // Written in order as they come; a failed write (a full disk) is reported when the file is closed.
        rejectsOut?.write(`${JSON.stringify(rejection)}\n`).catch(() => {});
        if (shown < showLimit && options.json !== true) {
          shown++;
          process.stderr.write(`\n${describeRejection(rejection)}\n`);
        }
      };
      const onWarn = (warned: WarnedObject): void => {
        if (shownWarned < showLimit && options.json !== true) {
          shownWarned++;
          process.stderr.write(`\n${describeWarned(warned)}\n`);
        }
      };
      let summary: ImportSummary;
      try {
        summary = await importItems(
          store,
          fromMisp?.items ??
            readStixStream(input!.stream, { maxObjectBytes, format: options.jsonl ? "lines" : "auto" }),
          {
            ctx: CLI_WRITER,
            source: file,
            collectionId: options.collection ?? null,
            warninglists: warninglistMatcher,
            onReject,
            onWarn,
            onProgress: (p) => progress.update(done(p.read), { read: p.read, stored: p.stored, rejected: p.rejected }),
          },
        );
        // The same words as the lines before it, so a plain log ends on one final line, not two.
        const stored = summary.new + summary.newVersion + summary.unchanged;
        progress.update(done(summary.read), { read: summary.read, stored, rejected: summary.rejected });
      } finally {
        // Also on failure: a bar left running keeps the terminal's cursor hidden.
        progress.stop();
      }
      addSummary(total, summary);
    }
  } finally {
    await store.close();
    await rejectsOut?.close();
  }
  const seconds = (Date.now() - started) / 1000;
  const mispPart = misp.events > 0 || misp.otherObjects > 0 ? { misp } : {};
  if (options.json) process.stdout.write(`${JSON.stringify({ ...total, ...mispPart, seconds })}\n`);
  else
    process.stdout.write(
      formatSummary(total, seconds, { rejections: shown, warned: shownWarned }, options.rejects) +
        formatMispSummary(misp),
    );
  return total.rejected > 0 ? 1 : 0;
}

/**
 * True when the collection exists. `default` is created when missing, through the same function
 * as serve's first start (which then grants it to the local organization, objects and all).
 */
async function collectionReady(store: Store, id: string): Promise<boolean> {
  if (id !== DEFAULT_COLLECTION_ID) return (await store.directory.findCollection(id)) !== null;
  const { created } = await ensureDefaultCollection(store.directory, CLI_ACTOR);
  if (created) process.stderr.write(`${t("cli:import.createdCollection", { id })}\n`);
  return true;
}

/** What to say about an unknown --collection: which one, and how to list or create collections. */
function unknownCollection(id: string, dataDir: string | undefined): string {
  const data = dataDir === undefined ? "" : ` --data ${dataDir}`;
  return t("cli:import.unknownCollection", { id, data });
}

/** Files named on the command line, with folders expanded to the STIX files they hold. */
async function expandPaths(paths: string[]): Promise<{ found: string[]; missing: string[] }> {
  const found: string[] = [];
  const missing: string[] = [];
  for (const path of paths) {
    if (path === "-") {
      found.push(path);
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (info === null) missing.push(t("cli:import.noSuchPath", { path }));
    else if (info.isDirectory()) {
      const entries = (await readdir(path, { recursive: true })).filter((e) => STIX_FILE.test(e)).sort();
      if (entries.length === 0) missing.push(t("cli:import.emptyFolder", { path }));
      for (const entry of entries) found.push(join(path, entry));
    } else found.push(path);
  }
  return { found, missing };
}

/** The files that are plainly not STIX (a scan, a list, a log), each with the sentence that says what reads it. */
async function foreignFiles(files: string[]): Promise<{ files: Set<string>; messages: string[] }> {
  const found = new Set<string>();
  const messages: string[] = [];
  for (const file of files) {
    if (file === "-") continue;
    const head = await readSourceHead(file, HEAD_BYTES).catch(() => null);
    const kind = head === null ? null : foreignKindOf(head);
    if (kind === null || head === null) continue;
    found.add(file);
    messages.push(describeForeign(file, kind, head));
  }
  return { files: found, messages };
}

export { describeRejection, formatSummary } from "../import-report.js";
