import { sql } from "kysely";
import type { Backend } from "../backend.js";
import { statement } from "../backend.js";
import type { AddressSightings, SightingAggregate, SightingStore } from "./contract.js";

/** The sightings area over a backend: the same statements on SQLite and PostgreSQL. */
export function createSightings(backend: Backend): SightingStore {
  const { db } = backend;
  // Six parameters a row.
  const rowsPerStatement = Math.max(1, Math.floor(backend.features.maxParameters / 6) - 1);
  return {
    async recordEvents(orgId, events) {
      if (events.length === 0) return 0;
      return backend.runWrite(function* () {
        let added = 0;
        for (let i = 0; i < events.length; i += rowsPerStatement) {
          const rows = events.slice(i, i + rowsPerStatement).map((e) => ({
            org_id: orgId,
            indicator_id: e.indicatorId,
            event: e.event,
            ts: e.ts,
            src: e.src,
            dst: e.dst,
          }));
          const inserted = yield statement(
            db
              .insertInto("sighting_events")
              .values(rows)
              .onConflict((oc) => oc.columns(["org_id", "indicator_id", "event"]).doNothing())
              .returning("event"),
          );
          added += inserted.length;
        }
        return added;
      });
    },
    async aggregates(orgId, indicatorIds) {
      const out: SightingAggregate[] = [];
      for (let i = 0; i < indicatorIds.length; i += 500) {
        const rows = await db
          .selectFrom("sighting_events")
          .select(["indicator_id"])
          .select((eb) => [
            eb.fn.countAll<string | number>().as("n"),
            eb.fn.min("ts").as("first"),
            eb.fn.max("ts").as("last"),
          ])
          .where("org_id", "=", orgId)
          .where("indicator_id", "in", indicatorIds.slice(i, i + 500))
          .groupBy("indicator_id")
          .orderBy("indicator_id")
          .execute();
        for (const r of rows)
          out.push({
            indicatorId: r.indicator_id,
            count: Number(r.n),
            firstSeen: (r.first as string | null) ?? null,
            lastSeen: (r.last as string | null) ?? null,
          });
      }
      return out;
    },
    async countsByAddress(scope) {
      const side = (column: "src" | "dst") => {
        let q = db
          .selectFrom("sighting_events")
          .select(["org_id", sql<string>`${sql.ref(column)}`.as("address")])
          .where(column, "is not", null);
        if (scope.kind === "org") q = q.where("org_id", "=", scope.orgId);
        return q;
      };
      // An event counts once for each address it names (source and destination apart).
      const rows = await db
        .selectFrom(side("src").unionAll(side("dst")).as("a"))
        .select(["a.org_id", "a.address"])
        .select((eb) => eb.fn.countAll<string | number>().as("n"))
        .groupBy(["a.org_id", "a.address"])
        .orderBy("a.org_id")
        .orderBy("a.address")
        .execute();
      return rows.map((r): AddressSightings => ({ orgId: r.org_id, address: r.address, count: Number(r.n) }));
    },
  };
}
