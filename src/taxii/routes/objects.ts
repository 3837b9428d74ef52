import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { fromCatalog } from "../../errors/index.js";
import { isStixId } from "../../stix/index.js";
import type { ObjectPage, RawObjectPage } from "../../store/index.js";
import { API_ROOT_PATH, principalOf, sendText } from "../context.js";
import { TaxiiError } from "../errors.js";
import { filterKey, parseQuery, type TaxiiQuery } from "../query.js";
import { dateAddedHeaders, renderEnvelope, renderManifest, renderVersions } from "../render.js";
import { ERROR_RESPONSES } from "../schemas.js";
import { requireCollection } from "./collection-access.js";
import { collectionParams } from "./collections.js";

/**
 * The read side of a collection: objects, one object, its versions, the manifest, and DELETE.
 * Each is one keyset page from the store, read with the caller's access context, so TLP decides
 * inside the query what exists for this caller; `next` is the sealed store cursor.
 */

type Params = { collectionId: string; objectId?: string };

const objectParams = {
  type: "object",
  properties: {
    collectionId: { type: "string", minLength: 1, maxLength: 200 },
    objectId: { type: "string", minLength: 1, maxLength: 300 },
  },
  required: ["collectionId", "objectId"],
} as const;

async function readPage(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: Params; Querystring: TaxiiQuery }>,
  versionsDefault: "last" | "all",
): Promise<{ page: ObjectPage; next: string | null }>;
async function readPage(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: Params; Querystring: TaxiiQuery }>,
  versionsDefault: "last" | "all",
  rawOnly: true,
): Promise<{ page: RawObjectPage; next: string | null }>;
/** One page for the request; `rawOnly` reads just the text and date (an envelope needs no more). */
async function readPage(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: Params; Querystring: TaxiiQuery }>,
  versionsDefault: "last" | "all",
  rawOnly = false,
): Promise<{ page: ObjectPage | RawObjectPage; next: string | null }> {
  const { collectionId, objectId } = request.params;
  await requireCollection(app, request, collectionId, "read");
  const { taxii } = app;
  const query = objectId === undefined ? request.query : { ...request.query, "match[id]": undefined };
  const parsed = parseQuery(query, {
    collectionId,
    defaultLimit: taxii.defaultLimit,
    maxLimit: taxii.maxLimit,
    seal: taxii.seal,
    versionsDefault,
    objectId,
  });
  const window = { limit: parsed.limit, after: parsed.after };
  const reader = principalOf(request).read;
  const page = rawOnly
    ? await taxii.store.queryRawObjects(reader, parsed.filter, window)
    : await taxii.store.queryObjects(reader, parsed.filter, window);
  const next = page.next === null ? null : taxii.seal.seal(page.next, filterKey(parsed.filter));
  if (objectId !== undefined && page.objects.length === 0 && parsed.after === null) {
    // Absent and hidden look the same: nothing tells a caller that an object exists beyond their TLP.
    throw new TaxiiError(
      "TAXII_OBJECT_NOT_FOUND",
      fromCatalog("errors:taxii.noObject", { id: String(objectId).slice(0, 120) }),
    );
  }
  return { page, next };
}

function checkObjectId(objectId: string): void {
  if (!isStixId(objectId)) {
    throw new TaxiiError(
      "TAXII_OBJECT_NOT_FOUND",
      fromCatalog("errors:taxii.notStixId", { id: String(objectId).slice(0, 120) }),
    );
  }
}

/** Registers GET objects/, GET objects/{id}/, GET objects/{id}/versions/, GET manifest/, DELETE objects/{id}/. */
export async function registerObjectRoutes(app: FastifyInstance): Promise<void> {
  const base = `${API_ROOT_PATH}collections/:collectionId/`;
  const listSchema = (ok: string, params: object) => ({
    params,
    querystring: { $ref: "taxii-filter-query#" },
    response: { 200: { $ref: `${ok}#` }, ...ERROR_RESPONSES },
  });

  const envelope = async (
    request: FastifyRequest<{ Params: Params; Querystring: TaxiiQuery }>,
    reply: FastifyReply,
  ): Promise<unknown> => {
    if (request.params.objectId !== undefined) checkObjectId(request.params.objectId);
    const { page, next } = await readPage(app, request, "last", true);
    return sendText(reply, 200, renderEnvelope(page.objects, page.more, next), dateAddedHeaders(page.objects));
  };

  app.get(`${base}objects/`, { schema: listSchema("taxii-envelope", collectionParams) }, envelope);
  app.get(`${base}objects/:objectId/`, { schema: listSchema("taxii-envelope", objectParams) }, envelope);

  app.get<{ Params: Params; Querystring: TaxiiQuery }>(
    `${base}objects/:objectId/versions/`,
    { schema: listSchema("taxii-versions", objectParams) },
    async (request, reply) => {
      checkObjectId(request.params.objectId ?? "");
      const { page, next } = await readPage(app, request, "all");
      reply.headers(dateAddedHeaders(page.objects));
      return renderVersions(page.objects, page.more, next);
    },
  );

  app.get<{ Params: Params; Querystring: TaxiiQuery }>(
    `${base}manifest/`,
    { schema: listSchema("taxii-manifest", collectionParams) },
    async (request, reply) => {
      const { page, next } = await readPage(app, request, "last");
      reply.headers(dateAddedHeaders(page.objects));
      return renderManifest(page.objects, page.more, next);
    },
  );

  app.delete<{ Params: Params; Querystring: TaxiiQuery }>(
    `${base}objects/:objectId/`,
    { schema: { params: objectParams, querystring: { $ref: "taxii-filter-query#" }, response: ERROR_RESPONSES } },
    async (request, reply) => {
      const { collectionId, objectId = "" } = request.params;
      checkObjectId(objectId);
      await requireCollection(app, request, collectionId, "write");
      const principal = principalOf(request);
      const { taxii } = app;
      const parsed = parseQuery(
        {
          "match[version]": request.query["match[version]"],
          "match[spec_version]": request.query["match[spec_version]"],
        },
        {
          collectionId,
          defaultLimit: taxii.maxLimit,
          maxLimit: taxii.maxLimit,
          seal: taxii.seal,
          versionsDefault: "all",
          objectId,
        },
      );
      const page = await taxii.store.queryObjects(principal.read, parsed.filter, { limit: taxii.maxLimit });
      if (page.objects.length === 0) {
        throw new TaxiiError(
          "TAXII_OBJECT_NOT_FOUND",
          fromCatalog("errors:taxii.noObject", { id: objectId.slice(0, 120) }),
        );
      }
      const versions = page.objects.map((o) => o.versionKey);
      await taxii.store.directory.removeFromCollection(
        principal.actor,
        principal.read,
        collectionId,
        objectId,
        versions,
      );
      return sendText(reply, 200, "");
    },
  );
}
