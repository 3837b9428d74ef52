import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { WarninglistError } from "./errors.js";
import { parseWarninglist, type Warninglist } from "./warninglist.js";

/** What loading a folder gave: the lists read and, for each file that was not a warninglist, why. */
export interface LoadedWarninglists {
  lists: Warninglist[];
  errors: { source: string; message: string }[];
}

/**
 * Reads every warninglist under `path`: a list.json file, a folder laid out as MISP's repository
 * (`lists/<name>/list.json`), or a folder of such folders or of *.json files. A file that is not a
 * warninglist is reported in `errors` and the others are kept; a path with none at all throws.
 */
export async function loadWarninglists(path: string): Promise<LoadedWarninglists> {
  const files = await findWarninglistFiles(path);
  if (files.length === 0)
    throw new WarninglistError(
      "WARNINGLIST_NOT_FOUND",
      `${path}: no warninglist found (expected list.json files, as in MISP's misp-warninglists/lists/<name>/list.json)`,
    );
  const out: LoadedWarninglists = { lists: [], errors: [] };
  for (const file of files) {
    try {
      out.lists.push(parseWarninglist(await readFile(file, "utf8"), file));
    } catch (error) {
      if (!(error instanceof WarninglistError)) throw error;
      out.errors.push({ source: file, message: error.message });
    }
  }
  return out;
}

/**
 * The list.json files under `path` (a file is itself), in name order: a folder with a list.json
 * is one list, else its subfolders and *.json files (not schema.json) are searched.
 * WARNINGLIST_NOT_FOUND when the path does not exist.
 */
export async function findWarninglistFiles(path: string): Promise<string[]> {
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(path);
  } catch (error) {
    throw new WarninglistError(
      "WARNINGLIST_NOT_FOUND",
      `${path}: no such file or folder; point at a misp-warninglists folder or a list.json`,
      { cause: error },
    );
  }
  if (info.isFile()) return [path];
  const out: string[] = [];
  const entries = await readdir(path, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  // A folder with a list.json is one list; its other JSON files (schema.json) are not lists.
  if (entries.some((e) => e.isFile() && e.name === "list.json")) return [join(path, "list.json")];
  for (const e of entries) {
    const full = join(path, e.name);
    if (e.isDirectory()) out.push(...(await findWarninglistFiles(full)));
    else if (e.isFile() && e.name.endsWith(".json") && e.name !== "schema.json" && e.name !== "package.json")
      out.push(full);
  }
  return out;
}
