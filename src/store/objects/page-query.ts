import { type Kysely, sql } from "kysely";
import type { TlpLevel } from "../../stix/index.js";
import type { Database } from "../database.js";
import type { AccessContext, ObjectFilter } from "./contract.js";
import { decodeCursor } from "./cursor.js";
import { type Normalized, normalize, predicates } from "./read-predicates.js";

/**
 * The page read, the hot path of TAXII: one keyset page of a filter with its small columns packed
 * into one, built by the query builder (pageQuery) or filled into a template compiled once per
 * filter shape (createPageCompiler).
 */

/** Separator of the packed columns of a page row: a control character no type, timestamp or org id holds. */
export const PACK_SEPARATOR = "\u001f";

/** The columns of a page row, in select order (array rows are read by position). */
export const PAGE_COLUMNS = ["raw", "date_added", "seq", "meta"] as const;

const sep = sql.lit(PACK_SEPARATOR);
/**
 * What a page selects: raw, date added and seq as they are, and the six small columns packed into
 * one text, id last (`type␟spec_version␟version_key␟tlp␟producer_org␟id`), split only when a
 * reader asks for them (the envelope never does). Each column is one string for the driver to
 * build: a member's page of 100 on 1,000,000 objects read in 194 µs packed, 218 µs as nine columns.
 */
const META = sql<string>`o.type || ${sep} || o.spec_version || ${sep} || o.version_key || ${sep} || coalesce(o.tlp, '') || ${sep} || coalesce(o.producer_org, '') || ${sep} || o.id`;
const PAGE_SELECT = ["o.raw", "o.date_added", "o.seq", META.as("meta")] as const;
/** In a collection, date_added is the membership's: when the version joined that collection. */
const COLLECTION_PAGE_SELECT = ["o.raw", "m.date_added", "o.seq", META.as("meta")] as const;
/**
 * An envelope's page: raw, date added and seq only. Building the packed column costs 36 µs of a
 * member's page of 100 (116 → 80 µs in SQLite alone), and an envelope never reads it.
 */
const RAW_PAGE_SELECT = ["o.raw", "o.date_added", "o.seq"] as const;
const RAW_COLLECTION_PAGE_SELECT = ["o.raw", "m.date_added", "o.seq"] as const;

/** One page of a filter in (date_added, seq) order, starting after the cursor; fetches limit + 1 rows. */
export function pageQuery(
  db: Kysely<Database>,
  ctx: AccessContext,
  filter: ObjectFilter,
  unmarkedAs: TlpLevel,
  limit: number,
  after: string | null,
) {
  return buildPage(
    db,
    ctx,
    normalize(filter),
    unmarkedAs,
    limit + 1,
    after === null ? null : decodeCursor(after),
    false,
  );
}

/**
 * The page query. Its row count is a literal in the SQL, never a bound parameter: with `LIMIT ?`
 * SQLite ran a member's default page of 100 (TLP and "last" predicates) in 159–215 µs, with
 * `LIMIT 101` in 75–88 µs, near the bare join (200,000 objects of bench/taxii.ts, same
 * plan). The count is a checked integer of ours, so writing it into the text is safe.
 */
function buildPage(
  db: Kysely<Database>,
  ctx: AccessContext,
  filter: Normalized,
  unmarkedAs: TlpLevel,
  rows: number,
  after: { dateAdded: unknown; seq: unknown } | null,
  rawOnly: boolean,
) {
  const where = predicates(ctx, filter, unmarkedAs);
  const key = filter.collectionId !== null ? "m" : "o";
  if (after !== null) {
    where.push(
      sql<boolean>`(${sql.ref(`${key}.date_added`)}, ${sql.ref(`${key}.seq`)}) > (${after.dateAdded}, ${after.seq})`,
    );
  }
  if (!Number.isSafeInteger(rows) || rows < 1)
    throw new Error(`page query row count ${rows} is not a positive integer`);
  const all = sql<boolean>`${sql.join(where.length > 0 ? where : [sql`1 = 1`], sql` and `)}`;
  if (filter.collectionId !== null) {
    return collectionRows(db, filter.ids !== null)
      .where("m.collection_id", "=", filter.collectionId)
      .orderBy("m.date_added")
      .orderBy("m.seq")
      .select(rawOnly ? RAW_COLLECTION_PAGE_SELECT : COLLECTION_PAGE_SELECT)
      .where(all)
      .limit(sql.lit(rows));
  }
  return db
    .selectFrom("objects as o")
    .orderBy("o.date_added")
    .orderBy("o.seq")
    .select(rawOnly ? RAW_PAGE_SELECT : PAGE_SELECT)
    .where(all)
    .limit(sql.lit(rows));
}

/**
 * The rows of a collection read: memberships `m` joined to their versions `o`. Reads by id (TAXII
 * objects/{id}/, versions/, match[id]) seek the id index and look each version's membership up by
 * (collection_id, seq), then sort those few rows. Walking the collection in page order instead,
 * as SQLite picks to spare the sort, reads the whole collection for one id: 1-2 requests/s on
 * 1,000,000 objects (bench/taxii.ts). CROSS JOIN keeps objects the outer loop in SQLite;
 * PostgreSQL plans it as the inner join it is.
 */
export function collectionRows(db: Kysely<Database>, byIds: boolean) {
  return byIds
    ? db.selectFrom("objects as o").crossJoin("collection_objects as m").whereRef("m.seq", "=", "o.seq")
    : db.selectFrom("collection_objects as m").innerJoin("objects as o", "o.seq", "m.seq");
}

/** A page query ready to run: SQL text and its parameters, columns in the order of PAGE_COLUMNS (the first three when raw only). */
export interface CompiledPage {
  sql: string;
  parameters: readonly unknown[];
}

const SLOT = "\u0000slot:";
const MAX_SHAPES = 256;

/**
 * Page queries compiled once per filter shape (which filters are present, how many values each
 * lists, the reader's kind, cursor or not) and then reused with new parameters: Kysely building
 * and compiling the page query cost 38 µs of a 312 µs page on 1,000,000 objects (bench/taxii.ts).
 * The template is built by the same builder with a placeholder for every value, so its SQL is
 * the SQL pageQuery builds; every value of a request is a parameter, never SQL text.
 */
export function createPageCompiler(db: Kysely<Database>, unmarkedAs: TlpLevel) {
  const templates = new Map<string, { sql: string; slots: Int32Array }>();
  return (
    ctx: AccessContext,
    filter: ObjectFilter,
    limit: number,
    after: string | null,
    rawOnly = false,
  ): CompiledPage => {
    const f = normalize(filter);
    const cursor = after === null ? null : decodeCursor(after);
    const values: unknown[] = [];
    const slot = (value: unknown): string => `${SLOT}${values.push(value) - 1}`;
    const slots = (list: readonly string[] | null) => (list ? list.map(slot) : null);
    const shaped: Normalized = {
      ids: slots(f.ids),
      types: slots(f.types),
      specs: slots(f.specs),
      addedAfter: f.addedAfter === null ? null : slot(f.addedAfter),
      versions: f.versions ? f.versions.map((v) => (typeof v === "string" ? v : { stamp: slot(v.stamp) })) : null,
      collectionId: f.collectionId === null ? null : slot(f.collectionId),
    };
    const shapedCtx: AccessContext = {
      kind: ctx.kind,
      orgId: ctx.kind === "member" ? slot(ctx.orgId) : ctx.orgId,
      userId: ctx.kind === "member" ? slot(ctx.userId) : ctx.userId,
    };
    // The row count is written into the SQL, not bound (see buildPage), so it is part of the shape.
    const rows = limit + 1;
    const position = cursor === null ? null : { dateAdded: slot(cursor.dateAdded), seq: slot(cursor.seq) };
    const key = `${shapeKey(shapedCtx.kind, f, position !== null)}|${rawOnly}|${rows}`;
    let template = templates.get(key);
    if (!template) {
      // The builder takes the placeholders as values.
      const compiled = buildPage(db, shapedCtx, shaped, unmarkedAs, rows, position, rawOnly).compile();
      const map = new Int32Array(compiled.parameters.length);
      compiled.parameters.forEach((p, i) => {
        if (typeof p !== "string" || !p.startsWith(SLOT)) {
          // A value built into the SQL would be reused for every request of this shape: refuse.
          throw new Error(`page query parameter ${i} is not a placeholder`);
        }
        map[i] = Number(p.slice(SLOT.length));
      });
      template = { sql: compiled.sql, slots: map };
      if (templates.size >= MAX_SHAPES) templates.clear();
      templates.set(key, template);
    }
    const parameters = new Array<unknown>(template.slots.length);
    for (let i = 0; i < template.slots.length; i++) parameters[i] = values[template.slots[i] as number];
    return { sql: template.sql, parameters };
  };
}

function shapeKey(kind: AccessContext["kind"], f: Normalized, cursor: boolean): string {
  const versions = f.versions ? f.versions.map((v) => (typeof v === "string" ? v[0] : "t")).join("") : "*";
  return `${kind}|${f.collectionId !== null}|${f.ids?.length ?? -1}|${f.types?.length ?? -1}|${f.specs?.length ?? -1}|${f.addedAfter !== null}|${versions}|${cursor}`;
}
