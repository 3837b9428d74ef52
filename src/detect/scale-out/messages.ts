import type { MsgHdrs } from "@nats-io/transport-node";
import type { Alert, BadLine } from "../engine.js";
import type { LogFormat } from "../scan.js";

/**
 * What travels on the streams. A log message is a batch of whole lines of one file, as text,
 * with headers naming the file, the number of its first line, the format and the organization
 * (and, for Zeek TSV, the file's header lines, which each batch needs to be read alone). A
 * result message is JSON: the batch's counts and its alerts.
 */

/** Header names. */
export const H = {
  org: "Centinela-Org",
  file: "Centinela-File",
  line: "Centinela-Line",
  format: "Centinela-Format",
  /** Zeek TSV: the `#` lines in force at the batch's start, base64 (they hold tabs and newlines). */
  tsvHeader: "Centinela-Tsv-Header",
  /** A result split in parts (a batch with very many alerts): this part's number. */
  part: "Centinela-Part",
} as const;

/** A log batch as a worker reads it. */
export interface LogBatch {
  org: string;
  file: string;
  firstLine: number;
  format: LogFormat;
  /** Zeek TSV header lines, each ending in "\n", or "". */
  tsvHeader: string;
  text: string;
  /** The batch's message id (the result's derives from it). */
  id: string;
}

const FORMATS: readonly LogFormat[] = ["zeek-json", "zeek-tsv", "eve", "mapped"];

/** Reads a log message's headers and body; null when it is not one of ours. */
export function readLogBatch(headers: MsgHdrs | undefined, body: string): LogBatch | null {
  if (headers === undefined) return null;
  const org = headers.get(H.org);
  const file = headers.get(H.file);
  const line = Number(headers.get(H.line));
  const format = headers.get(H.format) as LogFormat;
  if (org === "" || file === "" || !Number.isSafeInteger(line) || line < 1 || !FORMATS.includes(format)) return null;
  const tsv = headers.get(H.tsvHeader);
  return {
    org,
    file,
    firstLine: line,
    format,
    tsvHeader: tsv === "" ? "" : Buffer.from(tsv, "base64").toString("utf8"),
    text: body,
    id: headers.get("Nats-Msg-Id"),
  };
}

/** One batch's outcome, as the writer receives it. */
export interface BatchResult {
  v: 1;
  org: string;
  file: string;
  line: number;
  /** Counts are carried by part 0 only, so a split result counts once. */
  events: number;
  badLines: number;
  suppressed: number;
  outsideValidity: number;
  unconfirmed: number;
  /** The batch's bad lines (file and line), at most 100. */
  bad: BadLine[];
  alerts: Alert[];
}
