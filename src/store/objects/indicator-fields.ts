import { type RawBuilder, sql } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import type { TlpLevel } from "../../stix/index.js";
import { StoreError } from "../errors.js";
import type { AccessContext } from "./contract.js";
import { decodeCursor } from "./cursor.js";
import { normalize, predicates } from "./read-predicates.js";
import { normalizeTimestamp } from "./timestamps.js";

/**
 * The detection index's read (queryIndicatorFields): the current indicator versions a reader may
 * see, in (date_added, seq) keyset pages, with only the fields the index uses extracted from the
 * stored JSON by the database. Reading whole objects and JSON.parse-ing each one in JavaScript
 * cost more than the index's own add; the database's JSON functions run in C and hand back a few
 * short strings per row. The visibility and "last version" predicates are the page read's own
 * (read-predicates.ts), so TLP rules are the same as queryObjects'.
 *
 * The system reader (detection: every indicator, whatever its TLP) reads `detect_indicators`
 * instead, the same fields of each id's last version kept by triggers (detect/migrations.ts): a
 * straight walk of narrow rows in key order. Any other reader's last version depends on what it
 * may see, so it keeps the objects read.
 */

/** The columns of a row, in select order (rows are read by position). */
export const INDICATOR_FIELD_COLUMNS = [
  "date_added",
  "seq",
  "id",
  "revoked",
  "pattern",
  "pattern_type",
  "valid_from",
  "valid_until",
  "modified",
  "ignore_warninglists",
] as const;

/** Largest page of queryIndicatorFields: rows are a few short strings, so pages are larger than the page read's. */
export const MAX_INDICATOR_FIELDS_PAGE = 50_000;

/**
 * The query of one page, `rows` rows (limit + 1) after the cursor. SQLite extracts each field with
 * `->>` (its JSON parser is fast on ~500-byte texts, and it returns SQL values: a JSON string
 * as text); PostgreSQL parses the text once with json_to_record, every field as text, and the
 * revoked and override flags as json so that only a JSON `true` counts, as IndicatorIndex.add checks them (the
 * object's own `revoked`, not the column, so the index sees exactly what the object says).
 */
export function indicatorFieldsQuery(
  dialect: "sqlite" | "postgres",
  ctx: AccessContext,
  unmarkedAs: TlpLevel,
  addedAfter: string | null,
  rows: number,
  after: string | null,
) {
  if (ctx.kind === "system") return narrowQuery(addedAfter, rows, after);
  const where = predicates(
    ctx,
    normalize(addedAfter === null ? { types: ["indicator"] } : { types: ["indicator"], addedAfter }),
    unmarkedAs,
  );
  if (after !== null) {
    const key = decodeCursor(after);
    where.push(sql<boolean>`(o.date_added, o.seq) > (${key.dateAdded}, ${key.seq})`);
  }
  if (!Number.isSafeInteger(rows) || rows < 1)
    throw new Error(`indicator fields row count ${rows} is not a positive integer`);
  const all = sql.join(where, sql` and `);
  // The row count is a literal, as in the page read (page-query.ts): a checked integer of ours.
  if (dialect === "sqlite") {
    return sql<unknown>`select o.date_added, o.seq, o.id, (o.raw -> '$.revoked') = 'true' as revoked,
      o.raw ->> '$.pattern' as pattern, o.raw ->> '$.pattern_type' as pattern_type,
      o.raw ->> '$.valid_from' as valid_from, o.raw ->> '$.valid_until' as valid_until,
      o.raw ->> '$.modified' as modified, (o.raw -> '$.x_centinela_ignore_warninglists') = 'true' as ignore_warninglists
      from objects o where ${all} order by o.date_added, o.seq limit ${sql.lit(rows)}`;
  }
  return sql<unknown>`select o.date_added, o.seq, o.id, coalesce(f.revoked::text = 'true', false) as revoked,
      f.pattern, f.pattern_type, f.valid_from, f.valid_until, f.modified,
      coalesce(f.x_centinela_ignore_warninglists::text = 'true', false) as ignore_warninglists
      from objects o cross join lateral json_to_record(o.raw::json) as f(pattern text, pattern_type text,
        valid_from text, valid_until text, modified text, revoked json, x_centinela_ignore_warninglists json)
      where ${all} order by o.date_added, o.seq limit ${sql.lit(rows)}`;
}

/** The system reader's page, from detect_indicators: the same columns, in the same order and cursor. */
function narrowQuery(addedAfter: string | null, rows: number, after: string | null) {
  const where: RawBuilder<boolean>[] = [];
  if (addedAfter !== null) {
    const since = normalizeTimestamp(addedAfter);
    if (!since) throw new StoreError("STORE_BAD_FILTER", fromCatalog("errors:store.addedAfter", { value: addedAfter }));
    where.push(sql<boolean>`d.date_added > ${since}`);
  }
  if (after !== null) {
    const key = decodeCursor(after);
    where.push(sql<boolean>`(d.date_added, d.seq) > (${key.dateAdded}, ${key.seq})`);
  }
  if (!Number.isSafeInteger(rows) || rows < 1)
    throw new Error(`indicator fields row count ${rows} is not a positive integer`);
  const filter = where.length === 0 ? sql`` : sql`where ${sql.join(where, sql` and `)}`;
  return sql<unknown>`select d.date_added, d.seq, d.id, d.revoked, d.pattern, d.pattern_type, d.valid_from,
      d.valid_until, d.modified, d.ignore_warninglists from detect_indicators d ${filter}
      order by d.date_added, d.seq limit ${sql.lit(rows)}`;
}
