import { readdir, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import type { Readable } from "node:stream";
import { t } from "../i18n/index.js";
import { type DetectionSource, recordDetection } from "../metrics/index.js";
import { openSource } from "../sources/index.js";
import type { Engine } from "./engine.js";
import { DetectError } from "./errors.js";
import { EVE_FIELDS, ZEEK_FIELDS } from "./fields.js";
import { JsonLineScanner } from "./json-scan.js";
import { DEFAULT_MAX_LINE_BYTES, type LineBlock, readLineBlocks } from "./lines.js";
import { type FieldMapping, MappedJsonScanner } from "./mapped-json.js";
import { ZeekTsvScanner } from "./zeek-tsv.js";

/**
 * Scanning files: each file (plain or gzip, or standard input) is read in blocks of whole
 * lines, its format told from its first line — `#separator` is Zeek TSV, a JSON object with
 * `event_type` is Suricata EVE, any other JSON object Zeek JSON (its log from `_path` or the
 * file's name) — or, with a field mapping, generic JSON lines. Bad lines are counted by the
 * engine with file and line; a file that ends abruptly is one more bad line and the next file
 * is read.
 */

/** Log files in a folder: Zeek's .log, JSON and JSON lines, Stratosphere's .labeled, gzip or not. */
export const LOG_FILE = /\.(log|json|jsonl|ndjson|labeled|eve)(\.gz)?$/i;

/** What the per-field scan of each format keys on, for the benchmark and the workers. */
export type LogFormat = "zeek-json" | "zeek-tsv" | "eve" | "mapped";

/** Per-file options. */
export interface ScanOptions {
  mapping?: FieldMapping | null;
  maxLineBytes?: number;
  /** The format, when the caller knows it (else told from the first line). */
  format?: LogFormat;
  /** Called after each block with the file and the bytes read from it so far (on disk). */
  onProgress?: (file: string, bytesRead: number, size: number | null) => void;
  /** Who is reading, for the process's detection counters (/metrics): `scan` unless said. */
  source?: DetectionSource;
}

/** Files and folders (searched for log files) to the list of files; a missing path throws DETECT_NO_INPUT. */
export async function expandLogPaths(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of paths) {
    if (p === "-") {
      out.push(p);
      continue;
    }
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch {
      throw new DetectError("DETECT_NO_INPUT", t("detect:input.noSuchPath", { path: p }));
    }
    if (info.isDirectory()) {
      const found = await walk(p);
      if (found.length === 0) throw new DetectError("DETECT_NO_INPUT", t("detect:input.noLogFiles", { path: p }));
      out.push(...found);
    } else out.push(p);
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: string[] = [];
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && LOG_FILE.test(e.name)) out.push(full);
  }
  return out;
}

/** The log's kind from a file name: `dns.log.gz` → dns, `conn.log.labeled` → conn. */
export function kindFromName(file: string): string {
  if (file === "-") return "stdin";
  const name = basename(file);
  const dot = name.indexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** A scanner for one file, by its format. */
export interface BlockScanner {
  scanBlock(text: string, firstLine: number): void;
}

/** Tells the format from the first line of a file. */
export function detectFormat(firstLine: string, mapping: FieldMapping | null): LogFormat | null {
  if (firstLine.startsWith("#")) return "zeek-tsv";
  if (mapping !== null) return "mapped";
  if (!firstLine.startsWith("{")) return null;
  if (firstLine.indexOf('"event_type":') >= 0) return "eve";
  return "zeek-json";
}

/** Makes the scanner of a format. */
export function scannerFor(
  format: LogFormat,
  engine: Engine,
  file: string,
  mapping: FieldMapping | null,
): BlockScanner {
  const kind = kindFromName(file);
  switch (format) {
    case "zeek-tsv":
      return new ZeekTsvScanner(engine, file, kind);
    case "mapped":
      return new MappedJsonScanner(engine, mapping!, file);
    case "eve":
      return new JsonLineScanner(
        engine,
        EVE_FIELDS,
        { timeKey: "timestamp", kindKey: "event_type", prefix: "suricata", defaultKind: "eve" },
        file,
      );
    case "zeek-json":
      return new JsonLineScanner(
        engine,
        zeekFieldsFor(kind),
        { timeKey: "ts", kindKey: "_path", prefix: "zeek", defaultKind: kind },
        file,
      );
  }
}

/** The Zeek fields worth searching in a JSON log of this kind (all of them for a kind not known here). */
export function zeekFieldsFor(kind: string): typeof ZEEK_FIELDS {
  const names = ZEEK_FIELDS_BY_LOG[kind];
  return names === undefined ? ZEEK_FIELDS : ZEEK_FIELDS.filter((f) => names.includes(f.name));
}

const ADDRS = ["id.orig_h", "id.resp_h"];
const ZEEK_FIELDS_BY_LOG: Record<string, string[]> = {
  conn: ADDRS,
  dns: [...ADDRS, "query", "answers"],
  http: [...ADDRS, "host", "uri", "referrer", "user_agent"],
  ssl: [...ADDRS, "server_name", "cert_chain_fps", "client_cert_chain_fps", "ja3"],
  x509: ["fingerprint", "san.dns"],
  files: ["md5", "sha1", "sha256", "tx_hosts", "rx_hosts"],
  smtp: [...ADDRS, "mailfrom", "rcptto", "from", "to", "reply_to"],
  notice: [...ADDRS, "src", "dst"],
};

/** What scanning one file gave besides the engine's counts. */
export interface FileResult {
  file: string;
  format: LogFormat | null;
  bytes: number;
}

/** Scans one file (or "-") into the engine. A file whose format cannot be told is one bad line and is skipped. */
export async function scanFile(file: string, engine: Engine, options: ScanOptions = {}): Promise<FileResult> {
  return scanInput(file, await openSource(file), engine, options);
}

/** What scanInput reads: a byte stream (a file's, a request body's) and how much of it was read. */
export interface ScanInput {
  stream: Readable;
  bytesRead(): number;
  size: number | null;
}

/** Scans one stream into the engine as `file` (its name, for bad lines, alerts and the log's kind). */
export async function scanInput(
  file: string,
  input: ScanInput,
  engine: Engine,
  options: ScanOptions = {},
): Promise<FileResult> {
  const mapping = options.mapping ?? null;
  const before = { events: engine.counts.events, alerts: engine.counts.alerts, badLines: engine.counts.badLines };
  let result: FileResult | null = null;
  try {
    result = await scanInto(file, input, engine, options, mapping);
    return result;
  } finally {
    // What this input added to the engine's counts (an engine may read several files).
    const c = engine.counts;
    recordDetection(options.source ?? "scan", result?.format ?? options.format ?? null, {
      events: c.events - before.events,
      alerts: c.alerts - before.alerts,
      badLines: c.badLines - before.badLines,
    });
  }
}

/** scanInput without the counting. */
async function scanInto(
  file: string,
  input: ScanInput,
  engine: Engine,
  options: ScanOptions,
  mapping: FieldMapping | null,
): Promise<FileResult> {
  let scanner: BlockScanner | null = null;
  let format: LogFormat | null = null;
  const report = (block: LineBlock): void => {
    for (const n of block.tooLong)
      engine.bad(file, n, `longer than ${options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES} bytes: skipped`);
  };
  for await (const block of readLineBlocks(input.stream, options.maxLineBytes)) {
    report(block);
    if (scanner === null && block.text.trim() !== "") {
      const first = block.text
        .slice(0, block.text.indexOf("\n"))
        .replace(/^\uFEFF/, "")
        .trimStart();
      format = options.format ?? detectFormat(first, mapping);
      if (format === null) {
        engine.bad(
          file,
          block.firstLine,
          "not a log Centinela can read (not Zeek TSV or JSON, not Suricata EVE); give --mapping for other JSON lines",
        );
        input.stream.destroy();
        return { file, format, bytes: input.bytesRead() };
      }
      scanner = scannerFor(format, engine, file, mapping);
    }
    if (scanner !== null) scanner.scanBlock(block.text, block.firstLine);
    if (block.failed !== null)
      engine.bad(
        file,
        block.firstLine + countNewlines(block.text),
        `the file ends abruptly (${block.failed}); the lines before were read`,
      );
    options.onProgress?.(file, input.bytesRead(), input.size);
  }
  return { file, format, bytes: input.bytesRead() };
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
