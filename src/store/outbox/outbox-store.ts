import { randomUUID } from "node:crypto";
import { type Backend, statement } from "../backend.js";
import { audit } from "../directory/rows.js";
import { StoreError } from "../errors.js";
import type { OutboxItem, OutboxStatus, OutboxStore, OutboxSummary, PushDestination } from "./contract.js";

type Row = Record<string, unknown>;
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

function toSummary(r: Row): OutboxSummary {
  return {
    id: String(r.id),
    orgId: String(r.org_id),
    policy: String(r.policy),
    destination: text(r.destination),
    to: String(r.to_url),
    collection: String(r.collection),
    source: String(r.source),
    status: String(r.status) as OutboxStatus,
    objects: Number(r.objects),
    errors: Number(r.errors),
    created: String(r.created),
    createdBy: String(r.created_by),
    decidedBy: text(r.decided_by),
    decidedAt: text(r.decided_at),
    reason: text(r.reason),
    sentAt: text(r.sent_at),
  };
}

function toItem(r: Row): OutboxItem {
  return {
    ...toSummary(r),
    original: String(r.original),
    outgoing: String(r.outgoing),
    changes: String(r.changes),
    issues: String(r.issues),
    result: text(r.result),
  };
}

const SUMMARY_COLUMNS = [
  "id",
  "org_id",
  "policy",
  "destination",
  "to_url",
  "collection",
  "source",
  "status",
  "objects",
  "errors",
  "created",
  "created_by",
  "decided_by",
  "decided_at",
  "reason",
  "sent_at",
] as const;

/** The outbox area over a backend: the same statements on SQLite and PostgreSQL. */
export function createOutbox(backend: Backend): OutboxStore {
  const { db } = backend;
  return {
    async queue(actor, input) {
      const id = `outbox--${randomUUID()}`;
      const created = new Date().toISOString();
      const objects = (JSON.parse(input.outgoing) as unknown[]).length;
      return backend.runWrite(function* () {
        const [row] = yield statement(
          db
            .insertInto("outbox_items")
            .values({
              id,
              org_id: input.orgId,
              policy: input.policy,
              destination: input.destination,
              to_url: input.to,
              collection: input.collection,
              source: input.source,
              status: "pending",
              objects,
              errors: input.errors,
              original: input.original,
              outgoing: input.outgoing,
              changes: input.changes,
              issues: input.issues,
              created,
              created_by: input.by,
            })
            .returningAll(),
        );
        yield audit(db, actor, "outbox.queue", id, { org: input.orgId, policy: input.policy, to: input.to, objects });
        return toItem(row as Row);
      });
    },

    async list(scope, filter = {}) {
      let q = db.selectFrom("outbox_items").select([...SUMMARY_COLUMNS]);
      if (scope.kind === "org") q = q.where("org_id", "=", scope.orgId);
      if (filter.statuses !== undefined && filter.statuses.length > 0)
        q = q.where("status", "in", [...filter.statuses]);
      const rows = await q.orderBy("seq").execute();
      return rows.map((r) => toSummary(r as Row));
    },

    async get(scope, id) {
      let q = db.selectFrom("outbox_items").selectAll().where("id", "=", id);
      if (scope.kind === "org") q = q.where("org_id", "=", scope.orgId);
      const row = await q.executeTakeFirst();
      return row ? toItem(row as Row) : null;
    },

    async decide(scope, actor, id, decision) {
      const at = new Date().toISOString();
      return backend.runWrite(function* () {
        // Only from pending, in the one statement: two reviewers racing cannot both decide.
        let q = db
          .updateTable("outbox_items")
          .set({ status: decision.status, decided_by: decision.by, decided_at: at, reason: decision.reason })
          .where("id", "=", id)
          .where("status", "=", "pending");
        if (scope.kind === "org") q = q.where("org_id", "=", scope.orgId);
        const [row] = yield statement(q.returningAll());
        if (!row) return null;
        yield audit(db, actor, `outbox.${decision.status === "approved" ? "approve" : "reject"}`, id, {
          by: decision.by,
          org: String((row as Row).org_id),
        });
        return toItem(row as Row);
      });
    },

    async markSent(actor, id, result) {
      const at = new Date().toISOString();
      return backend.runWrite(function* () {
        const rows = yield statement(
          db
            .updateTable("outbox_items")
            .set({ status: "sent", sent_at: at, result })
            .where("id", "=", id)
            .where("status", "=", "approved")
            .returning("id"),
        );
        if (rows.length === 0) return false;
        yield audit(db, actor, "outbox.send", id, {});
        return true;
      });
    },

    async putDestination(actor, d, options = {}) {
      const created = new Date().toISOString();
      return backend.runWrite(function* () {
        const [existing] = yield statement(
          db.selectFrom("outbox_destinations").select("name").where("name", "=", d.name),
        );
        if (existing && options.replace !== true)
          throw new StoreError("STORE_DUPLICATE", `push destination "${d.name}" exists`);
        const values = { name: d.name, to_url: d.to, collection: d.collection, policy: d.policy, created };
        yield statement(
          db
            .insertInto("outbox_destinations")
            .values(values)
            .onConflict((oc) =>
              oc.column("name").doUpdateSet({ to_url: d.to, collection: d.collection, policy: d.policy }),
            ),
        );
        yield audit(db, actor, "outbox.destination", d.name, { to: d.to, collection: d.collection, policy: d.policy });
        return { ...d, created } satisfies PushDestination;
      });
    },

    async destinations() {
      const rows = await db.selectFrom("outbox_destinations").selectAll().orderBy("name").execute();
      return rows.map((r) => ({
        name: r.name,
        to: r.to_url,
        collection: r.collection,
        policy: r.policy,
        created: r.created,
      }));
    },

    async destination(name) {
      const r = await db.selectFrom("outbox_destinations").selectAll().where("name", "=", name).executeTakeFirst();
      return r ? { name: r.name, to: r.to_url, collection: r.collection, policy: r.policy, created: r.created } : null;
    },
  };
}
