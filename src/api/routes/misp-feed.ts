import type { FastifyInstance, FastifyReply } from "fastify";
import { fromCatalog } from "../../errors/index.js";
import { buildMispFeed, mispFeedFiles, storeFeedSource } from "../../feeds/misp/index.js";
import { t } from "../../i18n/index.js";
import type { AccessContext, Store } from "../../store/index.js";
import { callerOf, requireAction } from "../context.js";
import { ApiError } from "../errors.js";
import { ERROR_SCHEMA } from "../schemas.js";

/**
 * /api/v1/misp/feed — the store as a MISP feed a MISP instance adds by URL (Sync Actions → Feeds
 * → Add feed, source format "MISP Feed", the token in its Headers as `Authorization: Bearer …`):
 * `manifest.json`, `hashes.csv` and one `<uuid>.json` per event, the same files
 * `export --misp-feed DIR --for USER` writes for the signed-in caller. Every read goes through
 * the store with the caller's AccessContext, so TLP and sharing decide what the feed holds; an
 * event the caller may not see is "not found", as one that does not exist.
 * The feed is built for each request (MISP reads the manifest, then the events it lacks).
 */

const ERRORS = { 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };
const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/** The files of the feed `reader` may see. */
async function feedFor(store: Store, reader: AccessContext): Promise<Map<string, string>> {
  const { events } = await buildMispFeed(storeFeedSource(store, reader));
  return mispFeedFiles(events);
}

function send(reply: FastifyReply, type: string, text: string): FastifyReply {
  return reply.type(type).header("cache-control", "private, no-store").send(text);
}

/** Registers the MISP feed routes. */
export async function registerMispFeedRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get(
    "/misp/feed/manifest.json",
    {
      schema: {
        summary: "The MISP feed's manifest: each event you may see, by uuid, with its info, timestamp and tags",
        response: {
          200: { type: "object", additionalProperties: { type: "object", additionalProperties: true } },
          ...ERRORS,
        },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAction(caller, "intelligence.read", t("errors:access.refused.intelligence"));
      const files = await feedFor(store, caller.read);
      return send(reply, "application/json; charset=utf-8", files.get("manifest.json") ?? "{}\n");
    },
  );

  app.get(
    "/misp/feed/hashes.csv",
    {
      schema: {
        summary: "The MISP feed's hashes.csv: the md5 of each value (each part of a composite one) and its event",
        response: { 200: { type: "string", description: "Lines of `md5,event uuid`." }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAction(caller, "intelligence.read", t("errors:access.refused.intelligence"));
      const files = await feedFor(store, caller.read);
      return send(reply, "text/csv; charset=utf-8", files.get("hashes.csv") ?? "");
    },
  );

  app.get<{ Params: { uuid: string } }>(
    "/misp/feed/:uuid.json",
    {
      schema: {
        summary: "One event of the MISP feed, as MISP exports it ({ Event: … }); 404 for one you may not see",
        params: { type: "object", properties: { uuid: { type: "string", pattern: UUID } }, required: ["uuid"] },
        response: { 200: { type: "object", additionalProperties: true }, ...ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAction(caller, "intelligence.read", t("errors:access.refused.intelligence"));
      const { uuid } = request.params;
      const files = await feedFor(store, caller.read);
      // MISP writes uuids lower-case, but an event's own uuid is kept as its producer wrote it.
      const text = files.get(`${uuid}.json`) ?? files.get(`${uuid.toLowerCase()}.json`);
      if (text === undefined) throw new ApiError("API_NOT_FOUND", fromCatalog("errors:api.noMispEvent", { uuid }));
      return send(reply, "application/json; charset=utf-8", text);
    },
  );
}
