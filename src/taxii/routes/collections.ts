import type { FastifyInstance } from "fastify";
import type { Collection } from "../../store/index.js";
import { API_ROOT_PATH, principalOf } from "../context.js";
import type { Rights } from "../grants.js";
import { STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from "../media-type.js";
import { ERROR_RESPONSES } from "../schemas.js";
import { requireCollection } from "./collection-access.js";

/** The collection resource as a caller sees it. */
function collectionResource(collection: Collection, rights: Rights): object {
  return {
    id: collection.id,
    title: collection.title,
    ...(collection.description ? { description: collection.description } : {}),
    can_read: rights.read,
    can_write: rights.write,
    media_types: [STIX_MEDIA_TYPE],
  };
}

const collectionParams = {
  type: "object",
  properties: { collectionId: { type: "string", minLength: 1, maxLength: 200 } },
  required: ["collectionId"],
} as const;

/** GET {api-root}/, GET collections/, GET collections/{id}/. */
export async function registerCollectionRoutes(app: FastifyInstance): Promise<void> {
  app.get(
    API_ROOT_PATH,
    {
      schema: {
        response: {
          200: {
            type: "object",
            properties: {
              title: { type: "string" },
              description: { type: "string" },
              versions: { type: "array", items: { type: "string" } },
              max_content_length: { type: "integer" },
            },
            required: ["title", "versions", "max_content_length"],
          },
          ...ERROR_RESPONSES,
        },
      },
    },
    async () => ({
      title: app.taxii.title,
      description: "Centinela's API root: STIX 2.1 collections with TLP 2.0 enforced on every read",
      versions: [TAXII_MEDIA_TYPE],
      max_content_length: app.taxii.bodyLimit,
    }),
  );

  app.get(
    `${API_ROOT_PATH}collections/`,
    {
      schema: {
        response: {
          200: {
            type: "object",
            properties: { collections: { type: "array", items: { $ref: "taxii-collection#" } } },
          },
          ...ERROR_RESPONSES,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const all = await app.taxii.store.directory.listCollections();
      const visible: object[] = [];
      for (const collection of all) {
        const rights = await app.taxii.access.rights(principal, collection.id);
        if (rights.read || rights.write) visible.push(collectionResource(collection, rights));
      }
      return visible.length > 0 ? { collections: visible } : {};
    },
  );

  app.get<{ Params: { collectionId: string } }>(
    `${API_ROOT_PATH}collections/:collectionId/`,
    { schema: { params: collectionParams, response: { 200: { $ref: "taxii-collection#" }, ...ERROR_RESPONSES } } },
    async (request) => {
      const { collection, rights } = await requireCollection(app, request, request.params.collectionId, "any");
      return collectionResource(collection, rights);
    },
  );
}

export { collectionParams };
