import type { FastifyInstance } from "fastify";
import { normalizeCpe, parsePurl } from "../../assets/index.js";
import { fromCatalog } from "../../errors/index.js";
import type { InventorySoftware } from "../../store/index.js";
import { callerOf, orgFor, scopeOf } from "../context.js";
import { ApiError } from "../errors.js";
import {
  ERROR_SCHEMA,
  ITEM_PARAMS,
  limitOf,
  ORG_PARAMS,
  pagedQuery,
  pageOf,
  SOFTWARE,
  SOFTWARE_INPUT,
} from "../schemas.js";

/**
 * /api/v1/orgs/:org/software — software and firmware of an organization's assets, each named by
 * CPE 2.3 and/or purl. CPEs are checked and stored in their formatted-string form.
 */

/** A software item from a request, with its CPE normalized and its purl checked (AssetsError → 400). */
export function checkSoftware(input: Partial<InventorySoftware>): InventorySoftware {
  const cpe = input.cpe ? normalizeCpe(input.cpe) : null;
  if (input.purl) parsePurl(input.purl);
  if (!input.name) throw new ApiError("API_BAD_REQUEST", fromCatalog("errors:api.softwareName"));
  return {
    name: input.name,
    version: input.version ?? null,
    vendor: input.vendor ?? null,
    kind: input.kind ?? "application",
    cpe,
    purl: input.purl ?? null,
  };
}

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };

/** Registers the software routes. */
export async function registerSoftwareRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get<{ Params: { org: string }; Querystring: { limit?: string; after?: string; asset?: string } }>(
    "/orgs/:org/software",
    {
      schema: {
        params: ORG_PARAMS,
        querystring: pagedQuery({ asset: { type: "string", maxLength: 200 } }),
        response: {
          200: pageOf("software", SOFTWARE),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, false);
      const q = request.query;
      return store.inventory.listSoftware(scopeOf(caller), org.id, {
        limit: limitOf(q.limit, 100),
        after: q.after ?? null,
        assetId: q.asset ?? null,
      });
    },
  );

  app.post<{ Params: { org: string }; Body: Partial<InventorySoftware> & { assetId: string } }>(
    "/orgs/:org/software",
    {
      schema: {
        params: ORG_PARAMS,
        body: {
          ...SOFTWARE_INPUT,
          required: ["assetId", "name"],
          properties: { ...SOFTWARE_INPUT.properties, assetId: { type: "string", minLength: 1, maxLength: 200 } },
        },
        response: { 201: SOFTWARE, ...ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      const { assetId, ...rest } = request.body;
      const sw = await store.inventory.addSoftware(caller.actor, scopeOf(caller), org.id, assetId, checkSoftware(rest));
      return reply.code(201).send(sw);
    },
  );

  app.patch<{ Params: { org: string; id: string }; Body: Partial<InventorySoftware> }>(
    "/orgs/:org/software/:id",
    {
      schema: {
        params: ITEM_PARAMS,
        body: { ...SOFTWARE_INPUT, minProperties: 1 },
        response: { 200: SOFTWARE, ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      const patch = { ...request.body };
      if (patch.cpe) patch.cpe = normalizeCpe(patch.cpe);
      if (patch.purl) parsePurl(patch.purl);
      return store.inventory.updateSoftware(caller.actor, scopeOf(caller), org.id, request.params.id, patch);
    },
  );

  app.delete<{ Params: { org: string; id: string } }>(
    "/orgs/:org/software/:id",
    { schema: { params: ITEM_PARAMS, response: { 204: { type: "null" }, ...ERRORS } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      await store.inventory.deleteSoftware(caller.actor, scopeOf(caller), org.id, request.params.id);
      return reply.code(204).send();
    },
  );
}
