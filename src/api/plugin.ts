import type { FastifyInstance } from "fastify";
import type { Store } from "../store/index.js";
import "./context.js";
import { registerAdminRoutes } from "./admin/register.js";
import { API_INDEX_SCHEMA, type ApiIndex, apiIndex } from "./api-index.js";
import { collectOpenApi, OPENAPI_PATH, openApiDocument } from "./openapi.js";
import { registerActionRoutes } from "./routes/actions.js";
import { registerAlertRoutes } from "./routes/alerts.js";
import { registerAssetRoutes } from "./routes/assets.js";
import { registerExposureSummaryRoute } from "./routes/exposure-summary.js";
import { registerImportRoute } from "./routes/imports.js";
import { registerIntelRoutes } from "./routes/intel.js";
import { registerLogRoutes } from "./routes/logs.js";
import { registerMispFeedRoutes } from "./routes/misp-feed.js";
import { registerOrgRoutes } from "./routes/orgs.js";
import { registerSightingRoutes } from "./routes/sightings.js";
import { registerSiteRoutes } from "./routes/sites.js";
import { registerSoftwareRoutes } from "./routes/software.js";

/**
 * The exposure REST API as a plugin of the HTTP host (src/server), mounted at /api/v1: an
 * organization's assets, sites and software, its action list, the national action list, and the
 * intelligence search and object detail (routes/intel.ts), the store as a MISP feed
 * (routes/misp-feed.ts), and the administration of
 * organizations, users, tokens, collections and feeds (admin/).
 * Its OpenAPI 3.1 document, at /api/v1/openapi.json without sign-in, describes every route under
 * /api/v1 of the plugins mounted after it too (incidents, the console's session): mount it first.
 * The host signs every route in (HTTP Basic or an API token, the same as TAXII) and answers
 * errors as JSON problem documents with their own code and status.
 */

/** Options of the plugin. */
export interface ApiPluginOptions {
  store: Store;
}

/** Path prefix of every route of the API. */
export const API_PREFIX = "/api/v1";

/** The plugin as the host mounts it: `createServer({ plugins: [apiPlugin({ store })] })`. */
export function apiPlugin(options: ApiPluginOptions) {
  return {
    name: "api",
    prefix: API_PREFIX,
    register: inRootScope(async (app: FastifyInstance): Promise<void> => {
      // Before any route of its own, so that the API's routes and every later plugin's are seen.
      await collectOpenApi(app, API_PREFIX);
      await app.register(
        async (api) => {
          api.decorate("exposureApi", { store: options.store });
          let document: Record<string, unknown> | undefined;
          api.get(
            OPENAPI_PATH.slice(API_PREFIX.length),
            {
              config: { public: true },
              schema: {
                summary: "This OpenAPI 3.1 document",
                response: { 200: { type: "object", additionalProperties: true } },
              },
            },
            async () => {
              document ??= openApiDocument(app);
              return document;
            },
          );
          let index: ApiIndex | undefined;
          api.get(
            "/",
            {
              config: { public: true },
              schema: {
                summary: "What this API holds: its resources, each with its operations, and the OpenAPI document",
                response: { 200: API_INDEX_SCHEMA },
              },
            },
            async (_request, reply) => {
              document ??= openApiDocument(app);
              index ??= apiIndex(document);
              // RFC 8631: where the machine-readable description of this service is.
              return reply.header("link", `<${OPENAPI_PATH}>; rel="service-desc"`).send(index);
            },
          );
          await api.register(registerAssetRoutes);
          await api.register(registerSiteRoutes);
          await api.register(registerSoftwareRoutes);
          await api.register(registerActionRoutes);
          await api.register(registerExposureSummaryRoute);
          await api.register(registerOrgRoutes);
          await api.register(registerImportRoute);
          await api.register(registerIntelRoutes);
          await api.register(registerMispFeedRoutes);
          await api.register(registerSightingRoutes);
          await api.register(registerLogRoutes);
          await api.register(registerAlertRoutes);
          await api.register(registerAdminRoutes);
        },
        { prefix: API_PREFIX },
      );
    }),
  };
}

/**
 * Runs `register` in the scope the host registers it in (Fastify's skip-override, what
 * fastify-plugin sets) rather than a scope of its own: the OpenAPI collector's onRoute hook then
 * sits on the host's root and sees the routes of the plugins mounted after the API. The API's
 * routes and decorators stay in their own child scope under /api/v1.
 */
function inRootScope<F extends (app: FastifyInstance) => Promise<void>>(register: F): F {
  Object.defineProperty(register, Symbol.for("skip-override"), { value: true });
  return register;
}
