import type { Backend } from "../backend.js";
import { statement } from "../backend.js";
import type { ListMembership, ListRecord } from "./contract.js";

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
  };
}
