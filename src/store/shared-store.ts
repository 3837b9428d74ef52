import type { TlpLevel } from "../stix/index.js";
import type { Backend } from "./backend.js";
import { encodeCursor } from "./cursor.js";
import { createDirectory } from "./directory-store.js";
import { createInventory } from "./inventory-store.js";
import { StoreError } from "./errors.js";
import { migrationPlan } from "./migrations.js";
import { countQuery, MAX_PAGE_LIMIT, pageQuery, statsQuery, versionsQuery } from "./queries.js";
import type { AccessContext, ObjectFilter, ObjectPage, PageRequest, Store, StoredObject, StoreStats } from "./store.js";
import { nowMicros } from "./timestamps.js";
import { putPlan } from "./write.js";

/**
 * The Store, written once over a Backend: every method is the same for SQLite and PostgreSQL;
 * the adapters only connect, run write plans in a transaction, and declare their capabilities.
 */

/** Options every adapter accepts. */
export interface StoreOptions {
  /** How unmarked objects (no TLP marking) are treated on read; default "amber" (of their producer). */
  unmarkedAs?: TlpLevel;
}

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

/** Applies pending migrations, then returns the Store over the backend. */
export async function createSharedStore(backend: Backend, options: StoreOptions = {}): Promise<Store> {
  const { db, features } = backend;
  const unmarkedAs = options.unmarkedAs ?? "amber";
  await backend.runWrite(() => migrationPlan(db, features));
  return {
    kind: backend.kind,

    putObjects(ctx, batch) {
      if (batch.length === 0) return Promise.resolve([]);
      return backend.runWrite(() => putPlan(db, features, ctx, batch, nowMicros()));
    },

    async queryObjects(ctx: AccessContext, filter: ObjectFilter, page: PageRequest): Promise<ObjectPage> {
      if (!Number.isInteger(page.limit) || page.limit < 1) {
        throw new StoreError("STORE_BAD_PAGE", `page limit ${page.limit} is not a positive integer`);
      }
      const limit = Math.min(page.limit, MAX_PAGE_LIMIT);
      const rows = (await pageQuery(db, ctx, filter, unmarkedAs, limit, page.after ?? null).execute()) as ReadRow[];
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const last = rows[rows.length - 1];
      return {
        objects: rows.map(toStored),
        more,
        next: more && last ? encodeCursor({ dateAdded: last.date_added, seq: Number(last.seq) }) : null,
      };
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

    directory: createDirectory(backend, unmarkedAs),

    inventory: createInventory(backend),

    close: () => backend.close(),
  };
}
