import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { PROBLEM_SCHEMA } from "../errors/index.js";
import { localize } from "../i18n/index.js";
import { collectProcessMetrics, PROCESS_METRICS } from "../metrics/index.js";
import type { AccessContext, Store } from "../store/index.js";
import { ServerError } from "./errors.js";

/**
 * Prometheus metrics at /metrics: the host's requests (by route, method and status, and their
 * latency), the objects stored (asked of the store at most every 30 s), and the process's own
 * counters that modules increment (feed runs, detection events; src/metrics/). The route is
 * outside sign-in and answers only a scraper that sends the metrics token
 * (`Authorization: Bearer …`), or, with no token set, a caller on this machine of a server that
 * listens on a local address only; anything else is refused, so it is never open by accident.
 */

/** Path of the metrics. */
export const METRICS_PATH = "/metrics";

/** Who may read /metrics. */
export interface MetricsOptions {
  /** The token a scraper sends as `Authorization: Bearer TOKEN`; when set, it is the only way in. */
  token?: string | null;
  /**
   * With no token: answer callers on this machine (loopback peer, no forwarding headers). Set it
   * only when the server listens on a local address (`serve` does so for 127.0.0.1 / ::1).
   */
  local?: boolean;
}

/** Shortest metrics token accepted. */
export const METRICS_TOKEN_MIN = 16;

/** How long the object counts are reused between scrapes: counting a large store is not free. */
const OBJECTS_CACHE_MS = 30_000;

const SYSTEM: AccessContext = { kind: "system", orgId: null, userId: null };

/** Latency buckets in seconds: a page of objects is milliseconds, an import minutes. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120];

const TEXT = {
  type: "string",
  description: "Prometheus text exposition format 0.0.4.",
} as const;

/** The 401/403 a scraper gets, in the request's language (the host's error handler renders it). */
function refusal(code: "SERVER_UNAUTHORIZED" | "SERVER_METRICS_REFUSED", key: Parameters<typeof localize>[1]) {
  const headers: Record<string, string> =
    code === "SERVER_UNAUTHORIZED" ? { "WWW-Authenticate": 'Bearer realm="centinela-metrics"' } : {};
  return localize(new ServerError(code, undefined, { headers }), key);
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** True for a loopback address (127.0.0.0/8, ::1, and IPv4 loopback mapped into IPv6). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice(7) : address;
  return v4.startsWith("127.") || address === "::1";
}

/** True when a server listening on `host` can be reached from this machine only (127.0.0.0/8, ::1, localhost). */
export function isLocalHost(host: string): boolean {
  return host === "localhost" || isLoopback(host);
}

/** Throws unless the request may read the metrics under `options`. */
function admit(request: FastifyRequest, options: MetricsOptions, tokenDigest: Buffer | null): void {
  if (tokenDigest) {
    const header = request.headers.authorization ?? "";
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw refusal("SERVER_UNAUTHORIZED", "server:metrics.tokenMissing");
    // Digests of equal length, compared in constant time: the token's length leaks nothing either.
    if (!timingSafeEqual(digest(match[1] as string), tokenDigest))
      throw refusal("SERVER_UNAUTHORIZED", "server:metrics.tokenWrong");
    return;
  }
  if (!options.local) throw refusal("SERVER_METRICS_REFUSED", "server:metrics.off");
  // A reverse proxy on this machine would make every client look local: forwarded requests are refused.
  const forwarded = request.headers["x-forwarded-for"] !== undefined || request.headers.forwarded !== undefined;
  if (forwarded || !isLoopback(request.socket.remoteAddress))
    throw refusal("SERVER_METRICS_REFUSED", "server:metrics.notLocal");
}

/**
 * Counts every request of `app` and answers /metrics (public to sign-in, guarded by `options`).
 * Call once on the host's root before the plugins, so that their routes are counted; it returns
 * the function that registers the route, to call after them, so that the API's OpenAPI
 * collector (mounted with the API) sees it.
 */
export function countRequests(app: FastifyInstance, store: Store, options: MetricsOptions): () => void {
  collectProcessMetrics();
  const registry = new Registry();
  const requests = new Counter({
    name: "centinela_http_requests_total",
    help: "HTTP requests answered, by route (its template; unmatched for unknown paths), method and status.",
    labelNames: ["route", "method", "status"] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: "centinela_http_request_duration_seconds",
    help: "Time from a request's arrival to its answer, by route and method.",
    labelNames: ["route", "method"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  let counted: { at: number; stats: Awaited<ReturnType<Store["stats"]>> } | null = null;
  const objectCounts = async () => {
    if (counted === null || Date.now() - counted.at > OBJECTS_CACHE_MS)
      counted = { at: Date.now(), stats: await store.stats(SYSTEM) };
    return counted.stats;
  };
  new Gauge({
    name: "centinela_objects",
    help: "STIX objects stored (their latest versions), by type; counted at most every 30 s.",
    labelNames: ["type"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      try {
        for (const [type, n] of Object.entries((await objectCounts()).byType)) this.set({ type }, n);
      } catch (error) {
        // A scrape while the database is down still answers the rest; /readyz says why.
        app.log.warn({ err: error }, "metrics: the store could not count its objects");
      }
    },
  });
  new Gauge({
    name: "centinela_object_versions",
    help: "STIX object versions stored, every version of every object; counted at most every 30 s.",
    registers: [registry],
    async collect() {
      try {
        this.set((await objectCounts()).versions);
      } catch {
        // Logged by centinela_objects' collect above.
      }
    },
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.is404 ? "unmatched" : (request.routeOptions.url ?? "unmatched");
    const method = request.method;
    requests.inc({ route, method, status: String(reply.statusCode) });
    latency.observe({ route, method }, reply.elapsedTime / 1000);
  });

  const token = options.token ?? null;
  const tokenDigest = token ? digest(token) : null;
  return () =>
    app.get(
      METRICS_PATH,
      {
        // Outside sign-in: the metrics token (or the local rule) is checked by the route itself.
        config: { public: true, describe: true },
        schema: {
          summary: "Prometheus metrics: requests, latency, objects stored, feed runs, detection events",
          description:
            "Needs `Authorization: Bearer` with the metrics token (`serve --metrics-token`, CENTINELA_METRICS_TOKEN); " +
            "without a token set, answers only callers on the same machine of a server that listens on a local address.",
          tags: ["operations"],
          security: [{ metricsToken: [] }],
          response: {
            200: { content: { "text/plain": { schema: TEXT } }, description: "The metrics." },
            401: { ...PROBLEM_SCHEMA, description: "No metrics token, or a wrong one." },
            403: { ...PROBLEM_SCHEMA, description: "No metrics token is set and the caller is not local." },
          },
        },
      },
      async (request, reply) => {
        admit(request, options, tokenDigest);
        const text = (await registry.metrics()) + (await PROCESS_METRICS.metrics());
        return reply.type(registry.contentType).send(text);
      },
    );
}
