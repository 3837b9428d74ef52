import { type Kysely, sql } from "kysely";
import type { TlpLevel } from "../../stix/index.js";
import type { Database } from "../database.js";
import type { AccessContext, ObjectFilter } from "./contract.js";
import { collectionRows } from "./page-query.js";
import { filterPredicates, versionOf, visibleTo } from "./read-predicates.js";

/**
 * The read queries besides the page (page-query.ts): count, versions of one id, and stats, each
 * with the reader's TLP visibility inside (read-predicates.ts).
 */

/** Largest page a reader may ask for. */
export const MAX_PAGE_LIMIT = 10_000;

/** The columns every read returns. */
export const READ_COLUMNS = [
  "o.id",
  "o.type",
  "o.spec_version",
  "o.version_key",
  "o.date_added",
  "o.tlp",
  "o.producer_org",
  "o.raw",
  "o.seq",
] as const;

/** The number of rows a filter matches (no paging). */
export function countQuery(db: Kysely<Database>, ctx: AccessContext, filter: ObjectFilter, unmarkedAs: TlpLevel) {
  const where = filterPredicates(ctx, filter, unmarkedAs);
  const all = sql<boolean>`${sql.join(where.length > 0 ? where : [sql`1 = 1`], sql` and `)}`;
  const count = sql<number>`count(*)`.as("n");
  if (filter.collectionId) {
    return collectionRows(db, (filter.ids?.length ?? 0) > 0)
      .where("m.collection_id", "=", filter.collectionId)
      .select(count)
      .where(all);
  }
  return db.selectFrom("objects as o").select(count).where(all);
}

/** Every visible version of one id, oldest first (by versionOf). */
export function versionsQuery(db: Kysely<Database>, ctx: AccessContext, id: string, unmarkedAs: TlpLevel) {
  const visible = visibleTo(ctx, unmarkedAs, "o");
  return db
    .selectFrom("objects as o")
    .select(READ_COLUMNS)
    .where("o.id", "=", id)
    .$if(visible !== null, (q) => q.where(visible!))
    .orderBy(versionOf("o"))
    .orderBy("o.seq");
}

/** Visible versions and distinct ids per type. */
export function statsQuery(db: Kysely<Database>, ctx: AccessContext, unmarkedAs: TlpLevel) {
  const visible = visibleTo(ctx, unmarkedAs, "o");
  return db
    .selectFrom("objects as o")
    .select(["o.type", sql<number>`count(distinct o.id)`.as("ids"), sql<number>`count(*)`.as("versions")])
    .$if(visible !== null, (q) => q.where(visible!))
    .groupBy("o.type");
}
