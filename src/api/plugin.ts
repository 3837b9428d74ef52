import type { FastifyInstance } from "fastify";
import type { Store } from "../store/index.js";
import "./context.js";
import { registerActionRoutes } from "./routes/actions.js";
import { registerAssetRoutes } from "./routes/assets.js";
import { registerExposureSummaryRoute } from "./routes/exposure-summary.js";
import { registerImportRoute } from "./routes/imports.js";
import { registerIntelRoutes } from "./routes/intel.js";
import { registerOrgRoutes } from "./routes/orgs.js";
import { registerSiteRoutes } from "./routes/sites.js";
import { registerSoftwareRoutes } from "./routes/software.js";

/**
 * The exposure REST API as a plugin of the HTTP host (src/server), mounted at /api/v1: an
 * organization's assets, sites and software, its action list, the national action list, and the
 * intelligence search and object detail (routes/intel.ts).
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
    async register(app: FastifyInstance): Promise<void> {
      await app.register(
        async (api) => {
          api.decorate("exposureApi", { store: options.store });
          await api.register(registerAssetRoutes);
          await api.register(registerSiteRoutes);
          await api.register(registerSoftwareRoutes);
          await api.register(registerActionRoutes);
          await api.register(registerExposureSummaryRoute);
          await api.register(registerOrgRoutes);
          await api.register(registerImportRoute);
          await api.register(registerIntelRoutes);
        },
        { prefix: API_PREFIX },
      );
    },
  };
}
