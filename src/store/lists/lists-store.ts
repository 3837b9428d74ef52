import type { Backend } from "../backend.js";
import { statement } from "../backend.js";
import { audit } from "../directory/rows.js";
import type { ListMembership, ListRecord, WarninglistFlag, WarninglistOverride } from "./contract.js";

/** The lists area over a backend: the same statements on SQLite and PostgreSQL. */
export function createListMembership(backend: Backend): ListMembership {
  const { db } = backend;
  // Three parameters a row: as many rows per statement as the driver takes.
  const rowsPerStatement = Math.max(1, Math.floor(backend.features.maxParameters / 3) - 1);
  return {
    async markListed(list, run, ids) {
      const unique = [...new Set(ids)];
      const now = new Date().toISOString();
      await backend.runWrite(function* () {
        for (let i = 0; i < unique.length; i += rowsPerStatement) {
          const rows = unique.slice(i, i + rowsPerStatement).map((id) => ({ list, indicator_id: id, run }));
          yield statement(
            db
              .insertInto("list_members")
              .values(rows)
              .onConflict((oc) => oc.columns(["list", "indicator_id"]).doUpdateSet({ run })),
          );
        }
        yield statement(
          db
            .insertInto("lists")
            .values({ name: list, last_run: run, last_imported: now })
            .onConflict((oc) => oc.column("name").doUpdateSet({ last_run: run, last_imported: now })),
        );
      });
    },
    async takeDelisted(list, run) {
      return backend.runWrite(function* () {
        const rows = yield statement(
          db
            .selectFrom("list_members")
            .select("indicator_id")
            .where("list", "=", list)
            .where("run", "<>", run)
            .orderBy("indicator_id"),
        );
        yield statement(db.deleteFrom("list_members").where("list", "=", list).where("run", "<>", run));
        return rows.map((row) => String(row.indicator_id));
      });
    },
    async lists() {
      const rows = await db
        .selectFrom("lists")
        .leftJoin("list_members", "list_members.list", "lists.name")
        .select(["lists.name", "lists.last_run", "lists.last_imported"])
        .select((eb) => eb.fn.count<string | number>("list_members.indicator_id").as("members"))
        .groupBy(["lists.name", "lists.last_run", "lists.last_imported"])
        .orderBy("lists.name")
        .execute();
      return rows.map(
        (row): ListRecord => ({
          name: row.name,
          members: Number(row.members),
          lastRun: row.last_run,
          lastImported: row.last_imported,
        }),
      );
    },
    async setWarninglistFlags(checks) {
      if (checks.length === 0) return;
      const flagged = new Date().toISOString();
      const ids = [...new Set(checks.map((c) => c.indicatorId))];
      const rows = new Map<string, { indicator_id: string; list: string; value: string; flagged: string }>();
      for (const c of checks)
        for (const h of c.hits)
          rows.set(`${c.indicatorId}\u0000${h.list}`, {
            indicator_id: c.indicatorId,
            list: h.list,
            value: h.value,
            flagged,
          });
      const all = [...rows.values()];
      await backend.runWrite(function* () {
        for (let i = 0; i < ids.length; i += rowsPerStatement * 3)
          yield statement(
            db.deleteFrom("warninglist_flags").where("indicator_id", "in", ids.slice(i, i + rowsPerStatement * 3)),
          );
        // Four parameters a row.
        const perInsert = Math.max(1, Math.floor((rowsPerStatement * 3) / 4));
        for (let i = 0; i < all.length; i += perInsert)
          yield statement(db.insertInto("warninglist_flags").values(all.slice(i, i + perInsert)));
      });
    },
    async warninglistFlags(filter = {}) {
      let q = db.selectFrom("warninglist_flags").selectAll();
      if (filter.indicatorId !== undefined) q = q.where("indicator_id", "=", filter.indicatorId);
      if (filter.list !== undefined) q = q.where("list", "=", filter.list);
      const rows = await q.orderBy("indicator_id").orderBy("list").execute();
      return rows.map(
        (r): WarninglistFlag => ({ indicatorId: r.indicator_id, list: r.list, value: r.value, flagged: r.flagged }),
      );
    },
    async setWarninglistOverride(actor, indicatorId, change) {
      const at = new Date().toISOString();
      return backend.runWrite(function* () {
        const [before] = yield statement(
          db.selectFrom("warninglist_overrides").select("indicator_id").where("indicator_id", "=", indicatorId),
        );
        if (change.allow) {
          yield statement(
            db
              .insertInto("warninglist_overrides")
              .values({ indicator_id: indicatorId, by_user: change.by, at, reason: change.reason })
              .onConflict((oc) =>
                oc.column("indicator_id").doUpdateSet({ by_user: change.by, at, reason: change.reason }),
              ),
          );
        } else {
          if (!before) return false;
          yield statement(db.deleteFrom("warninglist_overrides").where("indicator_id", "=", indicatorId));
        }
        yield audit(db, actor, change.allow ? "warninglist.allow" : "warninglist.disallow", indicatorId, {});
        return change.allow || before !== undefined;
      });
    },
    async warninglistOverrides() {
      const rows = await db.selectFrom("warninglist_overrides").selectAll().orderBy("indicator_id").execute();
      return rows.map(
        (r): WarninglistOverride => ({
          indicatorId: r.indicator_id,
          by: r.by_user,
          at: r.at,
          reason: r.reason ?? null,
        }),
      );
    },
  };
}
