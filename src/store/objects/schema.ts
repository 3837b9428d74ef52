import type { Generated } from "kysely";

/**
 * The objects area's tables, as Kysely sees them (database.ts joins every area's into one
 * Database). Both databases share this schema; the only physical difference (how `seq` is
 * generated) is a capability of each adapter.
 *
 *   objects                 one row per (id, version_key): extracted columns + raw JSON text
 *   collection_objects      membership of a version in a collection (copies date_added/seq for keyset order)
 *   object_shares           AMBER / AMBER+STRICT: organizations an object id is shared with
 *   object_red_recipients   RED: users an object id is shared with
 *   collections             TAXII collections
 *   store_clock             one row: the last date_added handed out (microseconds)
 *   object_terms            search terms of each version (terms.ts), keyed (term, seq) (migration 7)
 */

/** One stored object version. */
export interface ObjectsTable {
  /** Global insertion sequence, the tie-breaker of keyset order. */
  seq: Generated<number>;
  id: string;
  type: string;
  spec_version: string;
  created: string | null;
  /** The version key as received (`modified`, `created` or ""). */
  version_key: string;
  /** The version key in fixed-width UTC form, for ordering and first/last. */
  version_sort: string;
  /** Store-assigned, strictly increasing, fixed-width UTC with microseconds. */
  date_added: string;
  tlp: string | null;
  producer_org: string | null;
  /** The user who wrote the version (RED: the writer keeps access). */
  producer_user: string | null;
  revoked: number;
  raw: string;
  raw_sha256: string;
  /**
   * 1 while this is the only stored version of its id, so "first" and "last" need no look at
   * other versions; set to 0 when another version arrives and never back (migration 4).
   */
  only_version: Generated<number>;
}

/** A version's membership of a collection. */
export interface CollectionObjectsTable {
  collection_id: string;
  object_id: string;
  version_key: string;
  type: string;
  date_added: string;
  seq: number;
  /** Organization of the writer who added the version to the collection (migration 2). */
  added_by_org: string | null;
}

/** AMBER sharing grant: the object id is shared with the organization. */
export interface ObjectSharesTable {
  object_id: string;
  org_id: string;
}

/** RED grant: the object id is shared with the user. */
export interface ObjectRedRecipientsTable {
  object_id: string;
  user_id: string;
}

/** A TAXII collection. */
export interface CollectionsTable {
  id: string;
  title: string;
  description: string | null;
  created: string;
}

/** The single-row clock of date_added. */
export interface StoreClockTable {
  id: number;
  last_us: number | string;
}

/** One search term of one stored version (terms.ts): values, names, external ids, references. */
export interface ObjectTermsTable {
  term: string;
  seq: number;
}

/** The objects area's tables. */
export interface ObjectsDatabase {
  objects: ObjectsTable;
  collection_objects: CollectionObjectsTable;
  object_shares: ObjectSharesTable;
  object_red_recipients: ObjectRedRecipientsTable;
  collections: CollectionsTable;
  store_clock: StoreClockTable;
  object_terms: ObjectTermsTable;
}
