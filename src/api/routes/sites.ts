import type { FastifyInstance } from "fastify";
import { callerOf, orgFor, scopeOf } from "../context.js";
import { ERROR_SCHEMA, ITEM_PARAMS, ORG_PARAMS, SITE, SITE_INPUT, SITE_PATCH } from "../schemas.js";

/** /api/v1/orgs/:org/sites — an organization's sites (plants, data centres). */

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA, 409: ERROR_SCHEMA };

/** Registers the site routes. */
export async function registerSiteRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get<{ Params: { org: string } }>(
    "/orgs/:org/sites",
    { schema: { params: ORG_PARAMS, response: { 200: { type: "array", items: SITE }, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, false);
      return store.inventory.listSites(scopeOf(caller), org.id);
    },
  );

  app.post<{ Params: { org: string }; Body: { name: string; state?: string | null } }>(
    "/orgs/:org/sites",
    { schema: { params: ORG_PARAMS, body: SITE_INPUT, response: { 201: SITE, ...ERRORS } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      const input = { name: request.body.name, state: request.body.state ?? null };
      return reply.code(201).send(await store.inventory.createSite(caller.actor, scopeOf(caller), org.id, input));
    },
  );

  app.patch<{ Params: { org: string; id: string }; Body: { name?: string; state?: string | null } }>(
    "/orgs/:org/sites/:id",
    { schema: { params: ITEM_PARAMS, body: SITE_PATCH, response: { 200: SITE, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      return store.inventory.updateSite(caller.actor, scopeOf(caller), org.id, request.params.id, request.body);
    },
  );

  app.delete<{ Params: { org: string; id: string } }>(
    "/orgs/:org/sites/:id",
    { schema: { params: ITEM_PARAMS, response: { 204: { type: "null" }, ...ERRORS } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      await store.inventory.deleteSite(caller.actor, scopeOf(caller), org.id, request.params.id);
      return reply.code(204).send();
    },
  );
}
