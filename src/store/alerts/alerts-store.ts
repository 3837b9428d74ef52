import { type Expression, type ExpressionBuilder, type SqlBool, sql } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import { type Backend, statement } from "../backend.js";
import type { Database } from "../database.js";
import { audit } from "../directory/rows.js";
import { StoreError } from "../errors.js";
import type { InventoryScope } from "../inventory/contract.js";
import {
  ALERTS_KEPT,
  type AlertBucket,
  type AlertFilter,
  type AlertKind,
  type AlertStore,
  type IndicatorTally,
} from "./contract.js";
import { checkFilter, decodeAlertCursor, encodeAlertCursor, filterInstant, fromRow, toRow } from "./rows.js";

/** Most alerts one page returns. */
export const MAX_ALERT_PAGE = 1000;

/** Most indicators one "top indicators" answer counts. */
export const MAX_TOP_INDICATORS = 100;

type Eb = ExpressionBuilder<Database, "alerts">;

/** The conditions of a scope and a filter (kinds and statuses checked first). */
function conditions(eb: Eb, scope: InventoryScope, filter: AlertFilter): Expression<SqlBool>[] {
  checkFilter(filter);
  const out: Expression<SqlBool>[] = [];
  if (scope.kind === "org") out.push(eb("org_id", "=", scope.orgId));
  if (filter.orgId !== undefined) out.push(eb("org_id", "=", filter.orgId));
  if (filter.kinds !== undefined && filter.kinds.length > 0) out.push(eb("kind", "in", [...filter.kinds]));
  if (filter.statuses !== undefined && filter.statuses.length > 0) out.push(eb("status", "in", [...filter.statuses]));
  if (filter.indicatorId !== undefined) out.push(eb("indicator_id", "=", filter.indicatorId));
  if (filter.value !== undefined) out.push(eb("value", "=", filter.value));
  if (filter.from !== undefined) out.push(eb("ts", ">=", filterInstant("from", filter.from)));
  if (filter.to !== undefined) {
    out.push(eb("ts", "<", filterInstant("to", filter.to)));
    // An alert without a time (stored empty) is before every instant, but in no range.
    out.push(eb("ts", "<>", ""));
  }
  return out;
}

/** The alerts area over a backend: the same statements on SQLite and PostgreSQL. */
export function createAlerts(backend: Backend): AlertStore {
  const { db } = backend;
  // Twenty parameters a row.
  const rowsPerStatement = Math.max(1, Math.floor(backend.features.maxParameters / 20) - 1);
  return {
    async insert(orgId, alerts, options = {}) {
      const keep = options.keep ?? ALERTS_KEPT;
      if (!Number.isSafeInteger(keep) || keep < 1)
        throw new StoreError(
          "STORE_BAD_FILTER",
          `alerts kept per organization must be a whole number ≥ 1, not ${keep}`,
        );
      if (alerts.length === 0) return { added: 0, pruned: 0 };
      const recorded = new Date().toISOString();
      return backend.runWrite(function* () {
        let added = 0;
        for (let i = 0; i < alerts.length; i += rowsPerStatement) {
          const rows = alerts.slice(i, i + rowsPerStatement).map((a) => toRow(orgId, a, recorded));
          const inserted = yield statement(
            db
              .insertInto("alerts")
              .values(rows)
              .onConflict((oc) => oc.column("id").doNothing())
              .returning("id"),
          );
          added += inserted.length;
        }
        // Past the bound (whether or not this batch added any), the oldest recorded go.
        let pruned = 0;
        const [total] = yield statement(
          db
            .selectFrom("alerts")
            .select((eb) => eb.fn.countAll<string | number>().as("n"))
            .where("org_id", "=", orgId),
        );
        const over = Number(total?.n ?? 0) - keep;
        if (over > 0) {
          // The newest `keep` stay: everything at or below the seq just past them goes.
          const [edge] = yield statement(
            db
              .selectFrom("alerts")
              .select("seq")
              .where("org_id", "=", orgId)
              .orderBy("seq", "desc")
              .limit(1)
              .offset(keep),
          );
          // Seqs are unique: exactly `over` rows are at or below the edge.
          yield statement(db.deleteFrom("alerts").where("org_id", "=", orgId).where("seq", "<=", Number(edge?.seq)));
          pruned = over;
        }
        return { added, pruned };
      });
    },

    async list(scope, filter, page) {
      const limit = page.limit;
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_ALERT_PAGE)
        throw new StoreError("STORE_BAD_PAGE", fromCatalog("errors:store.alertPage", { max: MAX_ALERT_PAGE, limit }));
      const after = page.after ? decodeAlertCursor(page.after) : null;
      const rows = await db
        .selectFrom("alerts")
        .selectAll()
        .where((eb) => {
          const all = conditions(eb, scope, filter);
          if (after !== null)
            all.push(eb.or([eb("ts", "<", after.ts), eb.and([eb("ts", "=", after.ts), eb("seq", "<", after.seq)])]));
          return eb.and(all);
        })
        .orderBy("ts", "desc")
        .orderBy("seq", "desc")
        .limit(limit + 1)
        .execute();
      const more = rows.length > limit;
      const shown = more ? rows.slice(0, limit) : rows;
      const last = shown[shown.length - 1];
      return {
        alerts: shown.map((r) => fromRow(r)),
        next: more && last ? encodeAlertCursor({ ts: String(last.ts), seq: Number(last.seq) }) : null,
      };
    },

    async get(scope, id) {
      const row = await db
        .selectFrom("alerts")
        .selectAll()
        .where((eb) => eb.and([eb("id", "=", id), ...conditions(eb, scope, {})]))
        .executeTakeFirst();
      return row ? fromRow(row) : null;
    },

    async setStatus(scope, actor, id, change) {
      const at = new Date().toISOString();
      return backend.runWrite(function* () {
        const rows = yield statement(
          db
            .updateTable("alerts")
            .set({ status: change.status, status_by: change.by, status_at: at, note: change.note })
            .where((eb) => eb.and([eb("id", "=", id), ...conditions(eb, scope, {})]))
            .returningAll(),
        );
        const [row] = rows;
        if (!row) return null;
        yield audit(db, actor, "alert.status", id, { status: change.status, org: row.org_id });
        return fromRow(row);
      });
    },

    async histogram(scope, filter, bucket) {
      const width = bucket === "minute" ? 16 : bucket === "hour" ? 13 : 10;
      const slot = sql<string>`substr(${sql.ref("ts")}, 1, ${sql.lit(width)})`;
      const rows = await db
        .selectFrom("alerts")
        .select([slot.as("bucket"), "kind"])
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .where((eb) => eb.and([...conditions(eb, scope, filter), eb("ts", "<>", "")]))
        .groupBy([slot, "kind"])
        .orderBy("bucket")
        .orderBy("kind")
        .execute();
      return rows.map(
        (r): AlertBucket => ({ bucket: String(r.bucket), kind: r.kind as AlertKind, count: Number(r.n) }),
      );
    },

    async topIndicators(scope, filter, limit) {
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_TOP_INDICATORS)
        throw new StoreError(
          "STORE_BAD_PAGE",
          `top indicators: limit must be 1 to ${MAX_TOP_INDICATORS}, not ${limit}`,
        );
      const { kinds: _kinds, ...rest } = filter;
      // An alert without a time is stored with an empty ts: not a time to show as "last seen".
      const lastSeen = sql<string | null>`max(nullif(${sql.ref("ts")}, ''))`;
      const rows = await db
        .selectFrom("alerts")
        .select("indicator_id")
        .select((eb) => [
          eb.fn.countAll<string | number>().as("n"),
          eb.fn.count<string | number>("org_id").distinct().as("orgs"),
          lastSeen.as("last_seen"),
        ])
        .where((eb) =>
          eb.and([...conditions(eb, scope, rest), eb("kind", "=", "indicator"), eb("indicator_id", "is not", null)]),
        )
        .groupBy("indicator_id")
        .orderBy("n", "desc")
        .orderBy("indicator_id")
        .limit(limit)
        .execute();
      return rows.map(
        (r): IndicatorTally => ({
          indicatorId: String(r.indicator_id),
          count: Number(r.n),
          organizations: Number(r.orgs),
          lastSeen: r.last_seen ? String(r.last_seen) : null,
        }),
      );
    },
  };
}
