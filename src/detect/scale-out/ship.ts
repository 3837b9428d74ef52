import { createHash } from "node:crypto";
import type { JetStreamClient, PubAck } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { t } from "../../i18n/index.js";
import { openSource } from "../../sources/index.js";
import type { BadLine } from "../engine.js";
import { DetectError } from "../errors.js";
import { readLineBlocks } from "../lines.js";
import type { FieldMapping } from "../mapped-json.js";
import { detectFormat, kindFromName, type LogFormat } from "../scan.js";
import { H } from "./messages.js";
import type { ScaleOutNames } from "./nats.js";

/**
 * `ship`: log files into the logs stream, in batches of whole lines. The batches are cut by
 * the lines' own content and numbers (at most `batchLines` lines and `batchBytes` bytes), never
 * by how the file happened to be read, so shipping a file again makes the same batches with the
 * same message ids — file, first line and a hash of the text (and of the field mapping, for
 * generic JSON lines: another mapping reads other events) — and JetStream drops them as
 * duplicates within its window (one hour); past it the writer's event identities still keep
 * the counts from doubling. Publishes are pipelined, a bounded number awaiting their
 * acknowledgement at once.
 */

/** How to ship. */
export interface ShipOptions {
  js: JetStreamClient;
  names: ScaleOutNames;
  /** The organization's id (it names the subject and goes with every batch). */
  org: string;
  batchLines?: number;
  batchBytes?: number;
  /** Generic JSON lines: the field mapping (`--mapping`), sent with each batch; files are then told apart as `scan` tells them. */
  mapping?: FieldMapping | null;
  /** Lines longer than this are bad lines, not shipped (kept below the server's payload limit). */
  maxLineBytes: number;
  /** Publishes awaiting their acknowledgement at once. */
  inFlight?: number;
  /** After each block read: the file, its bytes read so far (on disk), its size, and its lines so far. */
  onProgress?: (file: string, bytesRead: number, size: number | null, lines: number) => void;
}

/** What shipping did. */
export interface ShipSummary {
  files: number;
  lines: number;
  bytes: number;
  /** Batches published. */
  messages: number;
  /** Batches JetStream already had (a re-ship). */
  duplicates: number;
  /** Subjects written to, with their batches. */
  subjects: Record<string, number>;
  badLines: number;
  firstBadLines: BadLine[];
  seconds: number;
}

const BAD_KEPT = 100;

/** Ships `files` (paths, or "-" for standard input) to the logs stream. */
export async function shipFiles(files: readonly string[], options: ShipOptions): Promise<ShipSummary> {
  const started = performance.now();
  const summary: ShipSummary = {
    files: files.length,
    lines: 0,
    bytes: 0,
    messages: 0,
    duplicates: 0,
    subjects: {},
    badLines: 0,
    firstBadLines: [],
    seconds: 0,
  };
  const bad = (file: string, line: number, reason: string) => {
    summary.badLines++;
    if (summary.firstBadLines.length < BAD_KEPT) summary.firstBadLines.push({ file, line, reason });
  };
  const inFlight = options.inFlight ?? 32;
  const pending = new Set<Promise<void>>();
  let failure: unknown = null;
  const publish = async (subject: string, body: string, id: string, hdrs: ReturnType<typeof headers>) => {
    const p = options.js
      .publish(subject, body, { msgID: id, headers: hdrs })
      .then((ack: PubAck) => {
        if (ack.duplicate) summary.duplicates++;
      })
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => pending.delete(p));
    pending.add(p);
    summary.messages++;
    summary.subjects[subject] = (summary.subjects[subject] ?? 0) + 1;
    if (pending.size >= inFlight) await Promise.race(pending);
    if (failure !== null) throw natsFailure(failure);
  };
  for (const file of files) {
    const input = await openSource(file);
    await shipOne(file, input, options, bad, publish, summary);
    summary.bytes += input.bytesRead();
  }
  await Promise.all(pending);
  if (failure !== null) throw natsFailure(failure);
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}

function natsFailure(error: unknown): DetectError {
  return new DetectError("DETECT_NATS", t("detect:scaleOut.publishFailed", { reason: (error as Error).message }), {
    cause: error,
  });
}

/** The message id of a batch: its organization, file, first line and text (and mapping, when it has one). */
export function batchId(org: string, file: string, firstLine: number, text: string, mapping = ""): string {
  const hash = createHash("sha256").update(`${org}\n${file}\n${firstLine}\n`);
  // A batch without a mapping keeps the id it always had (the streams of a running deployment stay valid).
  if (mapping !== "") hash.update(`mapping ${mapping}\n`);
  return hash.update(text).digest("hex").slice(0, 40);
}

async function shipOne(
  file: string,
  input: Awaited<ReturnType<typeof openSource>>,
  options: ShipOptions,
  bad: (file: string, line: number, reason: string) => void,
  publish: (subject: string, body: string, id: string, hdrs: ReturnType<typeof headers>) => Promise<void>,
  summary: ShipSummary,
): Promise<void> {
  const maxLines = options.batchLines ?? 1000;
  const maxBytes = options.batchBytes ?? 256 * 1024;
  let format: LogFormat | null = null;
  let subject = "";
  /** Zeek TSV header lines by directive (`#fields` …), in the order first seen. */
  const tsv = new Map<string, string>();
  let parts: string[] = [];
  let first = 0;
  let lines = 0;
  let bytes = 0;
  let tsvAtStart = "";
  const mapping = options.mapping ?? null;
  const flush = async () => {
    if (lines === 0 || format === null) return;
    const text = parts.join("");
    const hdrs = headers();
    hdrs.set(H.org, options.org);
    hdrs.set(H.file, file);
    hdrs.set(H.line, String(first));
    hdrs.set(H.format, format);
    if (tsvAtStart !== "") hdrs.set(H.tsvHeader, Buffer.from(tsvAtStart, "utf8").toString("base64"));
    const mapped = format === "mapped" ? mapping!.json : "";
    if (mapped !== "") hdrs.set(H.mapping, Buffer.from(mapped, "utf8").toString("base64"));
    parts = [];
    lines = 0;
    bytes = 0;
    await publish(subject, text, batchId(options.org, file, first, text, mapped), hdrs);
  };
  for await (const block of readLineBlocks(input.stream, options.maxLineBytes)) {
    for (const n of block.tooLong) bad(file, n, t("detect:scaleOut.tooLong", { max: options.maxLineBytes }));
    const text = block.text;
    if (format === null && text.trim() !== "") {
      const head = text
        .slice(0, text.indexOf("\n"))
        .replace(/^\uFEFF/, "")
        .trimStart();
      format = detectFormat(head, mapping);
      if (format === null) {
        bad(file, block.firstLine, t("detect:scaleOut.unknownFormat"));
        input.stream.destroy();
        return;
      }
      subject = options.names.logs(options.org, logKind(format, file, head));
    }
    let line = block.firstLine;
    for (let s = 0; s < text.length; ) {
      let e = text.indexOf("\n", s);
      if (e < 0) e = text.length - 1;
      const piece = text.slice(s, e + 1);
      const size = Buffer.byteLength(piece);
      if (lines > 0 && (lines >= maxLines || bytes + size > maxBytes)) await flush();
      if (lines === 0) {
        first = line;
        tsvAtStart = format === "zeek-tsv" ? [...tsv.values()].join("") : "";
      }
      if (format === "zeek-tsv") {
        const h = piece.trimStart();
        if (h.startsWith("#")) {
          const cut = h.search(/[ \t\r\n]/);
          tsv.set(cut < 0 ? h : h.slice(0, cut), h.endsWith("\n") ? h : `${h}\n`);
        }
      }
      parts.push(piece);
      lines++;
      bytes += size;
      summary.lines++;
      line++;
      s = e + 1;
    }
    if (block.failed !== null) bad(file, line, t("detect:scaleOut.endsAbruptly", { reason: block.failed }));
    options.onProgress?.(file, input.bytesRead(), input.size, line - 1);
  }
  await flush();
}

/** The kind in the subject: `zeek-dns`, `zeek-conn`, `suricata-eve`; a Zeek JSON line's own `_path` before the file's name (standard input has none). */
export function logKind(format: LogFormat, file: string, firstLine = ""): string {
  if (format === "eve") return "suricata-eve";
  if (format === "mapped") return `jsonl-${kindFromName(file)}`;
  const path = format === "zeek-json" ? /"_path":"([^"\\]{1,64})"/.exec(firstLine)?.[1] : undefined;
  return `zeek-${path ?? kindFromName(file)}`;
}
