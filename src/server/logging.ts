import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { FastifyInstance, FastifyServerOptions } from "fastify";

/**
 * The host's log: JSON lines through Fastify's own logger (pino), one per request answered, each
 * with its request id (the caller's X-Request-Id when it sends a sane one, else a new UUID, and
 * echoed in the answer), so a line in a proxy's log, the client's and ours can be matched. No
 * secret reaches it: request lines carry no headers and no body, query values whose names say
 * secret are replaced, and pino's redaction blanks the fields that could hold one wherever a
 * module logs an object (authorization, cookies, passwords, tokens, secrets).
 */

/** Levels of --log-level, quietest last. */
export const LOG_LEVELS = ["trace", "debug", "info", "warn", "error", "fatal", "silent"] as const;

/** One of LOG_LEVELS. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Header a request id is read from and answered in. */
export const REQUEST_ID_HEADER = "x-request-id";

/** A request id a caller may choose: short, and only characters that need no escaping anywhere. */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** What pino blanks wherever it meets it: headers and fields that hold credentials. */
export const REDACTED_PATHS = [
  "req.headers.authorization",
  "req.headers.cookie",
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  "headers.authorization",
  "headers.cookie",
  'headers["set-cookie"]',
  "authorization",
  "cookie",
  "password",
  "token",
  "secret",
  "*.password",
  "*.token",
  "*.secret",
  "*.authorization",
  "*.cookie",
];

/** Query parameters whose values are replaced in logged URLs. */
const SECRET_PARAM = /pass|token|secret|key|auth|session|cookie/i;

/** `url` with the values of query parameters that may be secrets replaced by `[Redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf("?");
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split("&")
    .map((pair) => {
      const eq = pair.indexOf("=");
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && SECRET_PARAM.test(decodeURIComponentSafe(name)) ? `${name}=[Redacted]` : pair;
    });
  return `${url.slice(0, q)}?${params.join("&")}`;
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The id of a request: the caller's X-Request-Id when sane, else a new UUID. */
export function requestIdOf(request: IncomingMessage): string {
  const header = request.headers[REQUEST_ID_HEADER];
  const given = Array.isArray(header) ? header[0] : header;
  return given !== undefined && SANE_ID.test(given) ? given : randomUUID();
}

/**
 * Fastify's logger options for a server run as a service: JSON lines at `level` to `stream`
 * (standard output by default), secrets redacted, the request and answer as the one line
 * logRequests writes.
 */
export function serviceLogger(
  level: LogLevel,
  stream?: { write(line: string): unknown },
): NonNullable<Exclude<FastifyServerOptions["logger"], boolean>> {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: { paths: REDACTED_PATHS, censor: "[Redacted]" },
    base: { pid: process.pid, service: "centinela" },
    // An RFC 3339 time a person and a log shipper both read (pino's default is epoch milliseconds).
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    serializers: {
      // Only what logRequests puts there: never headers or bodies.
      req: (request: { method?: string; url?: string }) => ({
        method: request.method,
        url: redactUrl(request.url ?? ""),
      }),
    },
  };
}

/**
 * One line per request answered (Fastify's own two lines are turned off in createServer), with
 * its request id, route, status, time and the signed-in user's name, and the id answered as
 * X-Request-Id.
 */
export function logRequests(app: FastifyInstance): void {
  app.addHook("onRequest", async (request, reply) => {
    reply.header(REQUEST_ID_HEADER, request.id);
  });
  app.addHook("onResponse", async (request, reply) => {
    const status = reply.statusCode;
    const line = {
      req: { method: request.method, url: request.url },
      route: request.is404 ? null : (request.routeOptions.url ?? null),
      status,
      ms: Math.round(reply.elapsedTime * 10) / 10,
      ip: request.ip,
      user: request.principal?.user.username ?? null,
    };
    // Refusals are the caller's doing (info); the host's own failures are logged as errors where they happen.
    request.log.info(line, "request");
  });
}
