import { defineErrors } from "../errors/index.js";

/**
 * Errors of opening a source: each names the file or URL, what went wrong and what to do. They
 * are raised when the source is opened (missing, unreadable, HTTP status) or from its stream
 * while it is read (too large, damaged or truncated gzip, a read that failed part-way).
 */
export const SOURCES_CODES = {
  SOURCE_NOT_FOUND: { status: 404, message: "{name}: no such file or folder" },
  SOURCE_UNREADABLE: { status: 400, message: "{name}: cannot be read" },
  SOURCE_IS_FOLDER: { status: 400, message: "{name}: is a folder; give a file" },
  SOURCE_TOO_LARGE: { status: 413, message: "{name}: larger than the limit" },
  SOURCE_HTTP_STATUS: { status: 502, message: "{name}: HTTP {status}" },
  SOURCE_NETWORK: { status: 502, message: "{name}: cannot be fetched" },
  SOURCE_GZIP_TRUNCATED: { status: 400, message: "{name}: the gzip data ends before its end" },
  SOURCE_GZIP_DAMAGED: { status: 400, message: "{name}: the gzip data is damaged" },
} as const;

/** One code of SOURCES_CODES. */
export type SourcesCode = keyof typeof SOURCES_CODES;

/** A source that could not be opened or read to its end. */
export class SourcesError extends defineErrors("SourcesError", SOURCES_CODES) {}
