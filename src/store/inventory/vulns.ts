import { sql } from "kysely";
import { type Backend, type Row, statement, type WritePlan } from "../backend.js";
import { audit } from "../directory/rows.js";
import type { InventoryStore, VulnPutCounts, VulnRecord, VulnRecordKind } from "./contract.js";
import type { InvDb } from "./rows.js";

/**
 * The inventory's shared catalogs, not scoped to an organization: vendor records and the
 * vulnerability records. The write plan of a vulnerability load: records compared with the stored text by (kind, id),
 * new ones inserted, changed ones updated, the rest counted as unchanged — so loading the same
 * catalog twice writes nothing the second time.
 */

const CHUNK = 500;

/** Stores KEV, NVD or EPSS records; see InventoryStore.putVulnRecords. */
export function* putVulnPlan(
  db: InvDb,
  kind: VulnRecordKind,
  records: readonly VulnRecord[],
): WritePlan<VulnPutCounts> {
  const counts: VulnPutCounts = { new: 0, updated: 0, unchanged: 0 };
  // Later than every stored update, even within the same millisecond as the last load, so that a
  // change always moves planGeneration's latest update (a cached action list is then recomputed).
  const [top]: Row[] = yield statement(db.selectFrom("vuln_records").select((eb) => eb.fn.max("updated").as("u")));
  const last = top?.u ? Date.parse(String(top.u)) : 0;
  const now = new Date(Math.max(Date.now(), last + 1)).toISOString();
  const latest = new Map<string, string>();
  for (const r of records) latest.set(r.id, r.data);
  const ids = [...latest.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows: Row[] = yield statement(
      db.selectFrom("vuln_records").select(["id", "data"]).where("kind", "=", kind).where("id", "in", chunk),
    );
    const stored = new Map(rows.map((r) => [String(r.id), String(r.data)]));
    for (const id of chunk) {
      const data = latest.get(id) as string;
      const old = stored.get(id);
      if (old === data) {
        counts.unchanged++;
      } else if (old === undefined) {
        counts.new++;
        yield {
          ...statement(db.insertInto("vuln_records").values({ kind, id, data, updated: now })),
          cacheKey: "vuln-record-insert",
        };
      } else {
        counts.updated++;
        yield {
          ...statement(
            db.updateTable("vuln_records").set({ data, updated: now }).where("kind", "=", kind).where("id", "=", id),
          ),
          cacheKey: "vuln-record-update",
        };
      }
    }
  }
  return counts;
}

/** The vendor and vulnerability-record methods of the inventory store. */
export function createCatalog(
  backend: Backend,
): Pick<
  InventoryStore,
  "putVendor" | "listVendors" | "putVulnRecords" | "listVulnRecords" | "countVulnRecords" | "planGeneration"
> {
  const db = backend.db;
  return {
    async putVendor(actor, vendor) {
      const values = {
        aliases: JSON.stringify(vendor.aliases),
        country: vendor.country,
        parents: JSON.stringify(vendor.parents),
        state_control: vendor.stateControl,
      };
      await backend.runWrite(function* () {
        yield statement(
          db
            .insertInto("inv_vendors")
            .values({ name: vendor.name, ...values })
            .onConflict((oc) => oc.column("name").doUpdateSet(values)),
        );
        yield audit(db, actor, "vendor.put", vendor.name, { country: vendor.country });
      });
    },
    async listVendors() {
      const rows = await db.selectFrom("inv_vendors").selectAll().orderBy("name").execute();
      return rows.map((r) => ({
        name: r.name,
        aliases: JSON.parse(r.aliases) as string[],
        country: r.country,
        parents: JSON.parse(r.parents) as string[],
        stateControl: r.state_control,
      }));
    },

    putVulnRecords(kind, records) {
      return backend.runWrite(() => putVulnPlan(db, kind, records));
    },
    async listVulnRecords(kind) {
      const rows = await db
        .selectFrom("vuln_records")
        .select(["id", "data"])
        .where("kind", "=", kind)
        .orderBy("id")
        .execute();
      return rows.map((r) => ({ id: r.id, data: r.data }));
    },
    async countVulnRecords() {
      const rows = await db
        .selectFrom("vuln_records")
        .select(["kind", sql<number>`count(*)`.as("n")])
        .groupBy("kind")
        .execute();
      const out: Record<VulnRecordKind, number> = { kev: 0, nvd: 0, epss: 0, cve5: 0, osv: 0 };
      for (const r of rows) if (r.kind in out) out[r.kind as VulnRecordKind] = Number(r.n);
      return out;
    },
    async planGeneration() {
      // max(seq) reads the audit log's key, max(updated) the index of migration 23; the counts
      // scan an index (vuln records, sightings), not the rows.
      const { rows } = await sql<Record<string, unknown>>`select
        (select max(seq) from audit_log) as audit,
        (select count(*) from vuln_records) as vulns,
        (select max(updated) from vuln_records) as vulns_updated,
        (select count(*) from sighting_events) as sightings`.execute(db);
      const r = rows[0] ?? {};
      return [r.audit, r.vulns, r.vulns_updated, r.sightings].map((v) => String(v ?? "")).join("/");
    },
  };
}
