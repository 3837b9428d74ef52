import { useCallback, useEffect, useRef, useState } from "react";
import { api } from "./api.ts";

/** What a page's request is doing: loading, failed (with the server's message) or done. */
export type Loaded<T> = { state: "loading" } | { state: "failed"; message: string } | { state: "done"; data: T };

/** GETs `path` (again whenever it changes, or on reload()). Null path: nothing to load yet. */
export function useApi<T>(path: string | null): [Loaded<T>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (path === null) return;
    const abort = new AbortController();
    setLoaded({ state: "loading" });
    void tick;
    api<T>(path, { signal: abort.signal })
      .then((data) => setLoaded({ state: "done", data }))
      .catch((e: Error) => {
        if (!abort.signal.aborted) setLoaded({ state: "failed", message: e.message });
      });
    return () => abort.abort();
  }, [path, tick]);
  return [loaded, useCallback(() => setTick((n) => n + 1), [])];
}

/** What a keyset-paged list holds: the rows so far, and what its last request is doing. */
export interface KeysetPages<T, P> {
  rows: T[];
  /** The first page as answered (what it carries besides the rows: a search's related objects). */
  first: P | null;
  /** The cursor of the next page, or null on the last. */
  next: string | null;
  /** "loading", "done", or the failure's message (the rows loaded before stay). */
  state: "loading" | "done" | string;
  /** Loads the next page and appends its rows. */
  more: () => void;
  /** Replaces the rows shown (a row changed in place). */
  setRows: (rows: T[]) => void;
}

/**
 * A list read a keyset page at a time: the first page at open and again whenever `key` changes
 * (the rows shown stay until it answers), the next one on more(). `url(after)` is the request of
 * the page after cursor `after` (null: the first); `rowsOf` takes the rows from an answer, and
 * `append` joins a page to the rows already shown (default: after them). An answer to a request
 * that a newer one replaced is dropped.
 */
export function useKeysetPages<T, P extends { next: string | null }>(
  key: string,
  url: (after: string | null) => string,
  rowsOf: (page: P) => T[],
  append: (kept: T[], page: T[]) => T[] = (kept, page) => [...kept, ...page],
): KeysetPages<T, P> {
  const [rows, setRows] = useState<T[]>([]);
  const [first, setFirst] = useState<P | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [state, setState] = useState<"loading" | "done" | string>("loading");
  const latest = useRef(0);
  const current = useRef({ url, rowsOf, append });
  current.current = { url, rowsOf, append };
  const load = useCallback(async (after: string | null, keep: T[]) => {
    const ticket = ++latest.current;
    setState("loading");
    try {
      const page = await api<P>(current.current.url(after));
      if (ticket !== latest.current) return;
      setRows(current.current.append(keep, current.current.rowsOf(page)));
      if (after === null) setFirst(page);
      setNext(page.next);
      setState("done");
    } catch (e) {
      if (ticket === latest.current) setState((e as Error).message);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the first page again whenever the key changes
  useEffect(() => {
    void load(null, []);
  }, [key]);
  return {
    rows,
    first,
    next,
    state,
    more: () => {
      if (next) void load(next, rows);
    },
    setRows,
  };
}
