import type { FastifyInstance } from "fastify";
import type { Collection, Organization, Store } from "../../store/index.js";
import { callerOf } from "../context.js";
import { adminError, flag, readBody, requireAdmin, text, textOrNull } from "./input.js";
import { ADMIN_ERRORS, bodyOf, COLLECTION, GRANT } from "./schemas.js";

/**
 * /api/v1/collections — the TAXII collections and which organization may read or write each:
 * the list with its grants, a new collection, and setting or removing an organization's grant.
 * TAXII's can_read / can_write follow these grants at once (access's rulebook decides with them).
 */

const COLLECTION_ID = /^[A-Za-z0-9._-]{1,100}$/;
const ID = { type: "string", minLength: 1, maxLength: 100 } as const;
const ORG = { type: "string", minLength: 1, maxLength: 200, description: "Organization id or name" } as const;
const GRANT_PARAMS = { type: "object", properties: { id: ID, org: ORG }, required: ["id", "org"] } as const;

async function collectionOf(store: Store, id: string): Promise<Collection> {
  const found = await store.directory.findCollection(id);
  if (!found) throw adminError("API_NOT_FOUND", "admin:collection.notFound", { id });
  return found;
}

async function orgOf(store: Store, param: string): Promise<Organization> {
  const found = await store.directory.findOrganization(param);
  if (!found) throw adminError("API_NOT_FOUND", "admin:org.notFound", { name: param });
  return found;
}

/** Registers the collection and grant routes of the administration. */
export async function registerAdminCollectionRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  /** Collections with their grants and the organizations' names. */
  const described = async (collections: Collection[]) => {
    const names = new Map((await store.directory.listOrganizations()).map((o) => [o.id, o.name]));
    const grants = await store.directory.listGrants();
    return collections.map((c) => ({
      ...c,
      grants: grants
        .filter((g) => g.collectionId === c.id)
        .map((g) => ({ orgId: g.orgId, orgName: names.get(g.orgId) ?? null, read: g.read, write: g.write })),
    }));
  };

  app.get(
    "/collections",
    {
      schema: {
        summary: "TAXII collections with the organizations granted each (administrators)",
        response: { 200: { type: "array", items: COLLECTION }, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      requireAdmin(callerOf(request));
      return described(await store.directory.listCollections());
    },
  );

  app.post(
    "/collections",
    {
      attachValidation: true,
      schema: {
        summary: "Add a TAXII collection (administrators)",
        body: bodyOf(
          {
            id: { type: "string", pattern: COLLECTION_ID.source },
            title: { type: "string", minLength: 1, maxLength: 200 },
            description: { type: ["string", "null"], maxLength: 1000 },
          },
          ["id"],
        ),
        response: { 201: COLLECTION, ...ADMIN_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const body = readBody(request.body, {
        id: text("admin:hint.collectionId", { max: 100, pattern: COLLECTION_ID }),
        title: text("admin:hint.title", { max: 200, required: false }),
        description: textOrNull("admin:hint.description", 1000),
      });
      const id = body.id as string;
      if (await store.directory.findCollection(id)) throw adminError("API_CONFLICT", "admin:collection.exists", { id });
      const created = await store.directory.createCollection(caller.actor, {
        id,
        title: body.title ?? id,
        description: body.description ?? null,
      });
      return reply.code(201).send({ ...created, grants: [] });
    },
  );

  app.put<{ Params: { id: string; org: string } }>(
    "/collections/:id/grants/:org",
    {
      attachValidation: true,
      schema: {
        summary:
          "Set an organization's read and write rights on a collection; both false removes them (administrators)",
        params: GRANT_PARAMS,
        body: bodyOf({ read: { type: "boolean" }, write: { type: "boolean" } }, ["read", "write"]),
        response: { 200: GRANT, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const body = readBody(request.body, { read: flag("admin:hint.grant"), write: flag("admin:hint.grant") });
      const collection = await collectionOf(store, request.params.id);
      const org = await orgOf(store, request.params.org);
      const grant = {
        collectionId: collection.id,
        orgId: org.id,
        read: body.read as boolean,
        write: body.write as boolean,
      };
      await store.directory.setGrant(caller.actor, grant);
      return { orgId: org.id, orgName: org.name, read: grant.read, write: grant.write };
    },
  );

  app.delete<{ Params: { id: string; org: string } }>(
    "/collections/:id/grants/:org",
    {
      schema: {
        summary: "Remove an organization's grant on a collection (administrators)",
        params: GRANT_PARAMS,
        response: { 204: { type: "null" }, ...ADMIN_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const collection = await collectionOf(store, request.params.id);
      const org = await orgOf(store, request.params.org);
      await store.directory.setGrant(caller.actor, {
        collectionId: collection.id,
        orgId: org.id,
        read: false,
        write: false,
      });
      return reply.code(204).send();
    },
  );
}
