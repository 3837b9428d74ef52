import { type Kysely, type RawBuilder, type SelectQueryBuilder, sql } from "kysely";
import type { TlpLevel } from "../stix/index.js";
import { decodeCursor } from "./cursor.js";
import { StoreError } from "./errors.js";
import type { CollectionObjectsTable, Database, ObjectsTable } from "./schema.js";
import type { AccessContext, ObjectFilter } from "./store.js";
import { normalizeTimestamp } from "./timestamps.js";

/**
 * The read queries, written once for both databases. TLP visibility is a predicate inside every
 * query (the same rule as access/canRead), and version selection (first/last) looks only at
 * versions the reader may see, so a reader's "last" never hints at a hidden newer version.
 */

/** Largest page a reader may ask for. */
export const MAX_PAGE_LIMIT = 10_000;
/** Most ids, types or versions one filter may list. */
export const MAX_FILTER_VALUES = 10_000;

type Bool = RawBuilder<boolean>;
/** Store-wide and collection-scoped reads share one builder type: `o` objects, `m` membership (when joined). */
type Scoped = SelectQueryBuilder<Database & { o: ObjectsTable; m: CollectionObjectsTable }, "o" | "m", object>;

/**
 * The TLP visibility predicate for rows of `alias` (a table alias of objects): access/canRead in SQL.
 * AMBER (not AMBER+STRICT) is also visible to an organization with a read grant on a collection
 * that the version was put into by its producer's organization (access/sharedOrganizations).
 */
export function visibleTo(ctx: AccessContext, unmarkedAs: TlpLevel, alias: string): Bool | null {
  if (ctx.kind === "system") return null;
  const level = sql`coalesce(${sql.ref(`${alias}.tlp`)}, ${sql.lit(unmarkedAs)})`;
  if (ctx.kind === "anonymous") return sql<boolean>`${level} = 'clear'`;
  const id = sql.ref(`${alias}.id`);
  return sql<boolean>`(${level} in ('clear', 'green')
    or (${level} in ('amber', 'amber+strict') and (${sql.ref(`${alias}.producer_org`)} = ${ctx.orgId}
      or exists (select 1 from object_shares s where s.object_id = ${id} and s.org_id = ${ctx.orgId})))
    or (${level} = 'amber' and exists (select 1 from collection_objects cs
      join collection_grants g on g.collection_id = cs.collection_id and g.org_id = ${ctx.orgId} and g.can_read = 1
      where cs.seq = ${sql.ref(`${alias}.seq`)} and cs.added_by_org is not distinct from ${sql.ref(`${alias}.producer_org`)}))
    or (${level} = 'red' and (${sql.ref(`${alias}.producer_user`)} = ${ctx.userId}
      or exists (select 1 from object_red_recipients r where r.object_id = ${id} and r.user_id = ${ctx.userId}))))`;
}

function checkList(name: string, values: readonly string[] | undefined): readonly string[] | null {
  if (!values || values.length === 0) return null;
  if (values.length > MAX_FILTER_VALUES) {
    throw new StoreError(
      "STORE_BAD_FILTER",
      `filter ${name} lists ${values.length} values; the most is ${MAX_FILTER_VALUES}`,
    );
  }
  return values;
}

/**
 * The predicates of a filter on rows of objects `o` (and membership `m` when collection-scoped):
 * visibility, ids, types, spec versions, added after, and version selection.
 */
export function filterPredicates(ctx: AccessContext, filter: ObjectFilter, unmarkedAs: TlpLevel): Bool[] {
  const where: Bool[] = [];
  const visible = visibleTo(ctx, unmarkedAs, "o");
  if (visible) where.push(visible);
  const ids = checkList("ids", filter.ids);
  if (ids) where.push(sql<boolean>`o.id in (${sql.join(ids)})`);
  const types = checkList("types", filter.types);
  if (types) where.push(sql<boolean>`${sql.ref(filter.collectionId ? "m.type" : "o.type")} in (${sql.join(types)})`);
  const specs = checkList("specVersions", filter.specVersions);
  if (specs) where.push(sql<boolean>`o.spec_version in (${sql.join(specs)})`);
  if (filter.addedAfter !== undefined) {
    const after = normalizeTimestamp(filter.addedAfter);
    if (!after) {
      throw new StoreError("STORE_BAD_FILTER", `addedAfter "${filter.addedAfter}" is not an RFC 3339 timestamp`);
    }
    where.push(sql<boolean>`${sql.ref(filter.collectionId ? "m.date_added" : "o.date_added")} > ${after}`);
  }
  const versions = checkList("versions", filter.versions) ?? ["last"];
  if (!versions.includes("all")) {
    const any: Bool[] = [];
    const stamps: string[] = [];
    for (const v of versions) {
      if (v === "last") any.push(noOtherVersion(ctx, unmarkedAs, ">", filter.collectionId));
      else if (v === "first") any.push(noOtherVersion(ctx, unmarkedAs, "<", filter.collectionId));
      else {
        const stamp = normalizeTimestamp(v);
        if (!stamp)
          throw new StoreError("STORE_BAD_FILTER", `version "${v}" is not first, last, all or an RFC 3339 timestamp`);
        stamps.push(stamp);
      }
    }
    if (stamps.length > 0) any.push(sql<boolean>`o.version_sort in (${sql.join(stamps)})`);
    where.push(sql<boolean>`(${sql.join(any, sql` or `)})`);
  }
  return where;
}

/** No visible version of the same id (in the same collection, when scoped) is newer / older. */
function noOtherVersion(ctx: AccessContext, unmarkedAs: TlpLevel, op: ">" | "<", collectionId?: string): Bool {
  const visible = visibleTo(ctx, unmarkedAs, "v");
  const inCollection = collectionId
    ? sql`and exists (select 1 from collection_objects mv where mv.collection_id = ${collectionId} and mv.date_added = v.date_added and mv.seq = v.seq)`
    : sql``;
  return sql<boolean>`not exists (select 1 from objects v where v.id = o.id and v.version_sort ${sql.raw(op)} o.version_sort
    ${visible ? sql`and ${visible}` : sql``} ${inCollection})`;
}

/** The columns every read returns. */
const COLUMNS = [
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

/** One page of a filter in (date_added, seq) order, starting after the cursor; fetches limit + 1 rows. */
export function pageQuery(
  db: Kysely<Database>,
  ctx: AccessContext,
  filter: ObjectFilter,
  unmarkedAs: TlpLevel,
  limit: number,
  after: string | null,
) {
  const where = filterPredicates(ctx, filter, unmarkedAs);
  const key = filter.collectionId ? "m" : "o";
  if (after !== null) {
    const { dateAdded, seq } = decodeCursor(after);
    where.push(sql<boolean>`(${sql.ref(`${key}.date_added`)}, ${sql.ref(`${key}.seq`)}) > (${dateAdded}, ${seq})`);
  }
  const base = filter.collectionId
    ? db
        .selectFrom("collection_objects as m")
        .innerJoin("objects as o", "o.seq", "m.seq")
        .where("m.collection_id", "=", filter.collectionId)
        .orderBy("m.date_added")
        .orderBy("m.seq")
    : db.selectFrom("objects as o").orderBy("o.date_added").orderBy("o.seq");
  return (base as unknown as Scoped)
    .select(COLUMNS)
    .where(sql<boolean>`${sql.join(where.length > 0 ? where : [sql`1 = 1`], sql` and `)}`)
    .limit(limit + 1);
}

/** The number of rows a filter matches (no paging). */
export function countQuery(db: Kysely<Database>, ctx: AccessContext, filter: ObjectFilter, unmarkedAs: TlpLevel) {
  const where = filterPredicates(ctx, filter, unmarkedAs);
  const base = filter.collectionId
    ? db
        .selectFrom("collection_objects as m")
        .innerJoin("objects as o", "o.seq", "m.seq")
        .where("m.collection_id", "=", filter.collectionId)
    : db.selectFrom("objects as o");
  return (base as unknown as Scoped)
    .select(sql<number>`count(*)`.as("n"))
    .where(sql<boolean>`${sql.join(where.length > 0 ? where : [sql`1 = 1`], sql` and `)}`);
}

/** Every visible version of one id, oldest first. */
export function versionsQuery(db: Kysely<Database>, ctx: AccessContext, id: string, unmarkedAs: TlpLevel) {
  const visible = visibleTo(ctx, unmarkedAs, "o");
  return db
    .selectFrom("objects as o")
    .select(COLUMNS)
    .where("o.id", "=", id)
    .$if(visible !== null, (q) => q.where(visible!))
    .orderBy("o.version_sort")
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
