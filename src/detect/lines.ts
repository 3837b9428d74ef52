import type { Readable } from "node:stream";

/**
 * Log bytes into blocks of whole lines, decoded once per block (not once per line) so a reader
 * scans many lines of one string with indexOf. A line longer than `maxLineBytes` is never held:
 * its bytes are dropped up to the next newline and it is reported as one bad line. A stream that
 * fails mid-way (a truncated gzip) ends with a `failed` block naming the line it stopped at.
 */

/** One decoded block: whole lines (each ending in "\n", the last one too), numbered from `firstLine`. */
export interface LineBlock {
  text: string;
  /** Number (1-based) of the block's first line. */
  firstLine: number;
  /** Lines dropped before this block because they were too long: their numbers. */
  tooLong: number[];
  /** Set on the last block when the stream failed: what happened. */
  failed: string | null;
}

/** Longest line kept, unless a reader says otherwise: 16 MiB (a Zeek line is a few hundred bytes). */
export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

/** Splits a byte stream into blocks of whole lines. */
export async function* readLineBlocks(
  stream: Readable,
  maxLineBytes = DEFAULT_MAX_LINE_BYTES,
): AsyncGenerator<LineBlock> {
  let carry: Buffer | null = null;
  let line = 1;
  /** Inside a line that grew too long: skipping to its end. */
  let skipping = false;
  let tooLong: number[] = [];
  let failed: string | null = null;
  try {
    for await (const piece of stream as AsyncIterable<Buffer>) {
      let chunk: Buffer = piece;
      if (skipping) {
        const nl = chunk.indexOf(10);
        if (nl < 0) continue;
        skipping = false;
        tooLong.push(line++);
        chunk = chunk.subarray(nl + 1);
      }
      const last = chunk.lastIndexOf(10);
      if (last < 0) {
        carry = carry === null ? Buffer.from(chunk) : Buffer.concat([carry, chunk]);
        if (carry.length > maxLineBytes) {
          carry = null;
          skipping = true;
        }
        continue;
      }
      let head = carry === null ? chunk.subarray(0, last + 1) : Buffer.concat([carry, chunk.subarray(0, last + 1)]);
      carry = last + 1 < chunk.length ? Buffer.from(chunk.subarray(last + 1)) : null;
      if (head.length > maxLineBytes) head = blankLongLines(head, maxLineBytes, line, tooLong);
      const text = head.toString("utf8");
      const block: LineBlock = { text, firstLine: line, tooLong, failed: null };
      tooLong = [];
      line += countLines(text);
      yield block;
    }
  } catch (error) {
    failed = error instanceof Error ? error.message : String(error);
  }
  if (skipping) tooLong.push(line++);
  const tail = carry === null || carry.length === 0 ? "" : `${carry.toString("utf8")}\n`;
  if (tail !== "" || tooLong.length > 0 || failed !== null) yield { text: tail, firstLine: line, tooLong, failed };
}

/** Replaces each line longer than `max` bytes with an empty one (its number kept in `tooLong`), so the numbering holds. */
function blankLongLines(head: Buffer, max: number, firstLine: number, tooLong: number[]): Buffer {
  const parts: Buffer[] = [];
  let start = 0;
  let line = firstLine;
  let from = 0;
  for (let nl = head.indexOf(10); nl >= 0; nl = head.indexOf(10, nl + 1)) {
    if (nl - start > max) {
      tooLong.push(line);
      parts.push(head.subarray(from, start));
      from = nl;
    }
    start = nl + 1;
    line++;
  }
  if (parts.length === 0) return head;
  parts.push(head.subarray(from));
  return Buffer.concat(parts);
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  return n;
}
