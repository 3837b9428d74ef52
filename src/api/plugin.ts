import type { FastifyError, FastifyInstance } from "fastify";
import type { Store } from "../store/index.js";
import type { Authenticator } from "../taxii/index.js";
import "./context.js";
import { ApiError, toApiError } from "./errors.js";
import { registerActionRoutes } from "./routes/actions.js";
import { registerAssetRoutes } from "./routes/assets.js";
import { registerSiteRoutes } from "./routes/sites.js";
import { registerSoftwareRoutes } from "./routes/software.js";

/**
 * The exposure REST API as one Fastify plugin, mounted at /api/v1: an organization's assets,
 * sites and software, its action list, and the national action list. Every route is behind the
 * server's authenticator (HTTP Basic or an API token, the same as TAXII); errors are JSON
 * `{ code, message }` with the status of the code.
 */

/** Options of the plugin. `auth` defaults to the TAXII server's authenticator when mounted on it. */
export interface ExposureApiOptions {
  store?: Store;
  auth?: Authenticator;
}

/** Path prefix of every route of the API. */
export const API_PREFIX = "/api/v1";

/** The plugin: `await app.register(exposureApi, { store, auth })`. */
export async function exposureApi(app: FastifyInstance, options: ExposureApiOptions): Promise<void> {
  const host = app as unknown as { taxii?: { store: Store; auth: Authenticator } };
  const store = options.store ?? host.taxii?.store;
  const auth = options.auth ?? host.taxii?.auth;
  if (!store || !auth) throw new Error("exposureApi needs { store, auth } unless mounted on the TAXII server");
  await app.register(
    async (api) => {
      api.decorate("exposureApi", { store, auth });
      api.decorateRequest("apiPrincipal", null);
      // A scope of its own: plain JSON bodies, whatever the host server parses elsewhere.
      api.removeAllContentTypeParsers();
      api.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
        try {
          done(null, JSON.parse(body as string));
        } catch (error) {
          done(new ApiError("API_BAD_REQUEST", `the body is not valid JSON: ${(error as Error).message}`), undefined);
        }
      });
      // Before the body is read: an unauthenticated request is refused without parsing it.
      api.addHook("onRequest", async (request) => {
        request.apiPrincipal = await auth.authenticate(request.headers.authorization, request.ip);
      });
      api.setErrorHandler((error: FastifyError, request, reply) => {
        const e = toApiError(error);
        if (e.status >= 500) request.log.error({ err: error }, "api request failed");
        reply.code(e.status).headers(e.headers).type("application/json").send({ code: e.code, message: e.message });
      });
      await api.register(registerAssetRoutes);
      await api.register(registerSiteRoutes);
      await api.register(registerSoftwareRoutes);
      await api.register(registerActionRoutes);
    },
    { prefix: API_PREFIX },
  );
}
