import { createWarninglistMatcher, type WarninglistMatcher } from "./matcher.js";
import type { Warninglist, WarninglistType } from "./warninglist.js";

/**
 * The warninglists a store keeps (what `warninglists` feeds stored), compiled once per store
 * generation: ingest flags and detection suppresses with them without a path given each time,
 * and a list a feed run changed is picked up at the next import or detection load. They combine
 * with lists given by path (`--warninglists`, $CENTINELA_WARNINGLISTS).
 */

/** What a store gives to read its warninglists (the directory's methods; no store import here). */
export interface WarninglistSource {
  warninglistsGeneration(): Promise<string>;
  storedWarninglists(): Promise<
    readonly {
      feedId: string;
      name: string;
      version: number;
      type: string;
      description: string;
      matchingAttributes: string[];
      list: string[];
    }[]
  >;
}

const compiled = new WeakMap<WarninglistSource, { generation: string; matcher: WarninglistMatcher | null }>();

/** The store's warninglists compiled (null when it has none); recompiled only when their generation moved. */
export async function storedWarninglistMatcher(source: WarninglistSource): Promise<WarninglistMatcher | null> {
  const generation = await source.warninglistsGeneration();
  const cached = compiled.get(source);
  if (cached?.generation === generation) return cached.matcher;
  const rows = await source.storedWarninglists();
  const lists: Warninglist[] = rows.map((r) => ({
    name: r.name,
    version: r.version,
    description: r.description,
    type: r.type as WarninglistType,
    matchingAttributes: r.matchingAttributes,
    list: r.list,
    source: `feed:${r.feedId}`,
  }));
  const matcher = lists.length === 0 ? null : createWarninglistMatcher(lists);
  compiled.set(source, { generation, matcher });
  return matcher;
}

/** One matcher asking each of `matchers` in turn (nulls left out); null when none is left. */
export function combineMatchers(...matchers: (WarninglistMatcher | null | undefined)[]): WarninglistMatcher | null {
  const parts = matchers.filter((m): m is WarninglistMatcher => m !== null && m !== undefined);
  if (parts.length <= 1) return parts[0] ?? null;
  return {
    match(kind, value) {
      for (const m of parts) {
        const hit = m.match(kind, value);
        if (hit !== null) return hit;
      }
      return null;
    },
    matchAll(kind, value) {
      const all = new Set<string>();
      for (const m of parts) for (const name of m.matchAll(kind, value)) all.add(name);
      return [...all];
    },
    stats: {
      lists: parts.reduce((n, m) => n + m.stats.lists, 0),
      entries: parts.reduce((n, m) => n + m.stats.entries, 0),
      skipped: parts.flatMap((m) => m.stats.skipped),
    },
  };
}
