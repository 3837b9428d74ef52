import { type Kysely, sql } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import type { TlpLevel } from "../../stix/index.js";
import type { DialectFeatures, WritePlan } from "../backend.js";
import { statement } from "../backend.js";
import type { Database } from "../database.js";
import { StoreError } from "../errors.js";
import { type BulkInsertSpec, bulkInsert } from "./bulk.js";
import type { AccessContext, ObjectSearch } from "./contract.js";
import { MAX_PAGE_LIMIT, READ_COLUMNS } from "./queries.js";
import { normalize, predicates } from "./read-predicates.js";
import { extractTerms, MAX_TERM, termRange } from "./terms.js";

/**
 * Search over `object_terms` (terms.ts): the write of a batch's terms, the backfill of a store
 * filled before migration 7, and the search page. The page walks the (term, seq) index from the
 * text's range and joins each hit to its version, keeping only what the reader may see (the same
 * TLP predicate as every read) and the last visible version of each id, so its cost is the page,
 * not the store: a keyset cursor holds the (term, seq) of the last hit.
 */

const TERMS: BulkInsertSpec = {
  name: "object_terms",
  table: "object_terms",
  columns: [
    ["term", "text"],
    ["seq", "bigint"],
  ],
  conflict: ["term", "seq"],
};

/**
 * Rows of (term, seq) per insert statement with array parameters (PostgreSQL). SQLite runs a
 * one-row statement per term (bulk.ts), so a batch's terms go to its writer thread in one message
 * instead of one round trip per 2,000 terms, each waiting for a turn of the main thread.
 */
const TERM_CHUNK = 2000;
/** Versions read per step of the backfill. */
const BACKFILL_STEP = 2000;

/** Writes the terms of stored versions (`seq` with the terms of its raw text). */
export function* termsPlan(
  db: Kysely<Database>,
  features: DialectFeatures,
  versions: ReadonlyArray<{ seq: number; terms: readonly string[] }>,
): WritePlan<void> {
  const chunk = features.arrayParameters ? TERM_CHUNK * 2 : Number.POSITIVE_INFINITY;
  let params: unknown[] = [];
  for (const v of versions) {
    for (const term of v.terms) {
      params.push(term, v.seq);
      if (params.length >= chunk) {
        yield bulkInsert(db, features, TERMS, params);
        params = [];
      }
    }
  }
  if (params.length > 0) yield bulkInsert(db, features, TERMS, params);
}

/** Migration 7's backfill: the terms of every version already stored, a step of versions at a time. */
export function* backfillTerms(db: Kysely<Database>, features: DialectFeatures): WritePlan<void> {
  let after = -1;
  for (;;) {
    const rows = yield statement(
      db.selectFrom("objects").select(["seq", "raw"]).where("seq", ">", after).orderBy("seq").limit(BACKFILL_STEP),
    );
    if (rows.length === 0) return;
    yield* termsPlan(
      db,
      features,
      rows.map((r) => ({ seq: Number(r.seq), terms: extractTerms(String(r.raw)) })),
    );
    after = Number(rows[rows.length - 1]?.seq);
  }
}

/** Most characters of a search text. */
export const MAX_SEARCH_TEXT = MAX_TERM;

/** The position after the last hit of a search page. */
interface SearchKey {
  term: string;
  seq: number;
}

/** A search cursor: base64url of `["s", term, seq]`. */
export function encodeSearchCursor(key: SearchKey): string {
  return Buffer.from(JSON.stringify(["s", key.term, key.seq]), "utf8").toString("base64url");
}

/** Decodes a search cursor; anything else is STORE_BAD_CURSOR. */
export function decodeSearchCursor(cursor: string): SearchKey {
  const bad = () => new StoreError("STORE_BAD_CURSOR", fromCatalog("errors:store.searchCursor"));
  if (cursor.length === 0 || cursor.length > 4 * MAX_TERM || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw bad();
  }
  if (!Array.isArray(value) || value.length !== 3 || value[0] !== "s") throw bad();
  const [, term, seq] = value as unknown[];
  if (typeof term !== "string" || term.length > MAX_TERM) throw bad();
  if (typeof seq !== "number" || !Number.isSafeInteger(seq) || seq < 0) throw bad();
  return { term, seq };
}

/** Checks a search: a text of 1–MAX_SEARCH_TEXT characters once folded, and the filter's limits. */
function checkSearch(search: ObjectSearch): { from: string; to: string | null } {
  const text = search.text.trim();
  if (text === "" || text.length > MAX_SEARCH_TEXT) {
    throw new StoreError(
      "STORE_BAD_FILTER",
      `search text must be 1 to ${MAX_SEARCH_TEXT} characters; it was ${text.length === 0 ? "empty" : `${text.length}`}`,
    );
  }
  const range = termRange(text, search.match ?? "prefix");
  if (range.from === "") throw new StoreError("STORE_BAD_FILTER", fromCatalog("errors:store.emptySearch"));
  return range;
}

/**
 * One page of the search: hits in (term, seq) order, limit + 1 rows (to know whether more follow),
 * each with its matched term. The last-version predicate is the one every read uses.
 */
export function searchQuery(
  db: Kysely<Database>,
  ctx: AccessContext,
  search: ObjectSearch,
  unmarkedAs: TlpLevel,
  limit: number,
  after: string | null,
) {
  const range = checkSearch(search);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StoreError("STORE_BAD_PAGE", fromCatalog("errors:store.pageLimit", { limit }));
  }
  const rows = Math.min(limit, MAX_PAGE_LIMIT) + 1;
  const where = predicates(ctx, normalize({ types: search.types, versions: ["last"] }), unmarkedAs);
  if (range.to === null) where.push(sql<boolean>`t.term = ${range.from}`);
  else where.push(sql<boolean>`t.term >= ${range.from} and t.term < ${range.to}`);
  if (after !== null) {
    const key = decodeSearchCursor(after);
    where.push(sql<boolean>`(t.term > ${key.term} or (t.term = ${key.term} and t.seq > ${key.seq}))`);
  }
  return db
    .selectFrom("object_terms as t")
    .innerJoin("objects as o", "o.seq", "t.seq")
    .select([...READ_COLUMNS, "t.term"])
    .where(sql<boolean>`${sql.join(where, sql` and `)}`)
    .orderBy("t.term")
    .orderBy("t.seq")
    .limit(sql.lit(rows));
}
