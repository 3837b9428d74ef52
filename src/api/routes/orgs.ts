import type { FastifyInstance } from "fastify";
import { callerOf, scopeOf } from "../context.js";
import { ERROR_SCHEMA } from "../schemas.js";

/**
 * GET /api/v1/orgs — the organizations the caller may see, with their profile (sector, state):
 * an administrator every organization, a member its own.
 */

const ORG = {
  type: "object",
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    created: { type: "string" },
    sector: { type: ["string", "null"] },
    state: { type: ["string", "null"] },
  },
} as const;

/** Registers the organization list. */
export async function registerOrgRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get(
    "/orgs",
    { schema: { response: { 200: { type: "array", items: ORG }, 401: ERROR_SCHEMA } } },
    async (request) => {
      const caller = callerOf(request);
      const orgs =
        scopeOf(caller).kind === "all"
          ? await store.directory.listOrganizations()
          : [await store.directory.findOrganization(caller.user.orgId)].filter((o) => o !== null);
      return Promise.all(
        orgs.map(async (o) => {
          const p = await store.inventory.getOrgProfile(o.id);
          return { ...o, sector: p?.sector ?? null, state: p?.state ?? null };
        }),
      );
    },
  );
}
