import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { isUrl, type OpenedSource, openSource, readFailure, type SourceOptions } from "./open-source.js";

/**
 * Sources read whole (a KEV catalog, an NVD document, an EPSS file, an inventory file), the first
 * bytes of one (to tell its format), and the files of a folder.
 */

/** Default limit of a source read whole (bytes after decompression): the EPSS file is ~10 MB, the KEV JSON ~1.5 MB. */
export const MAX_SOURCE_BYTES = 512 * 1024 * 1024;

/** A source read whole. */
export interface SourceDocument {
  /** The path or URL, for messages. */
  name: string;
  bytes: Buffer;
  /** The bytes as UTF-8. */
  text: string;
}

async function collect(source: OpenedSource): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of source.stream as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Reads a source whole, decompressed, up to `maxBytes` (default MAX_SOURCE_BYTES). */
export async function readSource(spec: string, options: SourceOptions = {}): Promise<SourceDocument> {
  const source = await openSource(spec, { maxBytes: MAX_SOURCE_BYTES, ...options });
  const bytes = await collect(source);
  return { name: source.name, bytes, text: bytes.toString("utf8") };
}

/**
 * The first `bytes` bytes of a source (decompressed), as text, for telling its format. A source
 * that fails after giving some bytes (a truncated gzip) gives those; one that gives none throws.
 */
export async function readSourceHead(spec: string, bytes = 64 * 1024): Promise<string> {
  const source = await openSource(spec);
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of source.stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= bytes) break;
    }
  } catch (error) {
    if (total === 0) throw error;
  } finally {
    source.stream.destroy();
  }
  return Buffer.concat(chunks).subarray(0, bytes).toString("utf8");
}

/** Which files of a folder a listing keeps. */
export interface ListOptions {
  /** Names kept (default: every file). */
  match?: RegExp;
  /** Also the files of sub-folders (paths relative to the folder, joined to it). */
  recursive?: boolean;
}

/**
 * The documents of a source without reading them: a URL or "-" as it is, a file as it is, a
 * folder as its matching files, sorted.
 */
export async function listSource(spec: string, options: ListOptions = {}): Promise<string[]> {
  if (spec === "-" || isUrl(spec)) return [spec];
  let folder: boolean;
  try {
    folder = (await stat(spec)).isDirectory();
  } catch (cause) {
    throw readFailure(spec, "file", cause);
  }
  if (!folder) return [spec];
  let names: string[];
  try {
    names = options.recursive
      ? await readdir(spec, { recursive: true })
      : (await readdir(spec, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
  } catch (cause) {
    throw readFailure(spec, "file", cause);
  }
  const match = options.match;
  return names
    .filter((n) => match === undefined || match.test(n))
    .sort()
    .map((n) => join(spec, n));
}
