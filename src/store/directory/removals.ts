import { statement } from "../backend.js";
import { StoreError } from "../errors.js";
import type { Dependent, Directory } from "./contract.js";
import { audit, type DirectoryKit, type Rec } from "./rows.js";

/**
 * Removing a collection or an organization, refused while something depends on it: what is
 * found is given back by kind, with a count and the first names, so the caller can say exactly
 * what to remove first. The check and the removal are one transaction.
 */

/** The removal methods of the directory. */
export type Removals = Pick<Directory, "removeCollection" | "removeOrganization">;

const NAMES = 5;

function dependent(what: Dependent["what"], rows: Rec[], name: (r: Rec) => string): Dependent[] {
  return rows.length === 0 ? [] : [{ what, count: rows.length, names: rows.slice(0, NAMES).map(name) }];
}

/** The removal methods over the kit. */
export function removalMethods({ db, run }: DirectoryKit): Removals {
  return {
    removeCollection(actor, id) {
      return run(function* () {
        const found = (yield statement(db.selectFrom("collections").select("id").where("id", "=", id))) as Rec[];
        if (found.length === 0) throw new StoreError("STORE_NOT_FOUND", `no collection "${id}"`);
        const objects = (yield statement(
          db.selectFrom("collection_objects").select("object_id").where("collection_id", "=", id).limit(10_000),
        )) as Rec[];
        const grants = (yield statement(
          db
            .selectFrom("collection_grants")
            .innerJoin("organizations", "organizations.id", "collection_grants.org_id")
            .select("organizations.name")
            .where("collection_id", "=", id),
        )) as Rec[];
        const feeds = ((yield statement(db.selectFrom("feeds").select(["id", "config"]))) as Rec[]).filter(
          (f) => (JSON.parse(String(f.config)) as { localCollection?: unknown }).localCollection === id,
        );
        const distinct = [...new Map(objects.map((o) => [String(o.object_id), o])).values()];
        const list = [
          ...dependent("objects", distinct, (r) => String(r.object_id)),
          ...dependent("grants", grants, (r) => String(r.name)),
          ...dependent("feeds", feeds, (r) => String(r.id)),
        ];
        if (list.length > 0) return list;
        yield statement(db.deleteFrom("collections").where("id", "=", id));
        yield audit(db, actor, "collection.remove", id, {});
        return [];
      });
    },
    removeOrganization(actor, id) {
      return run(function* () {
        const found = (yield statement(db.selectFrom("organizations").select("id").where("id", "=", id))) as Rec[];
        if (found.length === 0) throw new StoreError("STORE_NOT_FOUND", `no organization "${id}"`);
        const users = (yield statement(db.selectFrom("users").select("username").where("org_id", "=", id))) as Rec[];
        const grants = (yield statement(
          db.selectFrom("collection_grants").select("collection_id").where("org_id", "=", id),
        )) as Rec[];
        const assets = (yield statement(db.selectFrom("inv_assets").select("name").where("org_id", "=", id))) as Rec[];
        const sites = (yield statement(db.selectFrom("inv_sites").select("name").where("org_id", "=", id))) as Rec[];
        const sightings = (yield statement(
          db.selectFrom("sighting_events").select("org_id").where("org_id", "=", id).limit(10_000),
        )) as Rec[];
        const alerts = (yield statement(
          db.selectFrom("alerts").select("id").where("org_id", "=", id).limit(10_000),
        )) as Rec[];
        const list = [
          ...dependent("users", users, (r) => String(r.username)),
          ...dependent("grants", grants, (r) => String(r.collection_id)),
          ...dependent("sites", sites, (r) => String(r.name)),
          ...dependent("assets", assets, (r) => String(r.name)),
          ...dependent("sightings", sightings, () => ""),
          ...dependent("alerts", alerts, (r) => String(r.id)),
        ];
        if (list.length > 0) return list;
        // Its profile and its reporting settings are part of it, not things that depend on it.
        yield statement(db.deleteFrom("inv_org_profiles").where("org_id", "=", id));
        yield statement(db.deleteFrom("inc_reporting").where("org_id", "=", id));
        yield statement(db.deleteFrom("organizations").where("id", "=", id));
        yield audit(db, actor, "organization.remove", id, {});
        return [];
      });
    },
  };
}
