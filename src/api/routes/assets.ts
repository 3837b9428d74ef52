import type { FastifyInstance } from "fastify";
import { assetKey } from "../../assets/index.js";
import type { AssetPatch, InventoryAssetInput, InventorySoftware } from "../../store/index.js";
import { callerOf, orgFor, scopeOf } from "../context.js";
import {
  ASSET,
  ASSET_INPUT,
  ASSET_PATCH,
  ERROR_SCHEMA,
  ITEM_PARAMS,
  limitOf,
  ORG_PARAMS,
  pagedQuery,
  pageOf,
} from "../schemas.js";
import { checkSoftware } from "./software.js";

/**
 * /api/v1/orgs/:org/assets — an organization's assets. POST creates an asset, or updates the one
 * with the same natural key (MAC, else address and hostname, else name), as an import would.
 */

type AssetBody = Partial<Omit<InventoryAssetInput, "software" | "key" | "ports" | "provenance">> & {
  name: string;
  software?: Partial<InventorySoftware>[];
};

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA, 409: ERROR_SCHEMA };

/** Registers the asset routes. */
export async function registerAssetRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get<{ Params: { org: string }; Querystring: { limit?: string; after?: string } }>(
    "/orgs/:org/assets",
    {
      schema: {
        params: ORG_PARAMS,
        querystring: pagedQuery({}),
        response: {
          200: pageOf("assets", ASSET),
          ...ERRORS,
        },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, false);
      return store.inventory.listAssets(scopeOf(caller), org.id, {
        limit: limitOf(request.query.limit, 100),
        after: request.query.after ?? null,
      });
    },
  );

  app.post<{ Params: { org: string }; Body: AssetBody }>(
    "/orgs/:org/assets",
    { schema: { params: ORG_PARAMS, body: ASSET_INPUT, response: { 200: ASSET, 201: ASSET, ...ERRORS } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      const b = request.body;
      const parts = { macs: b.macs ?? [], addresses: b.addresses ?? [], hostnames: b.hostnames ?? [], name: b.name };
      const asset: InventoryAssetInput = {
        ...parts,
        key: assetKey(parts),
        siteId: b.siteId ?? null,
        role: b.role ?? "other",
        roleSource: b.role ? "confirmed" : "default",
        roleEvidence: [],
        criticality: b.criticality ?? "medium",
        internetExposed: b.internetExposed ?? false,
        owner: b.owner ?? null,
        vendor: b.vendor ?? null,
        ports: [],
        software: (b.software ?? []).map(checkSoftware),
        provenance: { source: "manual", input: "api", observedAt: null },
      };
      const [result] = await store.inventory.upsertAssets(caller.actor, scopeOf(caller), org.id, [asset], true);
      const stored = await store.inventory.getAsset(scopeOf(caller), org.id, result?.id as string);
      return reply.code(result?.outcome === "new" ? 201 : 200).send(stored);
    },
  );

  app.get<{ Params: { org: string; id: string } }>(
    "/orgs/:org/assets/:id",
    { schema: { params: ITEM_PARAMS, response: { 200: ASSET, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, false);
      return store.inventory.getAsset(scopeOf(caller), org.id, request.params.id);
    },
  );

  app.patch<{ Params: { org: string; id: string }; Body: AssetPatch }>(
    "/orgs/:org/assets/:id",
    { schema: { params: ITEM_PARAMS, body: ASSET_PATCH, response: { 200: ASSET, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      return store.inventory.updateAsset(caller.actor, scopeOf(caller), org.id, request.params.id, request.body);
    },
  );

  app.delete<{ Params: { org: string; id: string } }>(
    "/orgs/:org/assets/:id",
    { schema: { params: ITEM_PARAMS, response: { 204: { type: "null" }, ...ERRORS } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      await store.inventory.deleteAsset(caller.actor, scopeOf(caller), org.id, request.params.id);
      return reply.code(204).send();
    },
  );
}
