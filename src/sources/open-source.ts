import { open, stat } from "node:fs/promises";
import { Readable, Transform } from "node:stream";
import { createGunzip } from "node:zlib";
import { localize } from "../i18n/index.js";
import { SourcesError } from "./errors.js";

/**
 * Opening what a user points at: a file, "-" for standard input, or an http(s) URL (fetched),
 * gzip or plain, told by the content's first two bytes (1f 8b), never by the name. What comes
 * out is one stream of decompressed bytes; every failure, at open or part-way, is a SourcesError
 * naming the source (not found, not readable, a folder, HTTP status, network, over the size
 * limit, damaged or truncated gzip).
 */

/** How far the reading of a source has come: bytes read as stored (compressed when gzip) of the total when known. */
export interface SourceProgress {
  read: number;
  total: number | null;
}

/** Options of opening a source. */
export interface SourceOptions {
  /** Largest number of bytes given out (after decompression); over it the stream fails with SOURCE_TOO_LARGE. Default: none. */
  maxBytes?: number;
  /** Called as bytes arrive. */
  onProgress?: (progress: SourceProgress) => void;
  /** URL sources: request headers (a feed's credentials, If-None-Match). */
  headers?: Readonly<Record<string, string>>;
  /** URL sources: aborts the request. */
  signal?: AbortSignal;
}

/** Where a source's bytes come from. */
export type SourceOrigin = "file" | "url" | "stdin";

/** An opened source. */
export interface OpenedSource {
  /** The path or URL as given ("stdin" for "-"), for messages and provenance. */
  name: string;
  origin: SourceOrigin;
  /** The decompressed bytes. A consumer that stops early destroys it, and the file or request is closed. */
  stream: Readable;
  /** Size as stored (the file on disk, a URL's Content-Length), or null when unknown. */
  size: number | null;
  gzip: boolean;
  /** Bytes read as stored so far (before decompression), for progress. */
  bytesRead(): number;
}

/** True for an http(s) URL. */
export function isUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/** The SourcesError of a failure to read, with its message in the user's language. */
export function readFailure(name: string, origin: SourceOrigin, cause: unknown): SourcesError {
  if (cause instanceof SourcesError) return cause;
  const code = (cause as NodeJS.ErrnoException | null)?.code;
  const reason = code ?? (cause instanceof Error ? cause.message : String(cause));
  if (origin === "url") {
    const why = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : reason;
    return localize(new SourcesError("SOURCE_NETWORK", "", { cause }), "sources:network", { name, reason: why });
  }
  if (code === "ENOENT")
    return localize(new SourcesError("SOURCE_NOT_FOUND", "", { cause }), "sources:notFound", { name });
  if (code === "EISDIR")
    return localize(new SourcesError("SOURCE_IS_FOLDER", "", { cause }), "sources:isFolder", { name });
  return localize(new SourcesError("SOURCE_UNREADABLE", "", { cause }), "sources:unreadable", { name, reason });
}

/** SOURCE_TOO_LARGE for `name` over `limit` bytes. */
export function tooLarge(name: string, limit: number): SourcesError {
  return localize(new SourcesError("SOURCE_TOO_LARGE"), "sources:tooLarge", { name, limit });
}

function gzipFailure(name: string, cause: unknown): SourcesError {
  // zlib says Z_BUF_ERROR ("unexpected end of file") when the input stops inside the stream.
  if ((cause as NodeJS.ErrnoException).code === "Z_BUF_ERROR")
    return localize(new SourcesError("SOURCE_GZIP_TRUNCATED", "", { cause }), "sources:gzipTruncated", { name });
  const reason = (cause as Error).message;
  return localize(new SourcesError("SOURCE_GZIP_DAMAGED", "", { cause }), "sources:gzipDamaged", { name, reason });
}

/** The first chunk of a stream, put back so the stream still starts with it; null when empty. */
function peek(stream: Readable): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const done = (value: Buffer | null): void => {
      stream.off("readable", onReadable);
      stream.off("end", onEnd);
      stream.off("error", reject);
      resolve(value);
    };
    const onReadable = (): void => {
      const chunk = stream.read() as Buffer | null;
      if (chunk === null) return;
      stream.unshift(chunk);
      done(chunk);
    };
    const onEnd = (): void => done(null);
    stream.on("readable", onReadable);
    stream.once("end", onEnd);
    stream.once("error", reject);
  });
}

interface Raw {
  name: string;
  origin: SourceOrigin;
  stream: Readable;
  size: number | null;
}

async function openUrl(url: string, options: SourceOptions): Promise<Raw> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "follow", headers: options.headers, signal: options.signal });
  } catch (cause) {
    throw readFailure(url, "url", cause);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw localize(new SourcesError("SOURCE_HTTP_STATUS"), "sources:httpStatus", {
      name: url,
      status: response.status,
    });
  }
  const declared = response.headers.get("content-length");
  const size = declared === null ? null : Number(declared);
  const body = response.body;
  // Node's web stream types and node:stream/web's differ only in name; the object is the same.
  const stream = body ? Readable.fromWeb(body as Parameters<typeof Readable.fromWeb>[0]) : Readable.from([]);
  return { name: url, origin: "url", stream, size };
}

async function openFile(path: string): Promise<Raw> {
  let size: number;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error("is a folder"), { code: "EISDIR" });
    size = info.size;
  } catch (cause) {
    throw readFailure(path, "file", cause);
  }
  // Opened before the stream exists, so a file that cannot be read fails here, not as an unhandled stream error.
  const handle = await open(path, "r").catch((cause: unknown) => {
    throw readFailure(path, "file", cause);
  });
  return { name: path, origin: "file", stream: handle.createReadStream({ highWaterMark: 1 << 20 }), size };
}

/** Opens a file, "-" (standard input) or an http(s) URL as one stream of decompressed bytes. */
export async function openSource(spec: string, options: SourceOptions = {}): Promise<OpenedSource> {
  const raw: Raw =
    spec === "-"
      ? { name: "stdin", origin: "stdin", stream: process.stdin, size: null }
      : isUrl(spec)
        ? await openUrl(spec, options)
        : await openFile(spec);
  const { name, origin, size } = raw;
  const limit = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (size !== null && size > limit) {
    raw.stream.destroy();
    throw tooLarge(name, limit);
  }
  let head: Buffer | null;
  try {
    head = await peek(raw.stream);
  } catch (cause) {
    raw.stream.destroy();
    throw readFailure(name, origin, cause);
  }
  const gzip = head !== null && head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
  let read = 0;
  let given = 0;
  const onProgress = options.onProgress;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      read += chunk.length;
      onProgress?.({ read, total: size });
      callback(null, chunk);
    },
  });
  const out = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      given += chunk.length;
      callback(given > limit ? tooLarge(name, limit) : null, chunk);
    },
  });
  // Wired by hand rather than with pipeline so each failure is turned into its SourcesError on
  // the one stream the consumer reads; closing that stream (early or not) closes the rest.
  raw.stream.on("error", (cause) => out.destroy(readFailure(name, origin, cause)));
  const gunzip = gzip ? createGunzip() : null;
  gunzip?.on("error", (cause) => out.destroy(gzipFailure(name, cause)));
  out.once("close", () => {
    raw.stream.destroy();
    counter.destroy();
    gunzip?.destroy();
  });
  raw.stream.pipe(counter);
  if (gunzip) counter.pipe(gunzip).pipe(out);
  else counter.pipe(out);
  return { name, origin, stream: out, size, gzip, bytesRead: () => read };
}
