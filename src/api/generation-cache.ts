/**
 * Values computed from the store, kept in the server process and recomputed only when the
 * store's generation token (InventoryStore.planGeneration) has moved: the console's Panorama
 * asks for the same national summary again and again, and computing it reads every asset.
 *
 * The key must hold everything that decides what the value may show (the caller's scope and
 * the organization asked for), so that one caller's value is never served to another who may
 * see less. Concurrent requests for one key and token share one computation; a failed one is
 * dropped, so the next request computes again.
 */

interface Entry<T> {
  token: string;
  value: Promise<T>;
}

/** A cache of computed values by key, each valid for one generation token. */
export class GenerationCache<T> {
  readonly #entries = new Map<string, Entry<T>>();

  /**
   * The value of `key` computed at `token`: the kept one when it was computed at the same token,
   * otherwise `compute()`'s (kept in place of the older one). Read `token` before computing, so
   * that a change landing during the computation makes the next request compute again.
   */
  get(key: string, token: string, compute: () => Promise<T>): Promise<T> {
    const kept = this.#entries.get(key);
    if (kept && kept.token === token) return kept.value;
    const entry: Entry<T> = { token, value: compute() };
    this.#entries.set(key, entry);
    entry.value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.value;
  }
}
