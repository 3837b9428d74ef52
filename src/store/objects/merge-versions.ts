import { type Kysely, sql } from "kysely";
import { statement, type WritePlan } from "../backend.js";
import type { Database } from "../database.js";
import { sameVersionContent } from "./same-version.js";

/**
 * Migration 8: one row per version. Releases before it keyed a version by its `modified` text, so
 * one instant spelled two ways (`…00Z`, `…00.000Z`) became two versions of one id, both "last".
 * STIX names a version by its instant: of the rows of one id and instant, the first stored stays;
 * the others go, their collections joining the one kept (with the date they joined), and each
 * merge is written to the audit log (`objects.merge_versions`): the texts that were the same
 * object, and, in full, those that were a different object (a conflict the first one won).
 */
export function* mergeSameInstants(db: Kysely<Database>): WritePlan<void> {
  // A lone version (only_version = 1) has nothing to merge with, and an unversioned object's key
  // is "" in both columns, so it was unique already.
  const groups = yield statement(
    db
      .selectFrom("objects")
      .select(["id", "version_sort"])
      .where("only_version", "=", 0)
      .where("version_key", "<>", "")
      .groupBy(["id", "version_sort"])
      .having(sql<boolean>`count(*) > 1`),
  );
  const ids = new Set<string>();
  for (const group of groups) {
    const id = String(group.id);
    const instant = String(group.version_sort);
    ids.add(id);
    const rows = yield statement(
      db
        .selectFrom("objects")
        .select(["seq", "version_key", "raw"])
        .where("id", "=", id)
        .where("version_sort", "=", instant)
        .orderBy("seq"),
    );
    const [kept, ...others] = rows;
    if (!kept) continue;
    const keptSeq = Number(kept.seq);
    const members = yield statement(
      db.selectFrom("collection_objects").select("collection_id").where("seq", "=", keptSeq),
    );
    const joined = new Set(members.map((m) => String(m.collection_id)));
    const same: string[] = [];
    const conflicts: Array<{ versionKey: string; raw: string }> = [];
    for (const other of others) {
      const seq = Number(other.seq);
      if (sameVersionContent(String(kept.raw), String(other.raw))) same.push(String(other.version_key));
      else conflicts.push({ versionKey: String(other.version_key), raw: String(other.raw) });
      const theirs = yield statement(
        db.selectFrom("collection_objects").select("collection_id").where("seq", "=", seq),
      );
      for (const m of theirs) {
        const collection = String(m.collection_id);
        if (joined.has(collection)) continue;
        joined.add(collection);
        yield statement(
          db
            .updateTable("collection_objects")
            .set({ seq: keptSeq, version_key: String(kept.version_key) })
            .where("collection_id", "=", collection)
            .where("seq", "=", seq),
        );
      }
      yield statement(db.deleteFrom("collection_objects").where("seq", "=", seq));
      yield statement(db.deleteFrom("object_terms").where("seq", "=", seq));
      yield statement(db.deleteFrom("objects").where("seq", "=", seq));
    }
    yield statement(
      db.insertInto("audit_log").values({
        at: new Date().toISOString(),
        user_id: null,
        org_id: null,
        address: "migration 8",
        action: "objects.merge_versions",
        target: id,
        detail: JSON.stringify({ instant, kept: String(kept.version_key), same, conflicts }),
      }),
    );
  }
  // An id left with one version is its only one again.
  for (const id of ids) {
    yield statement(
      db
        .updateTable("objects")
        .set({ only_version: 1 })
        .where("id", "=", id)
        .where(sql<boolean>`(select count(*) from objects other where other.id = ${id}) = 1`),
    );
  }
}
