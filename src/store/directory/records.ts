import { fromCatalog } from "../../errors/index.js";
import { statement } from "../backend.js";
import { StoreError } from "../errors.js";
import { visibleTo } from "../objects/read-predicates.js";
import { normalizeTimestamp } from "../objects/timestamps.js";
import type { Accounts } from "./accounts.js";
import type { AuditEntry, Collection, Directory, Grant } from "./contract.js";
import type { Feeds } from "./feeds.js";
import type { Removals } from "./removals.js";
import { audit, type DirectoryKit, toStatus } from "./rows.js";
import type { Settings } from "./settings.js";

/** Collections, grants, status resources and the audit log. */
type Records = Omit<Directory, "changes" | keyof Accounts | keyof Feeds | keyof Settings | keyof Removals>;

/** The collection, status and audit methods of the directory. */
export function recordMethods({ db, run, steps, record, now, unmarkedAs }: DirectoryKit): Records {
  return {
    async createCollection(actor, input) {
      if (await this.findCollection(input.id)) {
        throw new StoreError("STORE_DUPLICATE", fromCatalog("errors:store.collectionExists", { id: input.id }));
      }
      const collection: Collection = { ...input, created: now() };
      await steps([
        statement(db.insertInto("collections").values(collection)),
        audit(db, actor, "collection.create", collection.id, { title: collection.title }),
      ]);
      return collection;
    },
    async findCollection(id) {
      const row = await db.selectFrom("collections").selectAll().where("id", "=", id).executeTakeFirst();
      return (row as Collection | undefined) ?? null;
    },
    async listCollections() {
      return (await db.selectFrom("collections").selectAll().orderBy("created").execute()) as Collection[];
    },
    async setGrant(actor, grant) {
      const remove = statement(
        db
          .deleteFrom("collection_grants")
          .where("collection_id", "=", grant.collectionId)
          .where("org_id", "=", grant.orgId),
      );
      const list = [remove];
      if (grant.read || grant.write) {
        list.push(
          statement(
            db.insertInto("collection_grants").values({
              collection_id: grant.collectionId,
              org_id: grant.orgId,
              can_read: grant.read ? 1 : 0,
              can_write: grant.write ? 1 : 0,
            }),
          ),
        );
      }
      list.push(
        audit(db, actor, "grant.set", grant.collectionId, { org: grant.orgId, read: grant.read, write: grant.write }),
      );
      await steps(list);
    },
    async listGrants(filter = {}) {
      const rows = await db
        .selectFrom("collection_grants")
        .selectAll()
        .$if(filter.collectionId !== undefined, (q) => q.where("collection_id", "=", filter.collectionId!))
        .$if(filter.orgId !== undefined, (q) => q.where("org_id", "=", filter.orgId!))
        .orderBy("collection_id")
        .orderBy("org_id")
        .execute();
      return rows.map(
        (r): Grant => ({
          collectionId: r.collection_id,
          orgId: r.org_id,
          read: Number(r.can_read) === 1,
          write: Number(r.can_write) === 1,
        }),
      );
    },

    async removeFromCollection(actor, ctx, collectionId, objectId, versions) {
      const stamps = versions?.map((v) => normalizeTimestamp(v) ?? v) ?? null;
      const visible = visibleTo(ctx, unmarkedAs, "o");
      const select = db
        .selectFrom("collection_objects as m")
        .innerJoin("objects as o", "o.seq", "m.seq")
        .select(["m.seq", "m.date_added"])
        .where("m.collection_id", "=", collectionId)
        .where("m.object_id", "=", objectId)
        .$if(visible !== null, (q) => q.where(visible!))
        .$if(stamps !== null && stamps.length > 0, (q) => q.where("o.version_sort", "in", stamps!));
      return run(function* () {
        const rows = yield statement(select);
        for (const row of rows) {
          yield statement(
            db
              .deleteFrom("collection_objects")
              .where("collection_id", "=", collectionId)
              .where("date_added", "=", String(row.date_added))
              .where("seq", "=", Number(row.seq)),
          );
        }
        if (rows.length > 0)
          yield audit(db, actor, "objects.delete", collectionId, { id: objectId, removed: rows.length });
        return rows.length;
      });
    },

    async putStatus(status) {
      const values = {
        owner_user: status.ownerUser,
        owner_org: status.ownerOrg,
        status: status.status,
        request_timestamp: status.requestTimestamp,
        total_count: status.totalCount,
        successes: JSON.stringify(status.successes),
        failures: JSON.stringify(status.failures),
        pendings: JSON.stringify(status.pendings),
      };
      await record([
        statement(
          db
            .insertInto("status_resources")
            .values({ id: status.id, ...values })
            .onConflict((oc) => oc.column("id").doUpdateSet(values)),
        ),
      ]);
    },
    async getStatus(id) {
      const row = await db.selectFrom("status_resources").selectAll().where("id", "=", id).executeTakeFirst();
      return row ? toStatus(row) : null;
    },

    async appendAudit(actor, action, target, detail) {
      await record([audit(db, actor, action, target, detail)]);
    },
    async listAudit(afterSeq, limit) {
      const rows = await db
        .selectFrom("audit_log")
        .selectAll()
        .where("seq", ">", afterSeq)
        .orderBy("seq")
        .limit(limit)
        .execute();
      return rows.map(
        (r): AuditEntry => ({
          seq: Number(r.seq),
          at: r.at,
          userId: r.user_id,
          orgId: r.org_id,
          address: r.address,
          action: r.action,
          target: r.target,
          detail: JSON.parse(r.detail),
        }),
      );
    },
  };
}
