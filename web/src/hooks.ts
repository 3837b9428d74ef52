import { useCallback, useEffect, useState } from "react";
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
