import type { TlpLevel } from "../../stix/index.js";

/**
 * The objects area's contract: every read and write of STIX content goes through one of these.
 *
 *   putObjects(ctx, [ObjectVersionInput…])  →  [PutResult…]          one transaction per call
 *   queryObjects(ctx, filter, page)         →  { objects: StoredObject[], next, more }
 *   queryRawObjects(ctx, filter, page)      →  { objects: RawObject[], next, more }  the same page, raw and date only
 *   getVersions(ctx, id)                    →  StoredObject[]        oldest first
 *   countObjects(ctx, filter)               →  number
 *   stats(ctx)                              →  { total, byType: { [type]: n } }
 *   searchObjects(ctx, search, page)        →  { objects: SearchHit[], next, more }  by value, name, external id, reference
 *
 * Objects are immutable versions keyed by (id, versionKey). `raw` is the JSON text exactly as
 * received and is what every read returns. Every read takes an AccessContext and filters by TLP
 * inside the query: no caller filters after the fact.
 */

/** Who is reading. `system` is the local operator (CLI on the machine); it sees everything. */
export interface AccessContext {
  kind: "system" | "member" | "anonymous";
  /** The reader's organization id (null for system and anonymous). */
  orgId: string | null;
  /** The reader's user id, used for TLP:RED named-recipient grants. */
  userId: string | null;
}

/** Who is writing: recorded with each version (producer organization) and in the audit log. */
export interface WriteContext {
  orgId: string | null;
  userId: string | null;
  /** Where the write came from: "cli", "taxii", an address… */
  source: string;
  /** The client's address (IP) for the audit log, when the write came over the network. */
  address?: string;
}

/** One object version to store, as the ingest path prepares it. */
export interface ObjectVersionInput {
  id: string;
  type: string;
  specVersion: string;
  /** `created` of the object, or null (SCOs). */
  created: string | null;
  /** `modified`, else `created`, else "" for unversioned objects (SCOs). Part of the key. */
  versionKey: string;
  /** The JSON text as received (or as re-serialized when ingest had to change the object). */
  raw: string;
  /**
   * The search terms of `raw` (`termsOf` of the parsed object), when the caller has parsed it
   * anyway (ingest does): the store then does not parse the text a second time to find them.
   */
  terms?: readonly string[];
  /** TLP level from the object's markings, or null when unmarked. */
  tlp: TlpLevel | null;
  revoked: boolean;
  /** Collection to add the version to, if any. */
  collectionId?: string | null;
  /** AMBER / AMBER+STRICT: organizations to share the object id with (grants add up, never removed here). */
  shareWith?: readonly string[] | null;
  /** RED: users to share the object id with (grants add up, never removed here). */
  redRecipients?: readonly string[] | null;
}

/** What happened to one input of putObjects, in input order. */
export type PutOutcome = "new" | "new_version" | "unchanged" | "conflict";

/** The outcome of one input of putObjects and the time its version was added. */
export interface PutResult {
  id: string;
  versionKey: string;
  outcome: PutOutcome;
  /** Store-assigned time the version was first added (RFC 3339, microseconds, strictly increasing). */
  dateAdded: string;
}

/** A stored version as reads return it. */
export interface StoredObject {
  id: string;
  type: string;
  specVersion: string;
  versionKey: string;
  dateAdded: string;
  tlp: TlpLevel | null;
  producerOrg: string | null;
  raw: string;
}

/** Read filters; every field optional, all combined with AND. */
export interface ObjectFilter {
  ids?: string[];
  types?: string[];
  /** "last" (default), "first", "all", or explicit version timestamps. */
  versions?: Array<"first" | "last" | "all" | string>;
  specVersions?: string[];
  /** Only versions added strictly after this RFC 3339 time. */
  addedAfter?: string;
  collectionId?: string;
}

/** Keyset paging: `after` is an opaque cursor from a previous page's `next`. */
export interface PageRequest {
  limit: number;
  after?: string | null;
}

/** One keyset page of stored versions. */
export interface ObjectPage {
  objects: StoredObject[];
  /** Cursor for the next page, or null when this is the last one. */
  next: string | null;
  more: boolean;
}

/** An object of a page read for its text alone (a TAXII envelope): what came in, and when it was added. */
export interface RawObject {
  raw: string;
  dateAdded: string;
}

/** One keyset page of raw texts (the same rows as ObjectPage). */
export interface RawObjectPage {
  objects: RawObject[];
  next: string | null;
  more: boolean;
}

/** Counts of visible objects: ids, versions, ids per type. */
export interface StoreStats {
  total: number;
  versions: number;
  byType: Record<string, number>;
}

/**
 * A search of the term index: `text` folded (case and accents ignored) and matched against the
 * terms of each version (pattern values, SCO values and hashes, names and their words, aliases,
 * external ids such as T1059 or CVE ids, and the STIX ids an object references), as the whole
 * term (`exact`) or its beginning (`prefix`, the default). Only the last visible version of each
 * id is a hit.
 */
export interface ObjectSearch {
  text: string;
  match?: "exact" | "prefix";
  types?: string[];
}

/** A search hit: the stored version and the term it matched by. */
export interface SearchHit extends StoredObject {
  term: string;
}

/** One keyset page of search hits, in (term, version) order; an id is listed once per page. */
export interface SearchPage {
  objects: SearchHit[];
  next: string | null;
  more: boolean;
}

/**
 * One current indicator version as the detection index reads it: the fields IndicatorIndex.add
 * uses, extracted by the database (a JSON string as its text, anything else absent or as the
 * database renders it), and the version's date added for the next reload's watermark.
 */
export interface IndicatorFields {
  id: string;
  dateAdded: string;
  pattern: unknown;
  pattern_type: unknown;
  valid_from: unknown;
  valid_until: unknown;
  modified: unknown;
  /** The object's `revoked` is JSON true. */
  revoked: boolean;
  /** The object's `x_centinela_ignore_warninglists` is JSON true. */
  x_centinela_ignore_warninglists: boolean;
}

/** One keyset page of indicator fields. */
export interface IndicatorFieldsPage {
  indicators: IndicatorFields[];
  next: string | null;
  more: boolean;
}

/** The objects area of the store: STIX object versions, their collections and shares. */
export interface ObjectStore {
  putObjects(ctx: WriteContext, batch: ObjectVersionInput[]): Promise<PutResult[]>;
  queryObjects(ctx: AccessContext, filter: ObjectFilter, page: PageRequest): Promise<ObjectPage>;
  /** The page queryObjects reads, same rows, order and cursors, without the columns an envelope never needs. */
  queryRawObjects(ctx: AccessContext, filter: ObjectFilter, page: PageRequest): Promise<RawObjectPage>;
  /**
   * The current (last visible) indicator versions, added after `addedAfter` when given, in
   * date-added order: only the detection index's fields, pages of up to 50,000.
   */
  queryIndicatorFields(ctx: AccessContext, addedAfter: string | null, page: PageRequest): Promise<IndicatorFieldsPage>;
  getVersions(ctx: AccessContext, id: string): Promise<StoredObject[]>;
  countObjects(ctx: AccessContext, filter: ObjectFilter): Promise<number>;
  stats(ctx: AccessContext): Promise<StoreStats>;
  /** Objects whose terms match the search, as the reader may see them (STORE_BAD_FILTER for an empty text). */
  searchObjects(ctx: AccessContext, search: ObjectSearch, page: PageRequest): Promise<SearchPage>;
  /**
   * A token that moves whenever what some reader may read can have changed, in any process: a
   * version or a collection membership written (the store clock) or any audited change (grants,
   * collections, accounts, removals, merges; also every import, audited even when it stores
   * nothing new). Conservative and cheap (two key lookups), so a value computed from reads (the
   * served MISP feed) can be kept until it moves.
   */
  readGeneration(): Promise<string>;
}
