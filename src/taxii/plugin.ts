import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { CodedError } from "../errors/index.js";
import type { Locale } from "../i18n/index.js";
import type { Store } from "../store/index.js";
import "./context.js";
import { fromCatalog } from "../errors/index.js";
import { TaxiiError, toErrorResource } from "./errors.js";
import { createGrantLookup } from "./grants.js";
import { checkAccept, checkContentType, TAXII_MEDIA_TYPE } from "./media-type.js";
import { createCursorSeal } from "./query.js";
import { registerAddObjectsRoute } from "./routes/add-objects.js";
import { registerCollectionRoutes } from "./routes/collections.js";
import { registerDiscoveryRoutes } from "./routes/discovery.js";
import { registerObjectRoutes } from "./routes/objects.js";
import { registerStatusRoutes } from "./routes/status.js";
import { SHARED_SCHEMAS } from "./schemas.js";

/**
 * The TAXII 2.1 routes as a plugin of the HTTP host (src/server): the store and the settings as
 * a decorator, one plugin per resource, TAXII media types enforced on every request, and the
 * format its errors are written in (TAXII error message resources). The host signs requests in
 * (every route but discovery needs a principal) and answers every error with its own code and
 * status in this format.
 */

/** Options of taxiiPlugin. */
export interface TaxiiPluginOptions {
  store: Store;
  /** Objects per page when the client gives no limit. Default 100. */
  defaultLimit?: number;
  /** Most objects per page whatever the client asks. Default 1,000. */
  maxLimit?: number;
  /** Key that seals `next` values; random per start unless given (then `next` outlives restarts). */
  cursorSecret?: Buffer;
  title?: string;
}

/** Path prefix of every TAXII route. */
export const TAXII_PREFIX = "/taxii2";

/** The plugin as the host mounts it: `createServer({ plugins: [taxiiPlugin({ store })] })`. */
export function taxiiPlugin(options: TaxiiPluginOptions) {
  return {
    name: "taxii",
    prefix: TAXII_PREFIX,
    errors: {
      contentType: TAXII_MEDIA_TYPE,
      render: (error: CodedError, locale: Locale) => toErrorResource(error, locale),
    },
    register: (app: FastifyInstance) => registerTaxii(app, options),
  };
}

async function registerTaxii(app: FastifyInstance, options: TaxiiPluginOptions): Promise<void> {
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.decorate("taxii", {
    store: options.store,
    access: createGrantLookup(options.store.directory),
    seal: createCursorSeal(options.cursorSecret ?? randomBytes(32)),
    bodyLimit: app.initialConfig.bodyLimit ?? 1024 * 1024,
    defaultLimit: options.defaultLimit ?? 100,
    maxLimit: options.maxLimit ?? 1000,
    title: options.title ?? "Centinela TAXII 2.1",
  });
  app.decorateRequest("rawBody", null);
  // Media types and Accept negotiation belong to the TAXII routes only: the REST API keeps plain JSON.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
    try {
      checkContentType(request.headers["content-type"]);
    } catch (error) {
      done(error as Error, undefined);
      return;
    }
    try {
      request.rawBody = body as string;
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(
        new TaxiiError("TAXII_BAD_JSON", fromCatalog("errors:taxii.notJson", { reason: (error as Error).message })),
        undefined,
      );
    }
  });
  app.addHook("onRequest", async (request) => {
    checkAccept(request.headers.accept);
  });
  app.addHook("onSend", async (_request, reply, payload) => {
    reply.header("content-type", TAXII_MEDIA_TYPE);
    return payload;
  });
  await app.register(registerDiscoveryRoutes);
  await app.register(registerCollectionRoutes);
  await app.register(registerObjectRoutes);
  await app.register(registerAddObjectsRoute);
  await app.register(registerStatusRoutes);
}
