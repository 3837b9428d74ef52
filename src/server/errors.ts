import { defineErrors } from "../errors/index.js";

/**
 * Errors the HTTP host raises itself, before or around a module's route: sign-in, limits, the
 * body (size, JSON, media type), schema validation, unknown paths, shutdown. Every other module's
 * error reaches the client with its own code and status; these are the host's.
 */

/** The host's codes, with the HTTP status, title and message template of each. */
export const SERVER_CODES = {
  SERVER_BAD_REQUEST: {
    key: "errors:server.SERVER_BAD_REQUEST",
    status: 400,
    title: "Bad request",
    message: "the request does not match this route's schema",
  },
  SERVER_BAD_JSON: {
    key: "errors:server.SERVER_BAD_JSON",
    status: 400,
    title: "Malformed JSON",
    message: "the body is not valid JSON",
  },
  SERVER_BAD_BODY: {
    key: "errors:server.SERVER_BAD_BODY",
    status: 400,
    title: "Incomplete body",
    message: "the body is shorter or longer than its Content-Length; send it whole",
  },
  SERVER_UNAUTHORIZED: {
    key: "errors:server.SERVER_UNAUTHORIZED",
    status: 401,
    title: "Authentication required",
    message: "this resource needs credentials: HTTP Basic or an API token (Bearer)",
  },
  SERVER_METRICS_REFUSED: {
    status: 403,
    title: "Metrics refused",
    message: "the metrics are served with the metrics token, or without one to callers on this machine only",
  },
  SERVER_NOT_FOUND: {
    key: "errors:server.SERVER_NOT_FOUND",
    status: 404,
    title: "Not found",
    message: "nothing at this path",
  },
  SERVER_TIMEOUT: {
    key: "errors:server.SERVER_TIMEOUT",
    status: 408,
    title: "Request timeout",
    message: "the request did not arrive whole in time; send it again, faster or smaller",
  },
  SERVER_TOO_LARGE: {
    key: "errors:server.SERVER_TOO_LARGE",
    status: 413,
    title: "Request too large",
    message: "the request body is larger than this server accepts; split it",
  },
  SERVER_UNSUPPORTED_MEDIA_TYPE: {
    key: "errors:server.SERVER_UNSUPPORTED_MEDIA_TYPE",
    status: 415,
    title: "Unsupported media type",
    message: "this route does not read bodies of that Content-Type; send application/json",
  },
  SERVER_TOO_MANY_REQUESTS: {
    key: "errors:server.SERVER_TOO_MANY_REQUESTS",
    status: 429,
    title: "Too many requests",
    message: "too many requests; wait as long as Retry-After says and try again",
  },
  SERVER_HEADERS_TOO_LARGE: {
    key: "errors:server.SERVER_HEADERS_TOO_LARGE",
    status: 431,
    title: "Request headers too large",
    message: "the request's headers are larger than this server accepts; send fewer or shorter ones",
  },
  SERVER_INTERNAL: {
    key: "errors:server.SERVER_INTERNAL",
    status: 500,
    title: "Internal error",
    message: "the server failed on this request; it is logged, try again later",
  },
  SERVER_UNAVAILABLE: {
    key: "errors:server.SERVER_UNAVAILABLE",
    status: 503,
    title: "Service unavailable",
    message: "the server is not ready or is shutting down; try again in a moment",
  },
} as const;

/** One of the host's codes. */
export type ServerErrorCode = keyof typeof SERVER_CODES;

/** An error of the HTTP host: a code, its HTTP status, a message saying what to do, extra headers. */
export class ServerError extends defineErrors("ServerError", SERVER_CODES) {}
