import type { RejectedItem } from "../errors/index.js";
import { findJsonError } from "./json-error.js";

/**
 * Why the ingest path turned an object away. Every rejection names the object (its position in
 * the input and its id when one could be read), the property path, and the reason.
 */

/** Rejection codes of the ingest path (validation codes come from stix/ as they are). */
export const INGEST_CODES = {
  INGEST_BAD_JSON: "the text is not valid JSON",
  INGEST_NOT_AN_OBJECT: "the value is not a JSON object",
  INGEST_CONFLICT: "a different object is already stored under the same id and version",
} as const;

/** One reason an object was rejected; `path` is the JSON path inside it, "" for the object as a whole. */
export type RejectionReason = RejectedItem;

/** A rejected input object with its place in the input and every reason. */
export interface Rejection {
  /** 0-based position of the object in the input. */
  index: number;
  /** 1-based line where the object starts. */
  line: number;
  /** Byte offset where the object starts (in the decompressed input). */
  offset: number;
  /** The source file, or "-" for standard input. */
  source: string;
  id: string | null;
  reasons: RejectionReason[];
  /** The object's text, cut to REJECT_RAW_LIMIT characters, so a rejects file can be fixed and re-imported. */
  raw: string | null;
}

/** How much of a rejected object's text a rejection keeps. */
export const REJECT_RAW_LIMIT = 1 << 20;

/** Turns a JSON.parse failure into a message with the line and column of the first bad character. */
export function describeJsonError(raw: string, error: unknown, startLine: number): string {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  const { offset, expected } = findJsonError(raw);
  if (offset < 0) return `invalid JSON: ${reason}`;
  let line = startLine;
  let lineStart = 0;
  for (let i = 0; i < offset && i < raw.length; i++) {
    if (raw.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  const found = offset >= raw.length ? "the end of the object" : JSON.stringify(raw.slice(offset, offset + 12));
  return `invalid JSON at line ${line}, column ${offset - lineStart + 1}: expected ${expected}, found ${found}`;
}
