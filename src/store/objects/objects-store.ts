import { CompiledQuery, sql } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import type { TlpLevel } from "../../stix/index.js";
import type { Backend } from "../backend.js";
import { StoreError } from "../errors.js";
import type {
  AccessContext,
  IndicatorFields,
  IndicatorFieldsPage,
  ObjectFilter,
  ObjectPage,
  ObjectStore,
  PageRequest,
  RawObject,
  RawObjectPage,
  SearchHit,
  StoredObject,
  StoreStats,
} from "./contract.js";
import { encodeCursor } from "./cursor.js";
import { INDICATOR_FIELD_COLUMNS, indicatorFieldsQuery, MAX_INDICATOR_FIELDS_PAGE } from "./indicator-fields.js";
import { createPageCompiler, PACK_SEPARATOR, PAGE_COLUMNS } from "./page-query.js";
import { countQuery, MAX_PAGE_LIMIT, statsQuery, versionsQuery } from "./queries.js";
import { encodeSearchCursor, searchQuery } from "./search.js";
import { nowMicros } from "./timestamps.js";
import { prepareBatch, putPlan } from "./write.js";

/**
 * The objects area over a Backend: every method is the same for SQLite and PostgreSQL; the
 * adapters only connect, run write plans in a transaction, and declare their capabilities.
 */

/**
 * An adapter's fast read of a page: the rows of a compiled page query as arrays, columns in
 * PAGE_COLUMNS order. SQLite reads them in raw mode (no object per row); without one, rows come
 * through Kysely and are laid out the same way.
 */
export type ReadArrays = (sql: string, parameters: readonly unknown[]) => unknown[][];

interface ReadRow {
  id: string;
  type: string;
  spec_version: string;
  version_key: string;
  date_added: string;
  tlp: string | null;
  producer_org: string | null;
  raw: string;
  seq: number | string;
}

function toStored(row: ReadRow): StoredObject {
  return {
    id: row.id,
    type: row.type,
    specVersion: row.spec_version,
    versionKey: row.version_key,
    dateAdded: row.date_added,
    tlp: row.tlp as TlpLevel | null,
    producerOrg: row.producer_org,
    raw: row.raw,
  };
}

/**
 * A page row (PAGE_COLUMNS order) as a StoredObject: raw and date added as read, the packed
 * columns split on first use, so rendering an envelope touches only the raw texts.
 */
class PageObject implements StoredObject {
  readonly raw: string;
  readonly dateAdded: string;
  #meta: string;
  #parts: string[] | null = null;

  constructor(row: unknown[]) {
    this.raw = row[0] as string;
    this.dateAdded = row[1] as string;
    this.#meta = row[3] as string;
  }

  #part(i: number): string {
    if (this.#parts === null) {
      const parts: string[] = [];
      let from = 0;
      // Five separators; the id is the rest, whatever it holds.
      for (let k = 0; k < 5; k++) {
        const at = this.#meta.indexOf(PACK_SEPARATOR, from);
        parts.push(this.#meta.slice(from, at));
        from = at + 1;
      }
      parts.push(this.#meta.slice(from));
      this.#parts = parts;
    }
    return this.#parts[i] as string;
  }

  get type(): string {
    return this.#part(0);
  }
  get specVersion(): string {
    return this.#part(1);
  }
  get versionKey(): string {
    return this.#part(2);
  }
  get tlp(): TlpLevel | null {
    return (this.#part(3) || null) as TlpLevel | null;
  }
  get producerOrg(): string | null {
    return this.#part(4) || null;
  }
  get id(): string {
    return this.#part(5);
  }

  /** The plain fields, for JSON and logs (getters are not own properties). */
  toJSON(): StoredObject {
    const { id, type, specVersion, versionKey, dateAdded, tlp, producerOrg, raw } = this;
    return { id, type, specVersion, versionKey, dateAdded, tlp, producerOrg, raw };
  }
}

/** The objects area of a store over the backend (`readArrays`: the adapter's fast page read). */
export function createObjectStore(backend: Backend, unmarkedAs: TlpLevel, readArrays?: ReadArrays): ObjectStore {
  const { db, features } = backend;
  const compilePage = createPageCompiler(db, unmarkedAs);
  const pageRows = async (sql: string, parameters: readonly unknown[]): Promise<unknown[][]> => {
    if (readArrays) return readArrays(sql, parameters);
    const { rows } = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(sql, [...parameters]));
    return rows.map((row) => PAGE_COLUMNS.map((column) => row[column]));
  };
  /** One page's rows (limit + 1 read, to know whether more follow) and the cursor after it. */
  const readPage = async (ctx: AccessContext, filter: ObjectFilter, page: PageRequest, rawOnly: boolean) => {
    if (!Number.isInteger(page.limit) || page.limit < 1) {
      throw new StoreError("STORE_BAD_PAGE", fromCatalog("errors:store.pageLimit", { limit: page.limit }));
    }
    const limit = Math.min(page.limit, MAX_PAGE_LIMIT);
    const { sql, parameters } = compilePage(ctx, filter, limit, page.after ?? null, rawOnly);
    const rows = await pageRows(sql, parameters);
    const more = rows.length > limit;
    const count = more ? limit : rows.length;
    const last = rows[count - 1];
    const next = more && last ? encodeCursor({ dateAdded: last[1] as string, seq: Number(last[2]) }) : null;
    return { rows, count, more, next };
  };
  let puts: Promise<unknown> = Promise.resolve();
  return {
    putObjects(ctx, batch) {
      if (batch.length === 0) return Promise.resolve([]);
      // Prepared now, while an earlier write may still hold the writer.
      const prepared = prepareBatch(batch);
      // One at a time and in call order, on both databases: a caller with several batches in
      // flight (the import) gets them stored in its order, so of two inputs with the same key the
      // first one wins. PostgreSQL writers queue on the clock row anyway.
      const put = puts.then(() => backend.runWrite(() => putPlan(db, features, ctx, prepared, nowMicros())));
      puts = put.catch(() => undefined);
      return put;
    },

    async queryObjects(ctx: AccessContext, filter: ObjectFilter, page: PageRequest): Promise<ObjectPage> {
      const { rows, count, more, next } = await readPage(ctx, filter, page, false);
      const objects = new Array<StoredObject>(count);
      for (let i = 0; i < count; i++) objects[i] = new PageObject(rows[i] as unknown[]);
      return { objects, more, next };
    },

    async queryRawObjects(ctx: AccessContext, filter: ObjectFilter, page: PageRequest): Promise<RawObjectPage> {
      const { rows, count, more, next } = await readPage(ctx, filter, page, true);
      const objects = new Array<RawObject>(count);
      for (let i = 0; i < count; i++) {
        const row = rows[i] as unknown[];
        objects[i] = { raw: row[0] as string, dateAdded: row[1] as string };
      }
      return { objects, more, next };
    },

    async queryIndicatorFields(ctx, addedAfter, page): Promise<IndicatorFieldsPage> {
      if (!Number.isInteger(page.limit) || page.limit < 1) {
        throw new StoreError("STORE_BAD_PAGE", fromCatalog("errors:store.pageLimit", { limit: page.limit }));
      }
      const limit = Math.min(page.limit, MAX_INDICATOR_FIELDS_PAGE);
      const { sql, parameters } = indicatorFieldsQuery(
        backend.kind,
        ctx,
        unmarkedAs,
        addedAfter,
        limit + 1,
        page.after ?? null,
      ).compile(db);
      let rows: unknown[][];
      if (readArrays) rows = readArrays(sql, parameters);
      else {
        const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(sql, [...parameters]));
        rows = result.rows.map((row) => INDICATOR_FIELD_COLUMNS.map((column) => row[column]));
      }
      const more = rows.length > limit;
      const count = more ? limit : rows.length;
      const indicators = new Array<IndicatorFields>(count);
      const text = (v: unknown) => (v === null ? undefined : v);
      for (let i = 0; i < count; i++) {
        const r = rows[i] as unknown[];
        indicators[i] = {
          dateAdded: r[0] as string,
          id: r[2] as string,
          revoked: r[3] === true || r[3] === 1,
          pattern: text(r[4]),
          pattern_type: text(r[5]),
          valid_from: text(r[6]),
          valid_until: text(r[7]),
          modified: text(r[8]),
          x_centinela_ignore_warninglists: r[9] === true || r[9] === 1,
        };
      }
      const last = rows[count - 1];
      const next = more && last ? encodeCursor({ dateAdded: last[0] as string, seq: Number(last[1]) }) : null;
      return { indicators, more, next };
    },

    async getVersions(ctx, id) {
      const rows = (await versionsQuery(db, ctx, id, unmarkedAs).execute()) as ReadRow[];
      return rows.map(toStored);
    },

    async countObjects(ctx, filter) {
      const row = await countQuery(db, ctx, filter, unmarkedAs).executeTakeFirst();
      return Number(row?.n ?? 0);
    },

    async stats(ctx): Promise<StoreStats> {
      const rows = await statsQuery(db, ctx, unmarkedAs).execute();
      const byType: Record<string, number> = {};
      let total = 0;
      let versions = 0;
      for (const row of rows) {
        byType[row.type] = Number(row.ids);
        total += Number(row.ids);
        versions += Number(row.versions);
      }
      return { total, versions, byType };
    },

    async searchObjects(ctx, search, page) {
      const rows = (await searchQuery(db, ctx, search, unmarkedAs, page.limit, page.after ?? null).execute()) as Array<
        ReadRow & { term: string }
      >;
      const limit = Math.min(page.limit, MAX_PAGE_LIMIT);
      const more = rows.length > limit;
      const kept = more ? rows.slice(0, limit) : rows;
      const last = kept[kept.length - 1];
      // An object matching by several terms (a name and its words) is listed once on the page.
      const seen = new Set<string>();
      const objects: SearchHit[] = [];
      for (const row of kept) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        objects.push({ ...toStored(row), term: row.term });
      }
      const next = more && last ? encodeSearchCursor({ term: last.term, seq: Number(last.seq) }) : null;
      return { objects, next, more };
    },

    async readGeneration() {
      // Two key lookups: the clock's one row and the audit log's highest key.
      const { rows } = await sql<Record<string, unknown>>`select
        (select last_us from store_clock where id = 1) as clock,
        (select max(seq) from audit_log) as audit`.execute(db);
      const r = rows[0] ?? {};
      return `${String(r.clock ?? "")}/${String(r.audit ?? "")}`;
    },
  };
}
