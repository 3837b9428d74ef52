import type { FastifyInstance } from "fastify";
import { generatePassword, hashPassword, ROLES, type Role } from "../../access/index.js";
import type { Store, User } from "../../store/index.js";
import { callerOf } from "../context.js";
import { adminError, flag, oneOf, readBody, requireAdmin, text } from "./input.js";
import { ADMIN_ERRORS, bodyOf, USER } from "./schemas.js";

/**
 * /api/v1/users — an administrator's user accounts: the list (with each one's organization), a
 * new account with its role and organization, a new password, and disabling (or enabling) one.
 * A password is made here and answered once; only its scrypt hash is stored. A disabled user's
 * sessions and tokens stop working on their next request.
 */

const USERNAME = /^[\p{L}\p{N}._@-]+$/u;
const USER_PARAMS = {
  type: "object",
  properties: { user: { type: "string", minLength: 1, maxLength: 200 } },
  required: ["user"],
} as const;
const WITH_PASSWORD = {
  type: "object",
  properties: {
    user: USER,
    password: { type: "string", description: "The new password, shown this once; it is not stored." },
  },
} as const;

/** The user of a `:user` parameter (id or username), or a 404 naming it. */
export async function userOf(store: Store, param: string): Promise<User> {
  const found = await store.directory.findUser(param);
  if (!found) throw adminError("API_NOT_FOUND", "admin:user.notFound", { name: param });
  const { passwordHash: _never, ...user } = found;
  return user;
}

/** Registers the user routes of the administration. */
export async function registerAdminUserRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  const withOrg = async (users: User[]) => {
    const names = new Map((await store.directory.listOrganizations()).map((o) => [o.id, o.name]));
    return users.map((u) => ({ ...u, orgName: names.get(u.orgId) ?? null }));
  };

  app.get(
    "/users",
    {
      schema: {
        summary: "User accounts (administrators)",
        response: { 200: { type: "array", items: USER }, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      requireAdmin(callerOf(request));
      return withOrg(await store.directory.listUsers());
    },
  );

  app.post(
    "/users",
    {
      attachValidation: true,
      schema: {
        summary: "Add a user with a role in an organization; answers the password once (administrators)",
        body: bodyOf(
          {
            username: { type: "string", minLength: 1, maxLength: 100 },
            org: { type: "string", minLength: 1, maxLength: 200, description: "Organization id or name" },
            role: { enum: [...ROLES] },
          },
          ["username", "org", "role"],
        ),
        response: { 201: WITH_PASSWORD, ...ADMIN_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const body = readBody(request.body, {
        username: text("admin:hint.username", { max: 100, pattern: USERNAME }),
        org: text("admin:hint.org", { max: 200 }),
        role: oneOf(ROLES),
      });
      const username = body.username as string;
      const org = await store.directory.findOrganization(body.org as string);
      if (!org) throw adminError("API_BAD_REQUEST", "admin:org.notFound", { name: body.org as string });
      if (await store.directory.findUser(username))
        throw adminError("API_CONFLICT", "admin:user.exists", { name: username });
      const password = generatePassword();
      const user = await store.directory.createUser(caller.actor, {
        username,
        orgId: org.id,
        role: body.role as Role,
        passwordHash: await hashPassword(password),
      });
      return reply.code(201).send({ user: { ...user, orgName: org.name }, password });
    },
  );

  app.post<{ Params: { user: string } }>(
    "/users/:user/password",
    {
      schema: {
        summary: "Give a user a new password, answered once (administrators)",
        params: USER_PARAMS,
        response: { 200: WITH_PASSWORD, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const user = await userOf(store, request.params.user);
      const password = generatePassword();
      await store.directory.setPassword(caller.actor, user.id, await hashPassword(password));
      const [shown] = await withOrg([user]);
      return { user: shown, password };
    },
  );

  app.patch<{ Params: { user: string } }>(
    "/users/:user",
    {
      attachValidation: true,
      schema: {
        summary: "Disable or enable a user (administrators); a disabled user's sessions and tokens stop at once",
        params: USER_PARAMS,
        body: bodyOf({ active: { type: "boolean" } }, ["active"]),
        response: { 200: USER, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const { active } = readBody(request.body, { active: flag() });
      const user = await userOf(store, request.params.user);
      if (user.id === caller.user.id && active === false) throw adminError("API_BAD_REQUEST", "admin:user.self");
      await store.directory.setUserActive(caller.actor, user.id, active as boolean);
      const [shown] = await withOrg([{ ...user, active: active as boolean }]);
      return shown;
    },
  );
}
