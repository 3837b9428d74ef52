/**
 * Streaming reader of STIX content: a bundle (its `objects` array streamed one object at a
 * time), a JSON array of objects, a single object, concatenated JSON values, or JSON lines —
 * from a byte stream (sources/ opens files, URLs and gzip) — in memory bounded by the largest object.
 *
 * This file is the reader's public surface: the items it yields, its options and its entry
 * point. The byte scanner that does the work is in stix-scanner.ts.
 */
import { StixScanner } from "./stix-scanner.js";

/** One item the reader yields: an object's raw text, or a precise error about part of the input. */
export type StixStreamItem =
  | { kind: "object"; raw: string; index: number; offset: number; line: number }
  | { kind: "error"; code: StreamErrorCode; message: string; index: number; offset: number; line: number };

/** Error codes of the stream reader. */
export type StreamErrorCode =
  | "STIX_STREAM_TOO_LARGE"
  | "STIX_STREAM_TRUNCATED"
  | "STIX_STREAM_SYNTAX"
  | "STIX_STREAM_NOT_AN_OBJECT"
  | "STIX_STREAM_NOT_A_BUNDLE";

export interface StixStreamOptions {
  /** Objects (or lines) larger than this are skipped with an error instead of buffered. Default 64 MiB. */
  maxObjectBytes?: number;
  /** "lines": every line is one JSON value. "auto" (default) decides from the first value. */
  format?: "auto" | "lines";
  /** Called with the number of input bytes consumed so far, for progress display. */
  onBytes?: (bytes: number) => void;
}

/** Default per-object size limit: far above any real STIX object, far below the process's memory. */
export const DEFAULT_MAX_OBJECT_BYTES = 64 * 1024 * 1024;

/**
 * Reads STIX objects from a byte stream. Never throws for bad content: every problem becomes an
 * error item with its place (object index, byte offset, line), and reading continues where it can.
 * Throws only when the stream itself fails (I/O, corrupt gzip).
 */
export async function* readStixStream(
  input: AsyncIterable<Buffer | string>,
  options: StixStreamOptions = {},
): AsyncGenerator<StixStreamItem> {
  const scanner = new StixScanner(options.maxObjectBytes ?? DEFAULT_MAX_OBJECT_BYTES, options.format ?? "auto");
  let consumed = 0;
  for await (const chunk of input) {
    const buf = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    scanner.push(buf);
    consumed += buf.length;
    options.onBytes?.(consumed);
    const out = scanner.drain();
    for (let i = 0; i < out.length; i++) yield out[i] as StixStreamItem;
  }
  scanner.end();
  const out = scanner.drain();
  for (let i = 0; i < out.length; i++) yield out[i] as StixStreamItem;
}
