import type { MsgHdrs } from "@nats-io/transport-node";
import type { Alert, BadLine } from "../engine.js";
import { type FieldMapping, parseFieldMapping } from "../mapped-json.js";
import type { LogFormat } from "../scan.js";

/**
 * What travels on the streams. A log message is a batch of whole lines of one file, as text,
 * with headers naming the file, the number of its first line, the format and the organization
 * (and, for Zeek TSV, the file's header lines, and for generic JSON lines, the field mapping:
 * what each batch needs to be read alone, exactly as `scan` reads the file). A
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
  /** Generic JSON lines: the field mapping's normalized JSON, base64. */
  mapping: "Centinela-Mapping",
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
  /** The field mapping of a `mapped` batch, else null. */
  mapping: FieldMapping | null;
  text: string;
  /** The batch's message id (the result's derives from it). */
  id: string;
}

const FORMATS: readonly LogFormat[] = ["zeek-json", "zeek-tsv", "eve", "mapped"];

/** The last mapping read: the batches of one shipped file all carry the same one, parsed once. */
let lastMapping: { header: string; mapping: FieldMapping } | null = null;

/** The mapping a batch header carries; null when it is not a mapping (not a batch of ours). */
function mappingOf(header: string): FieldMapping | null {
  if (lastMapping?.header === header) return lastMapping.mapping;
  try {
    const mapping = parseFieldMapping(JSON.parse(Buffer.from(header, "base64").toString("utf8")), H.mapping);
    lastMapping = { header, mapping };
    return mapping;
  } catch {
    return null;
  }
}

/** Reads a log message's headers and body; null when it is not one of ours. */
export function readLogBatch(headers: MsgHdrs | undefined, body: string): LogBatch | null {
  if (headers === undefined) return null;
  const org = headers.get(H.org);
  const file = headers.get(H.file);
  const line = Number(headers.get(H.line));
  const format = headers.get(H.format) as LogFormat;
  if (org === "" || file === "" || !Number.isSafeInteger(line) || line < 1 || !FORMATS.includes(format)) return null;
  let mapping: FieldMapping | null = null;
  if (format === "mapped") {
    const header = headers.get(H.mapping);
    mapping = header === "" ? null : mappingOf(header);
    if (mapping === null) return null;
  }
  const tsv = headers.get(H.tsvHeader);
  return {
    org,
    file,
    firstLine: line,
    format,
    tsvHeader: tsv === "" ? "" : Buffer.from(tsv, "base64").toString("utf8"),
    mapping,
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
