import type { FastifyInstance } from "fastify";
import { registerAdminCollectionRoutes } from "./collections.js";
import { registerAdminFeedRoutes } from "./feeds.js";
import { inLanguage, localeOf } from "./input.js";
import { registerAdminOrgRoutes } from "./orgs.js";
import { registerAdminTokenRoutes } from "./tokens.js";
import { registerAdminUserRoutes } from "./users.js";

/**
 * The administration routes the console's Administración page uses — organizations, users,
 * tokens, collections and grants, feeds — each refused (403) to a role the rulebook does not let
 * `administer`. Their messages are answered in the caller's language (Accept-Language).
 */
export async function registerAdminRoutes(app: FastifyInstance): Promise<void> {
  // Only this scope's errors; the host's handler then writes the answer.
  app.setErrorHandler((error, request) => {
    throw inLanguage(error, localeOf(request));
  });
  await app.register(registerAdminOrgRoutes);
  await app.register(registerAdminUserRoutes);
  await app.register(registerAdminTokenRoutes);
  await app.register(registerAdminCollectionRoutes);
  await app.register(registerAdminFeedRoutes);
}
