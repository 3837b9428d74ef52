import { randomUUID } from "node:crypto";
import { type Kysely, sql } from "kysely";
import type { TlpLevel } from "../stix/index.js";
import { type Backend, type Statement, statement, type WritePlan } from "./backend.js";
import type {
  Actor,
  ApiToken,
  AuditEntry,
  Collection,
  Directory,
  Feed,
  Grant,
  Organization,
  Role,
  StatusRecord,
  User,
  UserRecord,
} from "./directory.js";
import type { DirectoryDatabase } from "./directory-schema.js";
import { StoreError } from "./errors.js";
import { visibleTo } from "./queries.js";
import { normalizeTimestamp } from "./timestamps.js";

/**
 * The Directory over a Backend, the same for SQLite and PostgreSQL. Every change is one write
 * plan that also appends its audit row, so the change and its record commit together.
 */

type Db = Kysely<DirectoryDatabase>;
type Rec = Record<string, unknown>;

/** The audit row of a change. Detail must never hold a secret: callers pass ids and names only. */
function audit(db: Db, actor: Actor, action: string, target: string, detail: Rec): Statement {
  return statement(
    db.insertInto("audit_log").values({
      at: new Date().toISOString(),
      user_id: actor.userId,
      org_id: actor.orgId,
      address: actor.address,
      action,
      target,
      detail: JSON.stringify(detail),
    }),
  );
}

function toUser(row: Rec): UserRecord {
  return {
    id: String(row.id),
    username: String(row.username),
    orgId: String(row.org_id),
    role: String(row.role) as Role,
    active: Number(row.active) === 1,
    created: String(row.created),
    passwordHash: (row.password_hash as string | null) ?? null,
  };
}

function publicUser(user: UserRecord): User {
  const { passwordHash: _hidden, ...rest } = user;
  return rest;
}

function toToken(row: Rec): ApiToken {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: String(row.name),
    created: String(row.created),
    expires: (row.expires as string | null) ?? null,
    revoked: (row.revoked as string | null) ?? null,
  };
}

function toFeed(row: Rec): Feed {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    id: String(row.id),
    kind: "taxii",
    url: String(row.url),
    collection: String(row.collection),
    localCollection: text(row.local_collection),
    username: text(row.username),
    secret: text(row.secret),
    addedAfter: text(row.added_after),
    next: text(row.next),
    lastSync: text(row.last_sync),
    lastError: text(row.last_error),
  };
}

function toStatus(row: Rec): StatusRecord {
  return {
    id: String(row.id),
    ownerUser: (row.owner_user as string | null) ?? null,
    ownerOrg: (row.owner_org as string | null) ?? null,
    status: row.status === "complete" ? "complete" : "pending",
    requestTimestamp: String(row.request_timestamp),
    totalCount: Number(row.total_count),
    successes: JSON.parse(String(row.successes)),
    failures: JSON.parse(String(row.failures)),
    pendings: JSON.parse(String(row.pendings)),
  };
}

/** Creates the Directory of a store. `unmarkedAs` is the store's rule for unmarked objects. */
export function createDirectory(backend: Backend, unmarkedAs: TlpLevel): Directory {
  const db = backend.db as unknown as Db;
  const now = () => new Date().toISOString();
  const run = <T>(plan: () => WritePlan<T>) => backend.runWrite(plan);
  const steps = (list: Statement[]) =>
    run(function* () {
      for (const s of list) yield s;
    });

  return {
    async createOrganization(actor, name) {
      const org: Organization = { id: `org-${randomUUID()}`, name, created: now() };
      if (await this.findOrganization(name)) {
        throw new StoreError("STORE_DUPLICATE", `an organization named "${name}" already exists; choose another name`);
      }
      await steps([
        statement(db.insertInto("organizations").values(org)),
        audit(db, actor, "org.create", org.id, { name }),
      ]);
      return org;
    },
    async listOrganizations() {
      return (await db.selectFrom("organizations").selectAll().orderBy("name").execute()) as Organization[];
    },
    async findOrganization(idOrName) {
      const row = await db
        .selectFrom("organizations")
        .selectAll()
        .where((eb) => eb.or([eb("id", "=", idOrName), eb("name", "=", idOrName)]))
        .executeTakeFirst();
      return (row as Organization | undefined) ?? null;
    },

    async createUser(actor, input) {
      if (await this.findUser(input.username)) {
        throw new StoreError("STORE_DUPLICATE", `a user named "${input.username}" already exists; choose another name`);
      }
      if (!(await this.findOrganization(input.orgId))) {
        throw new StoreError("STORE_NOT_FOUND", `organization "${input.orgId}" does not exist; create it first`);
      }
      const user: UserRecord = {
        id: `user-${randomUUID()}`,
        username: input.username,
        orgId: input.orgId,
        role: input.role,
        active: true,
        created: now(),
        passwordHash: input.passwordHash,
      };
      await steps([
        statement(
          db.insertInto("users").values({
            id: user.id,
            username: user.username,
            org_id: user.orgId,
            role: user.role,
            password_hash: user.passwordHash,
            active: 1,
            created: user.created,
          }),
        ),
        audit(db, actor, "user.create", user.id, { username: user.username, org: user.orgId, role: user.role }),
      ]);
      return publicUser(user);
    },
    async findUser(idOrUsername) {
      const row = await db
        .selectFrom("users")
        .selectAll()
        .where((eb) => eb.or([eb("id", "=", idOrUsername), eb("username", "=", idOrUsername)]))
        .executeTakeFirst();
      return row ? toUser(row as unknown as Rec) : null;
    },
    async listUsers() {
      const rows = await db.selectFrom("users").selectAll().orderBy("username").execute();
      return rows.map((r) => publicUser(toUser(r as unknown as Rec)));
    },
    async countUsers() {
      const row = await db.selectFrom("users").select(sql<number>`count(*)`.as("n")).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
    async setPassword(actor, userId, passwordHash) {
      await steps([
        statement(db.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", userId)),
        audit(db, actor, "user.password", userId, {}),
      ]);
    },
    async setUserActive(actor, userId, active) {
      await steps([
        statement(
          db
            .updateTable("users")
            .set({ active: active ? 1 : 0 })
            .where("id", "=", userId),
        ),
        audit(db, actor, active ? "user.enable" : "user.disable", userId, {}),
      ]);
    },

    async createToken(actor, input) {
      const token: ApiToken = {
        id: `tok-${randomUUID()}`,
        userId: input.userId,
        name: input.name,
        created: now(),
        expires: input.expires,
        revoked: null,
      };
      await steps([
        statement(
          db.insertInto("api_tokens").values({
            id: token.id,
            user_id: token.userId,
            token_hash: input.tokenHash,
            name: token.name,
            created: token.created,
            expires: token.expires,
            revoked: null,
          }),
        ),
        audit(db, actor, "token.create", token.id, { user: token.userId, name: token.name, expires: token.expires }),
      ]);
      return token;
    },
    async findToken(tokenHash, at) {
      const row = await db
        .selectFrom("api_tokens as t")
        .innerJoin("users as u", "u.id", "t.user_id")
        .select([
          "t.id as t_id",
          "t.user_id",
          "t.name",
          "t.created as t_created",
          "t.expires",
          "t.revoked",
          "u.id",
          "u.username",
          "u.org_id",
          "u.role",
          "u.active",
          "u.created",
          "u.password_hash",
        ])
        .where("t.token_hash", "=", tokenHash)
        .where("t.revoked", "is", null)
        .where((eb) => eb.or([eb("t.expires", "is", null), eb("t.expires", ">", at)]))
        .where("u.active", "=", 1)
        .executeTakeFirst();
      if (!row) return null;
      const r = row as unknown as Rec;
      return {
        token: toToken({ ...r, id: r.t_id, created: r.t_created }),
        user: publicUser(toUser(r)),
      };
    },
    async revokeToken(actor, tokenId) {
      return run(function* () {
        const found = yield statement(
          db.selectFrom("api_tokens").select("id").where("id", "=", tokenId).where("revoked", "is", null),
        );
        if (found.length === 0) return false;
        yield statement(db.updateTable("api_tokens").set({ revoked: now() }).where("id", "=", tokenId));
        yield audit(db, actor, "token.revoke", tokenId, {});
        return true;
      });
    },
    async listTokens(userId) {
      const rows = await db
        .selectFrom("api_tokens")
        .select(["id", "user_id", "name", "created", "expires", "revoked"])
        .$if(userId !== undefined, (q) => q.where("user_id", "=", userId!))
        .orderBy("created")
        .execute();
      return rows.map((r) => toToken(r as unknown as Rec));
    },

    async createCollection(actor, input) {
      if (await this.findCollection(input.id)) {
        throw new StoreError("STORE_DUPLICATE", `collection "${input.id}" already exists`);
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
      await steps([
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
      return row ? toStatus(row as unknown as Rec) : null;
    },

    async addFeed(actor, feed) {
      const row = {
        id: feed.id,
        kind: feed.kind,
        url: feed.url,
        collection: feed.collection,
        local_collection: feed.localCollection,
        username: feed.username,
        secret: feed.secret,
        added_after: null,
        next: null,
        last_sync: null,
        last_error: null,
      };
      await steps([
        statement(db.insertInto("feeds").values(row)),
        // The secret stays out of the log: only where the feed points.
        audit(db, actor, "feed.add", feed.id, { url: feed.url, collection: feed.collection }),
      ]);
      return toFeed(row);
    },
    async listFeeds() {
      return (await db.selectFrom("feeds").selectAll().orderBy("id").execute()).map((r) => toFeed(r as unknown as Rec));
    },
    async updateFeedState(feedId, state) {
      await steps([
        statement(
          db
            .updateTable("feeds")
            .set({
              added_after: state.addedAfter,
              next: state.next,
              last_sync: state.lastSync,
              last_error: state.lastError,
            })
            .where("id", "=", feedId),
        ),
      ]);
    },

    async appendAudit(actor, action, target, detail) {
      await steps([audit(db, actor, action, target, detail)]);
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
