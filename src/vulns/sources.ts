import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { VulnsError } from "./errors.js";

/**
 * Where `vulns sync` reads from: a file, a folder (every .json / .json.gz in it, for NVD record
 * files), or an http(s) URL fetched at run time. Gzip is recognized by its magic bytes.
 */

/** One document read from a source. */
export interface SourceDocument {
  /** The file path or URL, for messages. */
  name: string;
  text: string;
}

/** Largest document read (bytes after decompression): the EPSS file is ~10 MB, the KEV JSON ~1.5 MB. */
export const MAX_SOURCE_BYTES = 512 * 1024 * 1024;

function decode(bytes: Buffer, name: string): string {
  let data = bytes;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) {
    try {
      data = gunzipSync(data, { maxOutputLength: MAX_SOURCE_BYTES });
    } catch (cause) {
      throw new VulnsError("SOURCE_UNREADABLE", `${name}: the gzip data is damaged or too large`, { cause });
    }
  }
  return data.toString("utf8");
}

/** Lists the documents of a source without reading them (folders: their .json and .json.gz files, sorted). */
export async function listSource(spec: string): Promise<string[]> {
  if (/^https?:\/\//i.test(spec)) return [spec];
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(spec);
  } catch (cause) {
    throw new VulnsError("SOURCE_UNREADABLE", `${spec}: no such file or folder`, { cause });
  }
  if (!info.isDirectory()) return [spec];
  const names = (await readdir(spec)).filter((n) => /\.json(\.gz)?$/i.test(n)).sort();
  return names.map((n) => join(spec, n));
}

/** Reads one document: a file, or a URL with fetch(). */
export async function readDocument(name: string): Promise<SourceDocument> {
  if (/^https?:\/\//i.test(name)) {
    let response: Response;
    try {
      response = await fetch(name, { redirect: "follow" });
    } catch (cause) {
      throw new VulnsError(
        "SOURCE_UNREADABLE",
        `${name}: ${(cause as Error).message}; check the address and the network`,
        { cause },
      );
    }
    if (!response.ok) throw new VulnsError("SOURCE_UNREADABLE", `${name}: HTTP ${response.status}`);
    const declared = Number(response.headers.get("content-length") ?? 0);
    if (declared > MAX_SOURCE_BYTES)
      throw new VulnsError("SOURCE_UNREADABLE", `${name}: ${declared} bytes is over the limit`);
    return { name, text: decode(Buffer.from(await response.arrayBuffer()), name) };
  }
  try {
    return { name, text: decode(await readFile(name), name) };
  } catch (cause) {
    if (cause instanceof VulnsError) throw cause;
    throw new VulnsError("SOURCE_UNREADABLE", `${name}: ${(cause as Error).message}`, { cause });
  }
}
