import { statement } from "../backend.js";
import type { Directory, StoredWarninglist } from "./contract.js";
import type { DirectoryKit } from "./rows.js";

/**
 * The warninglists `warninglists` feeds stored (the feeds area's `feed_warninglists`, migration
 * 141). A list is one row: its entries as one JSON text, since the lists are read whole to
 * compile a matcher and written whole when they change. Not counted as directory changes: the
 * generation (row count and latest update) is what tells a matcher's cache it is stale.
 */

type WarninglistMethods = Pick<
  Directory,
  "putWarninglist" | "storedWarninglists" | "removeWarninglists" | "warninglistsGeneration"
>;

/** The warninglist methods of the directory. */
export function warninglistMethods({
  db,
  record,
  now,
}: Pick<DirectoryKit, "db" | "record" | "now">): WarninglistMethods {
  return {
    async putWarninglist(list) {
      const [old] = await db
        .selectFrom("feed_warninglists")
        .select("digest")
        .where("feed_id", "=", list.feedId)
        .where("name", "=", list.name)
        .execute();
      if (old?.digest === list.digest) return "unchanged";
      const row = {
        feed_id: list.feedId,
        name: list.name,
        version: String(list.version),
        digest: list.digest,
        source: list.source,
        type: list.type,
        description: list.description,
        matching_attributes: JSON.stringify(list.matchingAttributes),
        entries: JSON.stringify(list.list),
        entry_count: list.list.length,
        updated: now(),
      };
      const { feed_id, name, ...rest } = row;
      await record([
        statement(
          db
            .insertInto("feed_warninglists")
            .values(row)
            .onConflict((oc) => oc.columns(["feed_id", "name"]).doUpdateSet(rest)),
        ),
      ]);
      return old ? "changed" : "new";
    },
    async storedWarninglists(filter = {}) {
      const withEntries = filter.entries !== false;
      let q = db
        .selectFrom("feed_warninglists")
        .select([
          "feed_id",
          "name",
          "version",
          "digest",
          "source",
          "type",
          "description",
          "matching_attributes",
          "entry_count",
          "updated",
        ]);
      if (withEntries) q = q.select("entries");
      if (filter.feedId !== undefined) q = q.where("feed_id", "=", filter.feedId);
      const rows = await q.orderBy("feed_id").orderBy("name").execute();
      return rows.map(
        (r): StoredWarninglist => ({
          feedId: r.feed_id,
          name: r.name,
          version: Number(r.version),
          digest: r.digest,
          source: r.source,
          type: r.type,
          description: r.description,
          matchingAttributes: JSON.parse(r.matching_attributes) as string[],
          list: withEntries ? (JSON.parse((r as unknown as { entries: string }).entries) as string[]) : [],
          entryCount: Number(r.entry_count),
          updated: r.updated,
        }),
      );
    },
    async removeWarninglists(feedId, names) {
      if (names.length === 0) return 0;
      const before = await db
        .selectFrom("feed_warninglists")
        .select("name")
        .where("feed_id", "=", feedId)
        .where("name", "in", [...names])
        .execute();
      await record([
        statement(
          db
            .deleteFrom("feed_warninglists")
            .where("feed_id", "=", feedId)
            .where("name", "in", [...names]),
        ),
      ]);
      return before.length;
    },
    async warninglistsGeneration() {
      const [row] = await db
        .selectFrom("feed_warninglists")
        .select((eb) => [eb.fn.countAll<string | number>().as("n"), eb.fn.max("updated").as("latest")])
        .execute();
      return `${Number(row?.n ?? 0)}:${row?.latest ?? ""}`;
    },
  };
}
