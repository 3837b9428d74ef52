import { randomUUID } from "node:crypto";
import { type Expression, type SqlBool, sql } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import { type Backend, type Row, type Statement, statement } from "../backend.js";
import { StoreError } from "../errors.js";
import type { InventoryScope, StoredAsset } from "./contract.js";
import type { ExposureRowsStore } from "./exposure-contract.js";
import { checkScope, type InvDb, softwareOfAssets, toAsset } from "./rows.js";

/**
 * The exposure lines over a Backend (see exposure-contract.ts), the same for SQLite and
 * PostgreSQL, and the statement every inventory write yields to mark an asset out of date.
 */

const CHUNK = 500;

/** The statement that marks asset `assetId` out of date (a new mark, so a running derivation of it is not kept). */
export function markExposure(db: InvDb, assetId: string, orgId: string): Statement {
  const mark = randomUUID();
  return {
    ...statement(
      db
        .insertInto("inv_exposure_dirty")
        .values({ asset_id: assetId, org_id: orgId, mark })
        .onConflict((oc) => oc.column("asset_id").doUpdateSet({ mark, org_id: orgId })),
    ),
    cacheKey: "inv-exposure-mark",
  };
}

/** The statements that delete an asset's lines and addresses (the asset is gone). */
export function dropExposure(db: InvDb, assetId: string): Statement[] {
  return [
    statement(db.deleteFrom("inv_exposure_items").where("asset_id", "=", assetId)),
    statement(db.deleteFrom("inv_exposure_addresses").where("asset_id", "=", assetId)),
    statement(db.deleteFrom("inv_exposure_dirty").where("asset_id", "=", assetId)),
  ];
}

/** The organization filter of a national or organization read (STORE_NOT_FOUND out of scope). */
function orgFilter(scope: InventoryScope, orgId: string | null): string | null {
  if (orgId === null) {
    if (scope.kind !== "all") throw new StoreError("STORE_NOT_FOUND", fromCatalog("errors:store.nationalInventory"));
    return null;
  }
  checkScope(scope, orgId);
  return orgId;
}

/** Creates the exposure-lines part of the inventory store. */
export function createExposureRows(backend: Backend): ExposureRowsStore {
  const db = backend.db;

  /** A line's score on `today`: its base score and its due-date points (tier 0 only, as rank.ts gives them). */
  const scoreOn = (q: { today: string; soon: string; tier: 0 | 1 }) =>
    q.tier === 1
      ? sql<number>`base_score`
      : sql<number>`base_score + case when due_date is null then 0 when due_date < ${q.today} then 10 when due_date <= ${q.soon} then 5 else 0 end`;

  const lines = (scope: InventoryScope, orgId: string | null, tier: 0 | 1) => {
    const org = orgFilter(scope, orgId);
    let q = db.selectFrom("inv_exposure_items").where("tier", "=", tier);
    if (org !== null) q = q.where("org_id", "=", org);
    return q;
  };

  return {
    async exposureInputs() {
      // Both latest updates are index lookups (migration 23; the lists' key); the counts scan an index.
      const { rows } = await sql<Record<string, unknown>>`select
        (select count(*) from vuln_records) as vulns,
        (select max(updated) from vuln_records) as vulns_updated,
        (select count(*) from inv_vendor_lists) as lists,
        (select max(updated) from inv_vendor_lists) as lists_updated`.execute(db);
      const r = rows[0] ?? {};
      return [r.vulns, r.vulns_updated, r.lists, r.lists_updated].map((v) => String(v ?? "")).join("/");
    },
    async exposureStamp() {
      const row = await db
        .selectFrom("inv_exposure_state")
        .select("value")
        .where("name", "=", "stamp")
        .executeTakeFirst();
      return row?.value ?? null;
    },
    async markAllExposureDirty(stamp) {
      const mark = randomUUID();
      await backend.runWrite(function* () {
        // `where true`: SQLite reads ON CONFLICT after a bare INSERT … SELECT as a join's ON.
        const all = sql`insert into inv_exposure_dirty (asset_id, org_id, mark)
            select id, org_id, ${mark} from inv_assets where true
            on conflict (asset_id) do update set mark = excluded.mark`.compile(db);
        yield { sql: all.sql, parameters: all.parameters };
        yield statement(
          db
            .insertInto("inv_exposure_state")
            .values({ name: "stamp", value: stamp })
            .onConflict((oc) => oc.column("name").doUpdateSet({ value: stamp })),
        );
      });
    },
    async exposureDirty(limit) {
      const rows = await db
        .selectFrom("inv_exposure_dirty")
        .selectAll()
        .orderBy("asset_id")
        .limit(Math.max(1, Math.trunc(limit)))
        .execute();
      return rows.map((r) => ({ assetId: r.asset_id, orgId: r.org_id, mark: r.mark }));
    },
    async putExposureLines(derived) {
      return backend.runWrite(function* () {
        let kept = 0;
        for (const d of derived) {
          const held: Row[] = yield {
            ...statement(
              db
                .deleteFrom("inv_exposure_dirty")
                .where("asset_id", "=", d.assetId)
                .where("mark", "=", d.mark)
                .returning("asset_id"),
            ),
            cacheKey: "inv-exposure-unmark",
          };
          // Changed again since it was read: the next round derives it from the newer rows.
          if (held.length === 0) continue;
          kept++;
          for (const s of dropExposure(db, d.assetId).slice(0, 2)) yield s;
          if (d.lines === null) continue;
          for (const line of d.lines) {
            yield {
              ...statement(
                db.insertInto("inv_exposure_items").values({
                  asset_id: d.assetId,
                  item_id: line.itemId,
                  org_id: d.orgId,
                  tier: line.tier,
                  kev: line.kev ? 1 : 0,
                  ransomware: line.ransomware ? 1 : 0,
                  designated: line.designated ? 1 : 0,
                  due_date: line.dueDate,
                  base_score: line.baseScore,
                }),
              ),
              cacheKey: "inv-exposure-line",
            };
          }
          for (const address of new Set(d.addresses)) {
            yield {
              ...statement(
                db.insertInto("inv_exposure_addresses").values({ org_id: d.orgId, address, asset_id: d.assetId }),
              ),
              cacheKey: "inv-exposure-address",
            };
          }
        }
        return kept;
      });
    },
    async getAssetsByIds(scope, ids) {
      const out: StoredAsset[] = [];
      for (let i = 0; i < ids.length; i += CHUNK) {
        let q = db
          .selectFrom("inv_assets")
          .selectAll()
          .where("id", "in", ids.slice(i, i + CHUNK));
        if (scope.kind === "org") q = q.where("org_id", "=", scope.orgId);
        const rows = await q.orderBy("id").execute();
        if (rows.length === 0) continue;
        const software = await softwareOfAssets(
          db,
          rows.map((r) => r.id),
        );
        for (const r of rows) out.push(toAsset(r, software.get(r.id) ?? []));
      }
      return out;
    },
    async exposureCounts(scope, orgId, today) {
      const org = orgFilter(scope, orgId);
      let assets = db
        .selectFrom("inv_assets")
        .select([
          "org_id",
          (eb) => eb.fn.countAll<string | number>().as("n"),
          (eb) => eb.fn.min("id").as("first"),
          sql<string | number>`sum(internet_exposed)`.as("exposed"),
          sql<string | number>`sum(case when criticality = 'critical' then 1 else 0 end)`.as("critical"),
        ])
        .groupBy("org_id");
      if (org !== null) assets = assets.where("org_id", "=", org);
      let items = db
        .selectFrom("inv_exposure_items")
        .select([
          "org_id",
          (eb) => eb.fn.countAll<string | number>().as("actions"),
          sql<string | number>`sum(kev)`.as("kev"),
          sql<string | number>`sum(ransomware)`.as("ransomware"),
          sql<string | number>`sum(designated)`.as("designated"),
          sql<
            string | number
          >`sum(case when tier = 0 and due_date is not null and due_date < ${today} then 1 else 0 end)`.as("overdue"),
        ])
        .groupBy("org_id");
      if (org !== null) items = items.where("org_id", "=", org);
      const [assetRows, itemRows] = await Promise.all([assets.execute(), items.execute()]);
      const byOrg = new Map(itemRows.map((r) => [r.org_id, r]));
      return assetRows
        .sort((a, b) => (String(a.first) < String(b.first) ? -1 : 1))
        .map((a) => {
          const i = byOrg.get(a.org_id);
          return {
            orgId: a.org_id,
            assets: Number(a.n),
            internetExposed: Number(a.exposed ?? 0),
            critical: Number(a.critical ?? 0),
            actions: Number(i?.actions ?? 0),
            kev: Number(i?.kev ?? 0),
            ransomware: Number(i?.ransomware ?? 0),
            designated: Number(i?.designated ?? 0),
            overdue: Number(i?.overdue ?? 0),
          };
        });
    },
    async exposureRank(scope, orgId, q) {
      const base = lines(scope, orgId, q.tier);
      const [count] = await base.select((eb) => eb.fn.countAll<string | number>().as("n")).execute();
      const score = scoreOn(q);
      const [at] = await base
        .select(score.as("s"))
        .orderBy(score, "desc")
        .limit(1)
        .offset(Math.max(0, Math.trunc(q.offset)))
        .execute();
      return { count: Number(count?.n ?? 0), score: at ? Number(at.s) : null };
    },
    async exposureAbove(scope, orgId, q) {
      const score = scoreOn(q);
      const rows = await lines(scope, orgId, q.tier)
        .select(["asset_id", score.as("s")])
        .where(sql<SqlBool>`${score} >= ${q.min}` as Expression<SqlBool>)
        .execute();
      return rows.map((r) => ({ assetId: r.asset_id, score: Number(r.s) }));
    },
    async exposureAssetsAt(scope, at) {
      const out = new Set<string>();
      const wanted = scope.kind === "org" ? at.filter((a) => a.orgId === scope.orgId) : at;
      for (let i = 0; i < wanted.length; i += CHUNK) {
        const chunk = wanted.slice(i, i + CHUNK);
        const rows = await db
          .selectFrom("inv_exposure_addresses")
          .select("asset_id")
          .where((eb) => eb.or(chunk.map((a) => eb.and([eb("org_id", "=", a.orgId), eb("address", "=", a.address)]))))
          .execute();
        for (const r of rows) out.add(r.asset_id);
      }
      return [...out];
    },
  };
}
