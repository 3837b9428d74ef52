import { listSource as listFiles, readSource, SourcesError } from "../sources/index.js";
import { VulnsError } from "./errors.js";

/**
 * Where `vulns sync` and the KEV, NVD and EPSS feeds read from: a file, a folder (every .json /
 * .json.gz in it, for NVD record files), or an http(s) URL, through sources/. A source that
 * cannot be read is SOURCE_UNREADABLE with the sources/ message saying why.
 */

/** One document read from a source. */
export interface SourceDocument {
  /** The file path or URL, for messages. */
  name: string;
  text: string;
  /** The bytes read (decompressed when gzip), for sources that hold binary files (zips of OSV records). */
  bytes: Uint8Array;
}

function unreadable(error: unknown): unknown {
  return error instanceof SourcesError ? new VulnsError("SOURCE_UNREADABLE", error.message, { cause: error }) : error;
}

/** Lists the documents of a source without reading them (folders: their `match` files, default .json and .json.gz, sorted). */
export async function listSource(spec: string, recursive = false, match = /\.json(\.gz)?$/i): Promise<string[]> {
  try {
    return await listFiles(spec, { match, recursive });
  } catch (error) {
    throw unreadable(error);
  }
}

/** Reads one document: a file, or a URL; gzip or plain. */
export async function readDocument(name: string, headers?: Readonly<Record<string, string>>): Promise<SourceDocument> {
  try {
    const doc = await readSource(name, { headers });
    return { name: doc.name, text: doc.text, bytes: doc.bytes };
  } catch (error) {
    throw unreadable(error);
  }
}
