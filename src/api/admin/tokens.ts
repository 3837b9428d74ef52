import type { FastifyInstance } from "fastify";
import { generateToken, tokenHash } from "../../access/index.js";
import { callerOf } from "../context.js";
import { adminError, readBody, requireAdmin, text, wholeOrNull } from "./input.js";
import { ADMIN_ERRORS, bodyOf, TOKEN } from "./schemas.js";
import { userOf } from "./users.js";

/**
 * /api/v1/tokens — API tokens (Bearer) of users and partner machines: the list (never their
 * text), a new one answered once (only its SHA-256 is stored), and revoking one.
 */

const DAY_MS = 86_400_000;

/** Registers the token routes of the administration. */
export async function registerAdminTokenRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get(
    "/tokens",
    {
      schema: {
        summary: "API tokens, never their text (administrators)",
        response: { 200: { type: "array", items: TOKEN }, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      requireAdmin(callerOf(request));
      const names = new Map((await store.directory.listUsers()).map((u) => [u.id, u.username]));
      return (await store.directory.listTokens()).map((t) => ({ ...t, username: names.get(t.userId) ?? null }));
    },
  );

  app.post(
    "/tokens",
    {
      attachValidation: true,
      schema: {
        summary: "Create an API token for a user, answered once (administrators)",
        body: bodyOf(
          {
            user: { type: "string", minLength: 1, maxLength: 200, description: "User id or username" },
            name: { type: "string", minLength: 1, maxLength: 100, description: "What the token is for" },
            days: {
              type: ["integer", "null"],
              minimum: 1,
              maximum: 3650,
              description: "Expire after this many days (null: never)",
            },
          },
          ["user", "name"],
        ),
        response: {
          201: {
            type: "object",
            properties: {
              token: TOKEN,
              secret: { type: "string", description: "The token, shown this once; it is not stored." },
            },
          },
          ...ADMIN_ERRORS,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const body = readBody(request.body, {
        user: text("admin:hint.user", { max: 200 }),
        name: text("admin:hint.tokenName", { max: 100 }),
        days: wholeOrNull("admin:hint.days", 1, 3650),
      });
      const found = await store.directory.findUser(body.user as string);
      if (!found) throw adminError("API_BAD_REQUEST", "admin:user.notFound", { name: body.user as string });
      const user = await userOf(store, found.id);
      const secret = generateToken();
      const days = body.days ?? null;
      const token = await store.directory.createToken(caller.actor, {
        userId: user.id,
        tokenHash: tokenHash(secret),
        name: body.name as string,
        expires: days === null ? null : new Date(Date.now() + days * DAY_MS).toISOString(),
      });
      return reply.code(201).send({ token: { ...token, username: user.username }, secret });
    },
  );

  app.delete<{ Params: { id: string } }>(
    "/tokens/:id",
    {
      schema: {
        summary: "Revoke an API token (administrators)",
        params: {
          type: "object",
          properties: { id: { type: "string", minLength: 1, maxLength: 200 } },
          required: ["id"],
        },
        response: { 204: { type: "null" }, ...ADMIN_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      if (!(await store.directory.revokeToken(caller.actor, request.params.id)))
        throw adminError("API_NOT_FOUND", "admin:token.notFound", { id: request.params.id });
      return reply.code(204).send();
    },
  );
}
