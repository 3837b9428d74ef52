import { randomBytes } from "node:crypto";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { type Store, StoreError } from "../store/index.js";
import { createAuthenticator } from "./auth.js";
import { createSignInLimit, type SignInLimitOptions } from "./sign-in-limit.js";
import "./context.js";
import { TaxiiError, toErrorResource } from "./errors.js";
import { checkAccept, checkContentType, TAXII_MEDIA_TYPE } from "./media-type.js";
import { createCursorSeal } from "./query.js";
import { registerAddObjectsRoute } from "./routes/add-objects.js";
import { registerCollectionRoutes } from "./routes/collections.js";
import { registerDiscoveryRoutes } from "./routes/discovery.js";
import { registerObjectRoutes } from "./routes/objects.js";
import { registerStatusRoutes } from "./routes/status.js";
import { SHARED_SCHEMAS } from "./schemas.js";

/**
 * The TAXII 2.1 server: one Fastify instance with the store, the authenticator and the server's
 * settings as decorators, one plugin per resource, TAXII media types enforced on every request,
 * and every failure turned into a TAXII error message resource.
 */

/** Options of createTaxiiServer. */
export interface TaxiiServerOptions {
  store: Store;
  /** Largest request body in bytes (413 above it). Default 64 MiB. */
  bodyLimit?: number;
  /** Objects per page when the client gives no limit. Default 100. */
  defaultLimit?: number;
  /** Most objects per page whatever the client asks. Default 1,000. */
  maxLimit?: number;
  /** Key that seals `next` values; random per start unless given (then `next` outlives restarts). */
  cursorSecret?: Buffer;
  title?: string;
  /** Fastify logger option; default off. */
  logger?: boolean;
  /** Failed sign-ins an address may make before it gets 429 (default 30 a minute). */
  signInLimit?: SignInLimitOptions;
  /**
   * Reverse proxies (IP addresses, CIDRs, or Fastify's names loopback, linklocal, uniquelocal)
   * whose X-Forwarded-For names the client: from them request.ip is the last address there that
   * is not itself a trusted proxy. Default none: the TCP peer is the client, X-Forwarded-For is
   * ignored. The sign-in limit counts, and the audit log records, request.ip.
   */
  trustProxy?: readonly string[];
}

function toTaxiiError(error: FastifyError | Error): TaxiiError {
  if (error instanceof TaxiiError) return error;
  if (error instanceof StoreError) {
    const code =
      error.code === "STORE_BAD_CURSOR"
        ? "TAXII_BAD_NEXT"
        : error.code === "STORE_UNAVAILABLE"
          ? "TAXII_UNAVAILABLE"
          : error.code === "STORE_NOT_FOUND"
            ? "TAXII_NOT_FOUND"
            : "TAXII_BAD_FILTER";
    return new TaxiiError(code, error.message, { cause: error });
  }
  const fe = error as FastifyError;
  if (fe.validation) return new TaxiiError("TAXII_BAD_REQUEST", `invalid request: ${fe.message}`, { cause: error });
  if (fe.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return new TaxiiError(
      "TAXII_TOO_LARGE",
      "the request body is larger than this server accepts (max_content_length of the API root); split the envelope",
      { cause: error },
    );
  }
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return new TaxiiError("TAXII_UNSUPPORTED_MEDIA_TYPE", `send envelopes as "Content-Type: ${TAXII_MEDIA_TYPE}"`, {
      cause: error,
    });
  }
  if (
    error instanceof SyntaxError ||
    fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
    fe.code === "FST_ERR_CTP_INVALID_JSON_BODY"
  ) {
    return new TaxiiError("TAXII_BAD_JSON", `the body is not valid JSON: ${error.message}`, { cause: error });
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    return new TaxiiError(fe.statusCode === 413 ? "TAXII_TOO_LARGE" : "TAXII_BAD_REQUEST", error.message, {
      cause: error,
    });
  }
  return new TaxiiError("TAXII_INTERNAL", "the server failed on this request; it is logged, try again later", {
    cause: error,
  });
}

/** Builds the TAXII server over a store (not yet listening: call `listen`, or `inject` in tests). */
export async function createTaxiiServer(options: TaxiiServerOptions): Promise<FastifyInstance> {
  const bodyLimit = options.bodyLimit ?? 64 * 1024 * 1024;
  // A list only, never Fastify's `true` (every peer trusted: any client could name itself).
  const trustProxy = options.trustProxy?.length ? [...options.trustProxy] : false;
  const app = Fastify({
    logger: options.logger ?? false,
    // request.ip, used by the sign-in limit and recorded in the audit log, is the TCP peer unless it is a trusted proxy.
    trustProxy,
    bodyLimit,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  });
  for (const schema of SHARED_SCHEMAS) app.addSchema(schema);
  app.decorate("taxii", {
    store: options.store,
    auth: createAuthenticator(options.store.directory, createSignInLimit(options.signInLimit)),
    seal: createCursorSeal(options.cursorSecret ?? randomBytes(32)),
    bodyLimit,
    defaultLimit: options.defaultLimit ?? 100,
    maxLimit: options.maxLimit ?? 1000,
    title: options.title ?? "Centinela TAXII 2.1",
  });
  app.decorateRequest("principal", null);
  app.decorateRequest("rawBody", null);

  // Media types, Accept negotiation and TAXII error resources belong to the TAXII routes only:
  // other plugins on the same server (the REST API) keep plain JSON.
  await app.register(async (taxii) => {
    taxii.removeAllContentTypeParsers();
    taxii.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
      try {
        checkContentType(request.headers["content-type"]);
        request.rawBody = body as string;
        done(null, JSON.parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    taxii.addHook("onRequest", async (request) => {
      checkAccept(request.headers.accept);
    });
    taxii.addHook("onSend", async (_request, reply, payload) => {
      reply.header("content-type", TAXII_MEDIA_TYPE);
      return payload;
    });
    taxii.setErrorHandler((error: FastifyError, request, reply) => {
      const e = toTaxiiError(error);
      if (e.status >= 500) request.log.error({ err: error }, "taxii request failed");
      reply.code(e.status).headers(e.headers).type(TAXII_MEDIA_TYPE).send(toErrorResource(e));
    });
    await taxii.register(registerDiscoveryRoutes);
    await taxii.register(async (root) => {
      // Before the body is read: an unauthenticated POST is refused without parsing it.
      root.addHook("onRequest", async (request) => {
        request.principal = await root.taxii.auth.authenticate(request.headers.authorization, request.ip);
      });
      await root.register(registerCollectionRoutes);
      await root.register(registerObjectRoutes);
      await root.register(registerAddObjectsRoute);
      await root.register(registerStatusRoutes);
    });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.slice(0, 200);
    if (!path.startsWith("/taxii2")) {
      reply
        .code(404)
        .type("application/json")
        .send({ code: "NOT_FOUND", message: `nothing at ${request.method} ${path}` });
      return;
    }
    const error = new TaxiiError("TAXII_NOT_FOUND", `no TAXII resource at ${request.method} ${path}`);
    reply.code(404).type(TAXII_MEDIA_TYPE).send(toErrorResource(error));
  });
  return app;
}
