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
      // The response schema lists what leaves the server: the secret and the user name never do.
      return store.directory.listFeeds();
    },
  );
}
