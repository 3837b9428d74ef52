import { collectionRights, type Principal } from "../access/index.js";
import type { Collection, Directory } from "../store/index.js";

/**
 * The organization grants and collections the TAXII routes look up on every request, cached for
 * a moment. What a grant lets a principal do is decided by access (`collectionRights`); this
 * only saves the store the repeated reads.
 */

/** An organization's rights on one collection, as they apply to a principal. */
export interface Rights {
  read: boolean;
  write: boolean;
}

/**
 * How long a grant or a collection is reused without asking the store. Changes made through this
 * process's directory drop the cache at once; changes from another process (the CLI) take effect
 * within this time.
 */
export const GRANT_CACHE_MS = 1000;

const MAX_CACHE = 10_000;

/** Grants and collections, cached. */
export interface GrantLookup {
  /** What the principal may do on a collection (access's rule over its organization's grant). */
  rights(principal: Principal, collectionId: string): Promise<Rights>;
  /** The collection with this id. */
  collection(collectionId: string): Promise<Collection | null>;
}

interface Cached<T> {
  value: T;
  until: number;
}

/** A small map whose entries expire after GRANT_CACHE_MS or when the directory changes. */
function createCache<T>(directory: Directory) {
  let seen = directory.changes;
  const entries = new Map<string, Cached<T>>();
  return async (key: string, load: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    if (directory.changes !== seen) {
      entries.clear();
      seen = directory.changes;
    }
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    if (entries.size >= MAX_CACHE) entries.clear();
    entries.set(key, { value, until: now + GRANT_CACHE_MS });
    return value;
  };
}

/** The lookup over a directory. */
export function createGrantLookup(directory: Directory): GrantLookup {
  const grants = createCache<{ read: boolean; write: boolean } | null>(directory);
  const collections = createCache<Collection | null>(directory);
  return {
    async rights(principal, collectionId) {
      const grant =
        principal.user.role === "admin"
          ? null
          : await grants(`${collectionId}\u0000${principal.user.orgId}`, async () => {
              const [found] = await directory.listGrants({ collectionId, orgId: principal.user.orgId });
              return found ? { read: found.read, write: found.write } : null;
            });
      return collectionRights(principal, grant);
    },
    collection(collectionId) {
      return collections(collectionId, () => directory.findCollection(collectionId));
    },
  };
}
