import { t } from "../i18n/index.js";
import { createWarninglistMatcher, loadWarninglists, type WarninglistMatcher } from "../warninglists/index.js";

/**
 * The warninglists a command applies: `--warninglists PATH`, else the folder named by
 * $CENTINELA_WARNINGLISTS (set once for every import and scan), else none. `import` flags the
 * indicators whose values are on them; `scan` and `hunt` suppress their alerts.
 */

/** The environment variable naming the warninglists folder used when no --warninglists is given. */
export const WARNINGLISTS_ENV = "CENTINELA_WARNINGLISTS";

/** The path of the warninglists to use, or null for none. */
export function warninglistsPath(option: string | undefined): string | null {
  if (option !== undefined) return option;
  const env = process.env[WARNINGLISTS_ENV];
  return env !== undefined && env.trim() !== "" ? env : null;
}

/** Loads and compiles the warninglists at `path`, saying on stderr how many (unless quiet) and which files were skipped. */
export async function readWarninglists(path: string, quietly: boolean | undefined): Promise<WarninglistMatcher> {
  const loaded = await loadWarninglists(path);
  const matcher = createWarninglistMatcher(loaded.lists);
  if (quietly !== true) {
    process.stderr.write(
      `${t("detect:warninglists", { lists: matcher.stats.lists, entries: matcher.stats.entries, path })}\n`,
    );
    const [first] = loaded.errors;
    if (first)
      process.stderr.write(
        `${t("detect:warninglistErrors", { count: loaded.errors.length, path, first: `${first.source}: ${first.message}` })}\n`,
      );
  }
  return matcher;
}
