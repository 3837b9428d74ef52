import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import { type Backend, type Statement, statement, type WritePlan } from "../backend.js";
import { audit } from "../directory/rows.js";
import { StoreError } from "../errors.js";
import type { InventoryStore, StoredAsset } from "./contract.js";
import { keyHolder, keyTaken, type RekeyAttempt, updateAssetPlan } from "./edit.js";
import { createExposureRows, dropExposure, markExposure } from "./exposure.js";
import { checkScope, notFound, softwareInsert, softwareOfAssets, toAsset, toSite, toSoftware } from "./rows.js";
import { requireOrg, upsertPlan } from "./upsert.js";
import { createVendorLists } from "./vendor-lists.js";
import { createCatalog } from "./vulns.js";

/**
 * The InventoryStore over a Backend, the same for SQLite and PostgreSQL. Every query of an
 * organization's rows filters on its org_id, so an id from another organization is never found.
 */

/** Most assets (or software items) one page returns. */
export const MAX_ASSET_PAGE = 1000;

/**
 * The page size to use, or STORE_BAD_PAGE. The list queries write it (plus one) into the SQL as
 * a literal, a checked integer: SQLite runs a bound `LIMIT ?` slower, as page-query.ts measures.
 */
function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new StoreError("STORE_BAD_PAGE", fromCatalog("errors:store.pageLimit", { limit }));
  }
  return Math.min(limit, MAX_ASSET_PAGE);
}

/** Creates the inventory store of a backend. */
export function createInventory(backend: Backend): InventoryStore {
  const db = backend.db;
  const run = <T>(plan: () => WritePlan<T>) => backend.runWrite(plan);
  const steps = (orgId: string | null, list: Statement[]) =>
    run(function* () {
      if (orgId) yield* requireOrg(db, orgId);
      for (const s of list) yield s;
    });

  const softwareOf = (assetIds: string[]) => softwareOfAssets(db, assetIds);

  const inventory: InventoryStore = {
    async setOrgProfile(actor, profile) {
      const values = { sector: profile.sector, state: profile.state, tlp: profile.tlp };
      await steps(profile.orgId, [
        statement(
          db
            .insertInto("inv_org_profiles")
            .values({ org_id: profile.orgId, ...values })
            .onConflict((oc) => oc.column("org_id").doUpdateSet(values)),
        ),
        audit(db, actor, "org.profile", profile.orgId, values),
      ]);
      return { ...profile };
    },
    async getOrgProfile(orgId) {
      const row = await db.selectFrom("inv_org_profiles").selectAll().where("org_id", "=", orgId).executeTakeFirst();
      return row ? { orgId: row.org_id, sector: row.sector, state: row.state, tlp: row.tlp } : null;
    },

    async createSite(actor, scope, orgId, input) {
      checkScope(scope, orgId);
      const site = { id: `site-${randomUUID()}`, orgId, name: input.name, state: input.state };
      await run(function* () {
        yield* requireOrg(db, orgId);
        // The unique (org, name) index decides, inside the transaction: of two creates of one name
        // at once, the second inserts nothing (it waits for the first on PostgreSQL) and is told so.
        const inserted = yield statement(
          db
            .insertInto("inv_sites")
            .values({ id: site.id, org_id: orgId, name: site.name, state: site.state })
            .onConflict((oc) => oc.columns(["org_id", "name"]).doNothing())
            .returning("id"),
        );
        if (inserted.length === 0) {
          throw new StoreError(
            "STORE_DUPLICATE",
            `site "${input.name}" already exists in "${orgId}"; use it, or choose another name`,
          );
        }
        yield audit(db, actor, "site.create", site.id, { org: orgId, name: site.name });
      });
      return site;
    },
    async listSites(scope, orgId) {
      checkScope(scope, orgId);
      const rows = await db.selectFrom("inv_sites").selectAll().where("org_id", "=", orgId).orderBy("name").execute();
      return rows.map((r) => toSite(r));
    },
    async updateSite(actor, scope, orgId, id, patch) {
      checkScope(scope, orgId);
      const row = await db
        .selectFrom("inv_sites")
        .selectAll()
        .where("org_id", "=", orgId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) throw notFound("site", id, orgId);
      const site = { ...toSite(row), ...patch };
      await run(function* () {
        yield* requireOrg(db, orgId);
        // A rename onto another site's name is a conflict the caller can fix, not a database failure.
        const taken = yield statement(
          db
            .selectFrom("inv_sites")
            .select("id")
            .where("org_id", "=", orgId)
            .where("name", "=", site.name)
            .where("id", "!=", id),
        );
        if (taken.length > 0) {
          throw new StoreError(
            "STORE_DUPLICATE",
            `site "${site.name}" already exists in "${orgId}"; choose another name`,
          );
        }
        yield statement(db.updateTable("inv_sites").set({ name: site.name, state: site.state }).where("id", "=", id));
        yield audit(db, actor, "site.update", id, { org: orgId, fields: Object.keys(patch) });
      });
      return site;
    },
    async deleteSite(actor, scope, orgId, id) {
      checkScope(scope, orgId);
      await run(function* () {
        const rows = yield statement(
          db.selectFrom("inv_sites").select("id").where("org_id", "=", orgId).where("id", "=", id),
        );
        if (rows.length === 0) throw notFound("site", id, orgId);
        yield statement(
          db.updateTable("inv_assets").set({ site_id: null }).where("org_id", "=", orgId).where("site_id", "=", id),
        );
        yield statement(db.deleteFrom("inv_sites").where("id", "=", id));
        yield audit(db, actor, "site.delete", id, { org: orgId });
      });
    },

    async upsertAssets(actor, scope, orgId, assets, authoritative) {
      checkScope(scope, orgId);
      return run(() => upsertPlan(db, actor, orgId, assets, authoritative));
    },
    async getAsset(scope, orgId, id) {
      checkScope(scope, orgId);
      const row = await db
        .selectFrom("inv_assets")
        .selectAll()
        .where("org_id", "=", orgId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) throw notFound("asset", id, orgId);
      return toAsset(row, (await softwareOf([id])).get(id) ?? []);
    },
    async listAssets(scope, orgId, page) {
      if (orgId === null) {
        if (scope.kind !== "all")
          throw new StoreError("STORE_NOT_FOUND", fromCatalog("errors:store.nationalInventory"));
      } else checkScope(scope, orgId);
      const limit = pageLimit(page.limit);
      let q = db
        .selectFrom("inv_assets")
        .selectAll()
        .orderBy("id")
        .limit(sql.lit(limit + 1));
      if (orgId !== null) q = q.where("org_id", "=", orgId);
      if (page.after) q = q.where("id", ">", page.after);
      const rows = await q.execute();
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const software = await softwareOf(rows.map((r) => String(r.id)));
      const assets: StoredAsset[] = rows.map((r) => toAsset(r, software.get(String(r.id)) ?? []));
      return { assets, next: more ? (assets[assets.length - 1]?.id ?? null) : null };
    },
    async updateAsset(actor, scope, orgId, id, patch) {
      checkScope(scope, orgId);
      const attempt: RekeyAttempt = { key: null, name: "" };
      try {
        await run(() => updateAssetPlan(db, actor, orgId, id, patch, attempt));
      } catch (error) {
        // On PostgreSQL another writer can take the new key between the plan's check and its
        // update, and the unique index refuses ours: say so in the store's words, not the driver's.
        if (error instanceof StoreError || attempt.key === null) throw error;
        const holder = await keyHolder(db, orgId, attempt.key, id).executeTakeFirst();
        if (holder) throw keyTaken(orgId, { id, name: attempt.name }, holder, attempt.key, { cause: error });
        throw error;
      }
      return inventory.getAsset(scope, orgId, id);
    },
    async deleteAsset(actor, scope, orgId, id) {
      checkScope(scope, orgId);
      await run(function* () {
        const rows = yield statement(
          db.selectFrom("inv_assets").select("id").where("org_id", "=", orgId).where("id", "=", id),
        );
        if (rows.length === 0) throw notFound("asset", id, orgId);
        yield statement(db.deleteFrom("inv_software").where("asset_id", "=", id));
        yield statement(db.deleteFrom("inv_assets").where("id", "=", id));
        for (const s of dropExposure(db, id)) yield s;
        yield audit(db, actor, "asset.delete", id, { org: orgId });
      });
    },

    async addSoftware(actor, scope, orgId, assetId, software) {
      checkScope(scope, orgId);
      const id = `sw-${randomUUID()}`;
      await run(function* () {
        const rows = yield statement(
          db.selectFrom("inv_assets").select("id").where("org_id", "=", orgId).where("id", "=", assetId),
        );
        if (rows.length === 0) throw notFound("asset", assetId, orgId);
        const [top] = yield statement(
          db
            .selectFrom("inv_software")
            .select(sql<number>`coalesce(max(position), -1)`.as("p"))
            .where("asset_id", "=", assetId),
        );
        const position = Number(top?.p ?? -1) + 1000;
        yield softwareInsert(db, { id, assetId, orgId, position, origin: "manual" }, software);
        yield markExposure(db, assetId, orgId);
        yield audit(db, actor, "software.create", id, {
          org: orgId,
          asset: assetId,
          cpe: software.cpe,
          purl: software.purl,
        });
      });
      return { ...software, id, assetId, orgId, origin: "manual" };
    },
    async listSoftware(scope, orgId, page) {
      checkScope(scope, orgId);
      const limit = pageLimit(page.limit);
      let q = db
        .selectFrom("inv_software")
        .selectAll()
        .where("org_id", "=", orgId)
        .orderBy("id")
        .limit(sql.lit(limit + 1));
      if (page.assetId) q = q.where("asset_id", "=", page.assetId);
      if (page.after) q = q.where("id", ">", page.after);
      const rows = await q.execute();
      const more = rows.length > limit;
      if (more) rows.length = limit;
      const software = rows.map(toSoftware);
      return { software, next: more ? (software[software.length - 1]?.id ?? null) : null };
    },
    async updateSoftware(actor, scope, orgId, id, patch) {
      checkScope(scope, orgId);
      const row = await db
        .selectFrom("inv_software")
        .selectAll()
        .where("org_id", "=", orgId)
        .where("id", "=", id)
        .executeTakeFirst();
      if (!row) throw notFound("software", id, orgId);
      const sw = { ...toSoftware(row), ...patch };
      const { name, version, vendor, kind, cpe, purl } = sw;
      await steps(orgId, [
        statement(db.updateTable("inv_software").set({ name, version, vendor, kind, cpe, purl }).where("id", "=", id)),
        markExposure(db, sw.assetId, orgId),
        audit(db, actor, "software.update", id, { org: orgId, fields: Object.keys(patch) }),
      ]);
      return sw;
    },
    async deleteSoftware(actor, scope, orgId, id) {
      checkScope(scope, orgId);
      await run(function* () {
        const rows = yield statement(
          db.selectFrom("inv_software").select(["id", "asset_id"]).where("org_id", "=", orgId).where("id", "=", id),
        );
        const [row] = rows;
        if (!row) throw notFound("software", id, orgId);
        yield statement(db.deleteFrom("inv_software").where("id", "=", id));
        yield markExposure(db, String(row.asset_id), orgId);
        yield audit(db, actor, "software.delete", id, { org: orgId });
      });
    },

    ...createCatalog(backend),
    ...createExposureRows(backend),
    ...createVendorLists(backend),
  };
  return inventory;
}
