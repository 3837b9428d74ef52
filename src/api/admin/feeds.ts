import type { FastifyInstance } from "fastify";
import { callerOf } from "../context.js";
import { requireAdmin } from "./input.js";
import { ADMIN_ERRORS, FEED } from "./schemas.js";

/**
 * GET /api/v1/feeds — the remote feeds `feeds sync` pulls, with their health: when each last
 * ran and the error of its last run. Never a feed's credentials (they stay sealed in the store).
 */

/** Registers the feed list of the administration. */
export async function registerAdminFeedRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  app.get(
    "/feeds",
    {
      schema: {
        summary: "Remote feeds and their health (administrators)",
        response: { 200: { type: "array", items: FEED }, ...ADMIN_ERRORS },
      },
    },
    async (request) => {
      requireAdmin(callerOf(request));
      // Named here, field by field: the secret and the user name never leave the server.
      const text = (v: unknown) => (typeof v === "string" ? v : null);
      return (await store.directory.listFeeds()).map((f) => ({
        id: f.id,
        kind: f.kind,
        source: text(f.config.url) ?? text(f.config.source) ?? "",
        collection: text(f.config.collection),
        localCollection: text(f.config.localCollection),
        everySeconds: f.everySeconds,
        lastSync: f.lastSync,
        lastError: f.lastError,
        failures: f.failures,
        nextRun: f.nextRun,
      }));
    },
  );
}
