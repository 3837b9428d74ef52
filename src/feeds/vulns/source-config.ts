import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { isUrl, listSource, readSourceHead } from "../../sources/index.js";
import type { AddInput } from "../contract.js";
import { feedsError, unreachable } from "../errors.js";

/**
 * What the kinds that read a document or folder (KEV, NVD, EPSS, MISP, lists) share: a source
 * that is an http(s) URL or a path (kept absolute, so `serve` started elsewhere finds it), and
 * the add-time check that it can be read.
 */

/** A feed that reads one URL, file or folder. */
export interface SourceConfig {
  source: string;
}

/** The URL as given, or the path made absolute; a path that does not exist is FEED_BAD_CONFIG. */
export function sourceOf(input: AddInput): string {
  if (isUrl(input.source)) return input.source;
  const path = resolve(input.source);
  if (!existsSync(path)) throw feedsError("FEED_BAD_CONFIG", "feeds:notSource", { source: input.source });
  return path;
}

/** The last part of a URL or path, for a default feed id. */
export function baseName(source: string): string {
  const parts = source.replace(/\/+$/, "").split(/[\\/]/);
  return parts[parts.length - 1] || source;
}

/** Checks that a URL or file (a folder: its first file) answers; FEED_CHECK_FAILED naming it otherwise. */
export async function checkReadable(source: string, match?: RegExp): Promise<void> {
  try {
    const [first] = await listSource(source, { match, recursive: true });
    if (first === undefined) throw new Error(`no ${match ? `${match.source} ` : ""}file`);
    await readSourceHead(first, 1024);
  } catch (error) {
    throw unreachable(source, error);
  }
}

/**
 * The headers a URL feed is read with: its credential as MISP's own feed settings send it
 * (`Authorization: Bearer <token>`, or Basic with `--user`), so a remote that wants one can be
 * pulled. Files get none.
 */
export function authHeaders(
  source: string,
  username: string | null | undefined,
  secret: string | null,
): Record<string, string> {
  if (!secret || !isUrl(source)) return {};
  if (username) return { authorization: `Basic ${Buffer.from(`${username}:${secret}`).toString("base64")}` };
  return { authorization: `Bearer ${secret}` };
}
