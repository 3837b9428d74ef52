import { isUrl, readSource } from "../../sources/index.js";
import { findWarninglistFiles, WarninglistError } from "../../warninglists/index.js";
import { feedsError } from "../errors.js";

/**
 * Where a `warninglists` feed's lists are: a folder laid out as MISP's misp-warninglists
 * (`lists/<name>/list.json`) or of list.json files, one list.json, or a URL of one list or of an
 * index. An index is JSON: an array of the lists' paths or URLs, or `{"lists": [...]}`, each
 * relative to the index; an entry that does not end in `.json` is a list's folder name, read as
 * `<entry>/list.json` (as MISP's lists/ folder names them).
 */

/** One list to read: where it is, and its text when finding it already read it. */
export interface ListEntry {
  source: string;
  text?: string;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The index's entries, or null when `json` is not an index. */
function indexEntries(json: unknown): unknown[] | null {
  if (Array.isArray(json)) return json;
  if (json !== null && typeof json === "object" && Array.isArray((json as { lists?: unknown }).lists))
    return (json as { lists: unknown[] }).lists;
  return null;
}

/**
 * The lists of `source`, in order. FEED_BAD_PAGE when the source cannot be read, is not a list or
 * an index, or holds no list at all (a broken download is never taken for "no lists").
 */
export async function listEntries(source: string, headers: Record<string, string>): Promise<ListEntry[]> {
  if (!isUrl(source)) {
    let files: string[];
    try {
      files = await findWarninglistFiles(source);
    } catch (error) {
      if (!(error instanceof WarninglistError)) throw error;
      throw feedsError("FEED_BAD_PAGE", "feeds:warninglistsSource", { source, reason: error.message }, error);
    }
    if (files.length === 0)
      throw feedsError("FEED_BAD_PAGE", "feeds:warninglistsSource", { source, reason: "no list.json under it" });
    return files.map((file) => ({ source: file }));
  }
  let text: string;
  try {
    text = (await readSource(source, { headers })).text;
  } catch (error) {
    throw feedsError("FEED_BAD_PAGE", "feeds:warninglistsSource", { source, reason: reason(error) }, error);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw feedsError("FEED_BAD_PAGE", "feeds:warninglistsSource", { source, reason: `not JSON (${reason(error)})` });
  }
  // One list: an object with its entries.
  if (json !== null && typeof json === "object" && Array.isArray((json as { list?: unknown }).list))
    return [{ source, text }];
  const entries = indexEntries(json);
  if (entries === null)
    throw feedsError("FEED_BAD_PAGE", "feeds:warninglistsSource", {
      source,
      reason: 'neither a warninglist (an object with "list") nor an index (an array of list paths or {"lists": [...]})',
    });
  const out: ListEntry[] = [];
  entries.forEach((entry, i) => {
    if (typeof entry !== "string" || entry.trim() === "")
      throw feedsError("FEED_BAD_PAGE", "feeds:warninglistsSource", {
        source,
        reason: `index entry ${i + 1} is ${JSON.stringify(entry)}, not the path or URL of a list`,
      });
    const path = entry.endsWith(".json") ? entry : `${entry.replace(/\/+$/, "")}/list.json`;
    out.push({ source: new URL(path, source).toString() });
  });
  if (out.length === 0)
    throw feedsError("FEED_BAD_PAGE", "feeds:warninglistsSource", { source, reason: "the index names no list" });
  return out;
}
