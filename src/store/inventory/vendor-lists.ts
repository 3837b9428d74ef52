import { type Backend, statement } from "../backend.js";
import { audit } from "../directory/rows.js";
import { StoreError } from "../errors.js";
import type { InventoryStore } from "./contract.js";

/**
 * Designated-vendor lists an operator adds (a national list, a sector regulator's), kept as the
 * JSON documents they were given in, beside the lists Centinela ships. Not scoped to an
 * organization: like the KEV catalog, they apply to every inventory.
 */
export function createVendorLists(
  backend: Backend,
): Pick<InventoryStore, "putVendorList" | "listVendorLists" | "deleteVendorList"> {
  const db = backend.db;
  return {
    async putVendorList(actor, list) {
      const updated = new Date().toISOString();
      return backend.runWrite(function* () {
        const old = yield statement(db.selectFrom("inv_vendor_lists").select("list").where("list", "=", list.list));
        yield statement(
          db
            .insertInto("inv_vendor_lists")
            .values({ list: list.list, data: list.data, updated })
            .onConflict((oc) => oc.column("list").doUpdateSet({ data: list.data, updated })),
        );
        yield audit(db, actor, "vendor-list.put", list.list, {});
        return old.length === 0 ? "new" : "updated";
      });
    },
    async listVendorLists() {
      const rows = await db.selectFrom("inv_vendor_lists").select(["list", "data"]).orderBy("list").execute();
      return rows.map((r) => ({ list: r.list, data: r.data }));
    },
    async deleteVendorList(actor, name) {
      await backend.runWrite(function* () {
        const old = yield statement(db.selectFrom("inv_vendor_lists").select("list").where("list", "=", name));
        if (old.length === 0)
          throw new StoreError(
            "STORE_NOT_FOUND",
            `no designated-vendor list "${name}" was added; see them with \`centinela assets vendor lists\``,
          );
        yield statement(db.deleteFrom("inv_vendor_lists").where("list", "=", name));
        yield audit(db, actor, "vendor-list.delete", name, {});
      });
    },
  };
}
