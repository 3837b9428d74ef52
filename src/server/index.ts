/**
 * server: the one HTTP host. It creates the Fastify instance, signs every request in (HTTP Basic,
 * or an API token as `Bearer`/`Token`, or a client certificate under mutual TLS; the failed-sign-in limit; request rate limits per principal
 * and per address on TAXII and the API; trusted proxies), answers every
 * error with its module's own code and status (TAXII error resources under /taxii2, JSON problem
 * documents elsewhere), and mounts the modules' routes as plugins that are peers: TAXII, the REST
 * API, and whatever comes next (console, detection, incidents).
 *
 * Adding routes from another module (say `src/incidents/`), in that module's own folder:
 *
 *   // src/incidents/plugin.ts — imports nothing of server/, taxii/ or api/
 *   export function incidentsPlugin(options: { store: Store }) {
 *     return {
 *       name: "incidents",
 *       prefix: "/api/v1/incidents",       // errors under it: problem documents (or give `errors`)
 *       register: (app: FastifyInstance) => app.register(routes, { prefix: "/api/v1/incidents" }),
 *     };
 *   }
 *   // a route: every route needs a signed-in caller unless `config: { public: true }`
 *   app.post("/", { schema: { body, response } }, async (request) => {
 *     const principal = request.principal!;           // declare `principal: Principal | null` on
 *                                                      // FastifyRequest as api/context.ts does
 *     const d = decide(principal, "incident.report", { kind: "organization", orgId });  // access/
 *     if (!d.allowed) throw new IncidentsError(d.hidden ? "INCIDENT_NOT_FOUND" : "INCIDENT_FORBIDDEN", d.reason);
 *     …
 *   });
 *
 * and add it to the list `serve` mounts: `createServer({ store, plugins: [...defaultPlugins(…),
 * incidentsPlugin({ store })] })`. Throw your module's own errors (errors/defineErrors): the host
 * answers them with their code and status. Routes ask access (`decide`, `may`, `collectionRights`,
 * `inventoryScope`) what a caller may do; no route compares roles itself.
 */

/** The process's counters other modules increment (feed runs, detection events), served at /metrics. */
export { type FeedOutcome, recordDetection, recordFeedRun } from "../metrics/index.js";
export { type BootstrapResult, bootstrapStore, DEFAULT_COLLECTION_ID, ensureDefaultCollection } from "./bootstrap.js";
export {
  type ErrorFormat,
  PROBLEM_FORMAT,
  PROBLEM_SCHEMA,
  type ProblemDocument,
  toCodedError,
  toProblem,
} from "./error-format.js";
export { SERVER_CODES, ServerError, type ServerErrorCode } from "./errors.js";
export {
  LOG_LEVELS,
  type LogLevel,
  REDACTED_PATHS,
  REQUEST_ID_HEADER,
  redactUrl,
  serviceLogger,
} from "./logging.js";
export {
  isLocalHost,
  isLoopback,
  METRICS_PATH,
  METRICS_TOKEN_MIN,
  type MetricsOptions,
} from "./metrics.js";
export { type DefaultPluginOptions, defaultPlugins } from "./plugins.js";
export {
  createRateBuckets,
  DEFAULT_RATE_LIMIT,
  parseRateLimit,
  type RateBuckets,
  type RateLimitOptions,
} from "./rate-limit.js";
export { createServer, type ServerOptions, type ServerPlugin, type ServerTls } from "./server.js";
export { awaitStopSignal, DEFAULT_SHUTDOWN_GRACE_MS, type Stopped, type StopSignal } from "./shutdown.js";
export { AUTH_CACHE_MS, type Authenticator, createAuthenticator } from "./sign-in.js";
export {
  createSignInLimit,
  DEFAULT_SIGN_IN_LIMIT,
  type SignInLimit,
  type SignInLimitOptions,
} from "./sign-in-limit.js";
