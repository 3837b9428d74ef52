import type { IncomingMessage, ServerResponse } from "node:http";
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions, LogController } from "fastify";
import type { Principal } from "../access/index.js";
import { fromCatalog } from "../errors/index.js";
import { localeFromAcceptLanguage, withLocale } from "../i18n/index.js";
import type { Store } from "../store/index.js";
import "./context.js";
import { createClientErrorHandler, type InFlight } from "./client-errors.js";
import { type ErrorFormat, PROBLEM_FORMAT, toCodedError } from "./error-format.js";
import { ServerError } from "./errors.js";
import { registerHealthRoutes } from "./health.js";
import { logRequests, requestIdOf } from "./logging.js";
import { countRequests, type MetricsOptions } from "./metrics.js";
import { createRateBuckets, DEFAULT_RATE_LIMIT, type RateLimitOptions, underPrefix } from "./rate-limit.js";
import { endConnectionsWhenStopping } from "./shutdown.js";
import { createAuthenticator, peerCertificateFacts } from "./sign-in.js";
import { createSignInLimit, type SignInLimitOptions } from "./sign-in-limit.js";

/** A module's routes as the host mounts them (see index.ts for how to write one). */
export interface ServerPlugin {
  /** A short name, for logs. */
  name: string;
  /** The path prefix the plugin's routes are under; errors there are written in `errors`. */
  prefix: string;
  /** How errors under `prefix` are written; problem documents when absent. */
  errors?: ErrorFormat;
  /** Registers the routes, in a Fastify scope of their own. */
  register(app: FastifyInstance): Promise<void>;
  /**
   * Another way to sign in, tried on every route before the Authorization header when the
   * request has none (the console's session cookie): the caller, null when the request carries
   * no such credential, or a thrown module error when it may not be used as sent.
   */
  signIn?(request: FastifyRequest): Promise<Principal | null>;
}

/** Options of createServer. */
export interface ServerOptions {
  store: Store;
  /** The modules' routes, mounted in this order. */
  plugins: readonly ServerPlugin[];
  /** Largest request body in bytes, on every route (413 above it). Default 64 MiB. */
  bodyLimit?: number;
  /**
   * Longest a request may take to arrive whole, headers and body, in ms (default 300,000, Node's
   * own): a client that stalls mid-body past it is answered 400 (SERVER_BAD_BODY).
   */
  requestTimeoutMs?: number;
  /** Fastify's logger option (pino), e.g. serviceLogger("info"); default off. One line per request, see logging.ts. */
  logger?: FastifyServerOptions["logger"];
  /** Failed sign-ins an address may make before it gets 429 (default 30 a minute). */
  signInLimit?: SignInLimitOptions;
  /**
   * Requests a minute per signed-in principal and per client address on `rateLimited` (default
   * DEFAULT_RATE_LIMIT; 0 turns one off); 429 with Retry-After above them.
   */
  rateLimit?: RateLimitOptions;
  /** The path prefixes the rate limits apply to. Default TAXII and the REST API: /taxii2 and /api. */
  rateLimited?: readonly string[];
  /**
   * Reverse proxies (IP addresses, CIDRs, or Fastify's names loopback, linklocal, uniquelocal)
   * whose X-Forwarded-For names the client: from them request.ip is the last address there that
   * is not itself a trusted proxy. Default none: the TCP peer is the client, X-Forwarded-For is
   * ignored. The sign-in and rate limits count, and the audit log records, request.ip.
   */
  trustProxy?: readonly string[];
  /**
   * Who may read the Prometheus metrics at /metrics (see metrics.ts); default `{}`: the route
   * refuses everyone (403) until a token or the local rule is given. `false`: no /metrics at all.
   */
  metrics?: MetricsOptions | false;
  /** HTTPS instead of HTTP, and with `clientCa` mutual TLS (see ServerTls). */
  tls?: ServerTls;
}

/**
 * HTTPS: the server's certificate and key (PEM, as the tls module reads and checks them). With
 * `clientCa`, every request but a health probe must come over a connection that
 * presented a client certificate signed by that CA, valid, whose `userAttribute` (CN unless set)
 * is the username of an active user; otherwise 401 saying why. Public routes (TAXII discovery,
 * the console's pages) too: only the health probes answer without one. The handshake itself
 * accepts any certificate, or none, so that the refusal is an HTTP answer in the client's
 * language rather than a bare TLS alert, and so the probes still answer. A request that also
 * sends Basic or Bearer credentials, or the console's session cookie, is that user; one that
 * sends none is the certificate's user.
 */
export interface ServerTls {
  cert: Buffer;
  key: Buffer;
  clientCa?: Buffer;
  userAttribute?: string;
}

/** Where the rate limits apply by default: TAXII and the REST API (not the console's pages). */
const RATE_LIMITED_PREFIXES = ["/taxii2", "/api"];

/** Throws 429 when a bucket said to wait `seconds`. */
function tooMany(seconds: number, who: { address: string } | { user: string }): void {
  if (seconds === 0) return;
  const key = "address" in who ? "errors:server.tooManyFrom" : "errors:server.tooManyBy";
  throw new ServerError("SERVER_TOO_MANY_REQUESTS", fromCatalog(key, { ...who, seconds }), {
    headers: { "Retry-After": String(seconds) },
  });
}

/** Builds the host with its plugins mounted (not yet listening: call `listen`, or `inject` in tests). */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  // A list only, never Fastify's `true` (every peer trusted: any client could name itself).
  const trustProxy = options.trustProxy?.length ? [...options.trustProxy] : false;
  const formats = options.plugins.flatMap((p) => (p.errors ? [{ prefix: p.prefix, format: p.errors }] : []));
  const formatOf = (url: string): ErrorFormat =>
    formats.find((f) => url.startsWith(f.prefix))?.format ?? PROBLEM_FORMAT;
  const inFlight: InFlight = new WeakMap();
  const requestTimeout = options.requestTimeoutMs ?? 300_000;
  // Given to Node's server as it is made too: set only afterwards (as Fastify does), a timeout
  // shorter than the default headersTimeout (60 s) never fires. How often Node looks for
  // requests past it: its default, 30 s, is too coarse for short ones.
  const timeouts = {
    requestTimeout,
    headersTimeout: Math.min(60_000, requestTimeout),
    connectionsCheckingInterval: Math.min(30_000, Math.max(100, Math.floor(requestTimeout / 4))),
  };
  const tls = options.tls;
  const app = Fastify({
    requestTimeout,
    // Node's https server takes the http server's options beside the TLS ones.
    ...(tls
      ? {
          https: {
            ...timeouts,
            cert: tls.cert,
            key: tls.key,
            ...(tls.clientCa ? { ca: tls.clientCa, requestCert: true, rejectUnauthorized: false } : {}),
          },
        }
      : { http: timeouts }),
    clientErrorHandler: createClientErrorHandler(inFlight, formatOf),
    logger: options.logger ?? false,
    // One line per request, written by logRequests, with the caller's X-Request-Id when sane.
    logController: new LogController({ disableRequestLogging: true }),
    requestIdHeader: false,
    genReqId: requestIdOf,
    trustProxy,
    bodyLimit: options.bodyLimit ?? 64 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 300 },
    // Unknown fields are refused, never dropped; query strings are not coerced (routes read strings).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    // An https host has the same requests and replies: only the type of `app.server` differs.
  }) as unknown as FastifyInstance;
  const auth = createAuthenticator(options.store.directory, createSignInLimit(options.signInLimit));
  app.decorateRequest("principal", null);
  // For plugins that sign users in themselves (the console's password form): the same
  // scrypt check and the same failed-sign-in limit as every other route.
  app.decorate("authenticator", auth);
  const signIns = options.plugins.flatMap((p) => (p.signIn ? [p.signIn.bind(p)] : []));

  // First of all hooks: the request runs in its caller's language (Accept-Language), so every
  // message made while answering it — errors, validation reasons — reads in that language.
  // Again before the handler: body parsing runs in the socket's context, not the hook's.
  const inCallersLanguage = (request: FastifyRequest, _reply: unknown, done: () => void): void =>
    withLocale(localeFromAcceptLanguage(request.headers["accept-language"]), done);
  app.addHook("onRequest", inCallersLanguage);
  app.addHook("preValidation", inCallersLanguage);
  // Which request each connection is on, for the clientError handler.
  app.addHook("onRequest", async (request, reply) => {
    // The host is HTTP/1.1 (no http2 option): raw is Node's IncomingMessage and ServerResponse.
    inFlight.set(request.raw.socket, {
      request: request.raw as IncomingMessage,
      response: reply.raw as ServerResponse,
    });
  });
  app.addHook("onResponse", async (request) => {
    if (inFlight.get(request.raw.socket)?.request === request.raw) inFlight.delete(request.raw.socket);
  });

  logRequests(app);
  endConnectionsWhenStopping(app);

  const rates = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const byAddress = rates.perAddress > 0 ? createRateBuckets(rates.perAddress) : null;
  const byPrincipal = rates.perPrincipal > 0 ? createRateBuckets(rates.perPrincipal) : null;
  const rateLimited = options.rateLimited ?? RATE_LIMITED_PREFIXES;

  // Before the body is read: a request over its rate, or without valid credentials, is refused
  // without parsing it.
  app.addHook("onRequest", async (request) => {
    const limited = underPrefix(request.url, rateLimited);
    if (limited && byAddress) tooMany(byAddress.take(request.ip), { address: request.ip });
    if (request.is404) return;
    const route = request.routeOptions.config;
    // Mutual TLS: the certificate is required on every route but the health probes, public ones
    // (discovery, the console's pages) included, whatever else the request carries.
    const certified =
      tls?.clientCa && !route.probe
        ? await auth.certificate(peerCertificateFacts(request.raw.socket), request.ip, tls.userAttribute)
        : null;
    if (route.public) return;
    if (request.headers.authorization === undefined) {
      for (const signIn of signIns) {
        const principal = await signIn(request);
        if (principal) {
          request.principal = principal;
          return;
        }
      }
      if (certified) {
        request.principal = certified;
        return;
      }
    }
    try {
      request.principal = await auth.authenticate(request.headers.authorization, request.ip);
    } catch (error) {
      throw withoutChallengeForPageScripts(error, request.headers);
    }
  });
  // After sign-in, which ever way it came: the principal is known only now.
  if (byPrincipal) {
    app.addHook("onRequest", async (request) => {
      const principal = request.principal;
      if (principal && underPrefix(request.url, rateLimited))
        tooMany(byPrincipal.take(principal.user.id), { user: principal.user.username });
    });
  }

  // First of the response hooks, so every request is counted, whatever a plugin answers.
  const metricsRoute = options.metrics === false ? null : countRequests(app, options.store, options.metrics ?? {});

  app.setErrorHandler((error, request, reply) => {
    const e = toCodedError(error, request.routeOptions.schema);
    if (e.status >= 500) request.log.error({ err: error }, "request failed");
    const format = formatOf(request.url);
    const locale = localeFromAcceptLanguage(request.headers["accept-language"]);
    reply.code(e.status).headers(e.headers).type(format.contentType).send(format.render(e, locale));
  });
  app.setNotFoundHandler(async (request) => {
    throw new ServerError(
      "SERVER_NOT_FOUND",
      fromCatalog("errors:server.nothingAt", { method: request.method, path: request.url.slice(0, 200) }),
    );
  });

  for (const plugin of options.plugins) await app.register(plugin.register);
  // After the plugins: the API's OpenAPI collector, on the root, sees them.
  registerHealthRoutes(app, options.store);
  metricsRoute?.();
  return app;
}

/**
 * A browser answers a 401 that carries a Basic challenge with its own password prompt, even to a
 * page's fetch. The console signs in with its own form, so a request a page script made
 * (`Sec-Fetch-Dest: empty`, which browsers send and scripts and TAXII clients do not) without
 * credentials gets the 401 without the challenge; every other client still learns the schemes.
 */
function withoutChallengeForPageScripts(error: unknown, headers: IncomingMessage["headers"]): unknown {
  if (!(error instanceof ServerError) || error.code !== "SERVER_UNAUTHORIZED") return error;
  if (headers.authorization !== undefined || headers["sec-fetch-dest"] !== "empty") return error;
  return new ServerError("SERVER_UNAUTHORIZED", error.message, { cause: error });
}
