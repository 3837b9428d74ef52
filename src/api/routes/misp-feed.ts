import type { FastifyInstance, FastifyReply } from "fastify";
import { fromCatalog } from "../../errors/index.js";
import { buildMispFeed, mispFeedFiles, storeFeedSource } from "../../feeds/misp/index.js";
import { t } from "../../i18n/index.js";
import type { AccessContext, Store } from "../../store/index.js";
import { callerOf, requireAction } from "../context.js";
import { ApiError } from "../errors.js";
import { GenerationCache } from "../generation-cache.js";
import { ERROR_SCHEMA } from "../schemas.js";

/**
 * /api/v1/misp/feed — the store as a MISP feed a MISP instance adds by URL (Sync Actions → Feeds
 * → Add feed, source format "MISP Feed", the token in its Headers as `Authorization: Bearer …`):
 * `manifest.json`, `hashes.csv` and one `<uuid>.json` per event, the same files
 * `export --misp-feed DIR --for USER` writes for the signed-in caller. Every read goes through
 * the store with the caller's AccessContext, so TLP and sharing decide what the feed holds; an
 * event the caller may not see is "not found", as one that does not exist.
 * The feed is built once per reader and store generation (Store.readGeneration: a version or
 * membership written, or any audited change) and kept in this process, so MISP's pulls (the
 * manifest, then each event it lacks, every hour) read the store once between writes. The key is
 * the reader's whole AccessContext (kind, organization, user: TLP:RED names users), so one
 * reader's feed is never served to another.
 */

const ERRORS = { 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };
const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/** The files of the feed `reader` may see, built from the store. */
async function buildFor(store: Store, reader: AccessContext): Promise<Map<string, string>> {
  const { events } = await buildMispFeed(storeFeedSource(store, reader));
  return mispFeedFiles(events);
}

function send(reply: FastifyReply, type: string, text: string): FastifyReply {
  return reply.type(type).header("cache-control", "private, no-store").send(text);
}

/** Registers the MISP feed routes. */
export async function registerMispFeedRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  const feeds = new GenerationCache<Map<string, string>>();
  const feedFor = async (reader: AccessContext): Promise<Map<string, string>> => {
    const key = JSON.stringify([reader.kind, reader.orgId, reader.userId]);
    // Read before building, so a write landing meanwhile makes the next request build again.
    const token = await store.readGeneration();
    return feeds.get(key, token, () => buildFor(store, reader));
  };

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
      const files = await feedFor(caller.read);
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
      const files = await feedFor(caller.read);
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
      const files = await feedFor(caller.read);
      // MISP writes uuids lower-case, but an event's own uuid is kept as its producer wrote it.
      const text = files.get(`${uuid}.json`) ?? files.get(`${uuid.toLowerCase()}.json`);
      if (text === undefined) throw new ApiError("API_NOT_FOUND", fromCatalog("errors:api.noMispEvent", { uuid }));
      return send(reply, "application/json; charset=utf-8", text);
    },
  );
}
