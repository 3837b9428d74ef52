import type { StixObject } from "../../stix/index.js";
import type { AccessContext, Store } from "../../store/index.js";
import type { MispFeedSource } from "./feed-writer.js";

/**
 * The store as the source of a MISP feed, read as one reader: every read goes through the
 * store's access filter (TLP and sharing), so the feed holds exactly what that reader may see.
 * Shared by `export --misp-feed` and the REST API's served feed, so both write the same feed.
 */

/** Objects read per page of the store. */
const PAGE = 1000;

/** The last version of each object `reader` may see, optionally of one collection. */
export function storeFeedSource(store: Store, reader: AccessContext, collectionId?: string): MispFeedSource {
  return {
    async *objects(types: readonly string[]): AsyncIterable<StixObject> {
      let after: string | null = null;
      for (;;) {
        const filter = { types: [...types], ...(collectionId ? { collectionId } : {}) };
        const page = await store.queryObjects(reader, filter, { limit: PAGE, after });
        for (const row of page.objects) yield JSON.parse(row.raw) as StixObject;
        if (!page.more || page.next === null) return;
        after = page.next;
      }
    },
  };
}
