import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { fromCatalog } from "../../errors/index.js";
import { statement } from "../backend.js";
import { StoreError } from "../errors.js";
import type { ApiToken, Directory, Organization, UserRecord } from "./contract.js";
import { audit, type DirectoryKit, publicUser, type Rec, toToken, toUser } from "./rows.js";

/** Organizations, users and API tokens. */
export type Accounts = Pick<
  Directory,
  | "createOrganization"
  | "listOrganizations"
  | "findOrganization"
  | "createUser"
  | "findUser"
  | "listUsers"
  | "countUsers"
  | "setPassword"
  | "setUserActive"
  | "createToken"
  | "findToken"
  | "revokeToken"
  | "listTokens"
>;

/** The account methods of the directory. */
export function accountMethods({ db, run, steps, now }: DirectoryKit): Accounts {
  return {
    async createOrganization(actor, name) {
      const org: Organization = { id: `org-${randomUUID()}`, name, created: now() };
      if (await this.findOrganization(name)) {
        throw new StoreError("STORE_DUPLICATE", fromCatalog("errors:store.orgExists", { name }));
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
        throw new StoreError("STORE_DUPLICATE", fromCatalog("errors:store.userExists", { name: input.username }));
      }
      if (!(await this.findOrganization(input.orgId))) {
        throw new StoreError("STORE_NOT_FOUND", fromCatalog("errors:store.orgMissing", { org: input.orgId }));
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
      return row ? toUser(row) : null;
    },
    async listUsers() {
      const rows = await db.selectFrom("users").selectAll().orderBy("username").execute();
      return rows.map((r) => publicUser(toUser(r)));
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
      const r: Rec = row;
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
      return rows.map((r) => toToken(r));
    },
  };
}
