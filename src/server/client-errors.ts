import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { type CodedError, fromCatalog } from "../errors/index.js";
import { localeFromAcceptLanguage } from "../i18n/index.js";
import type { ErrorFormat } from "./error-format.js";
import { ServerError } from "./errors.js";

/**
 * What to do when Node's HTTP parser gives up on a connection (the server's `clientError`): a
 * body cut short (the client half-closed, or stalled past the request timeout), a malformed
 * request line or header, headers too large.
 *
 * Fastify's default writes a bare JSON 400 and destroys the socket at once. Two things went wrong
 * with that under a fuzz of hostile TAXII requests: a request whose body was shorter than its
 * Content-Length got that bare 400 written over the route's own answer (or, when unread bytes
 * were still in the kernel's buffer, a reset, so the client saw no answer at all); and a client
 * that stalled mid-body was never answered. Here:
 *
 * - a request still being read gets its body ended where it stopped, so the route answers it as
 *   any short body — SERVER_BAD_BODY (400) in the route's format — and the connection is closed
 *   after that answer has been written (Connection: close), never before;
 * - a connection whose last request was already answered is just ended: nothing is written that
 *   the client did not ask for;
 * - a request that never got as far as a route is answered here (400, 408 or 431) in the format
 *   of the path its request line names, then the socket is ended gracefully (FIN after the
 *   answer) and destroyed only if the client has not closed its side a little later.
 */

/** How long a connection answered here may stay open for the client to read the answer and close. */
const LINGER_MS = 2000;

/** The requests of each connection that a route is working on (set by the host's first hook). */
export type InFlight = WeakMap<Socket, { request: IncomingMessage; response: ServerResponse }>;

/** The `clientError` listener for the host; `formatOf` gives the error format of a path. */
export function createClientErrorHandler(inFlight: InFlight, formatOf: (url: string) => ErrorFormat) {
  const handled = new WeakSet<Socket>();
  return (error: Error & { code?: string; rawPacket?: unknown }, socket: Socket): void => {
    // The parser reports again for each chunk after its first error: answer once.
    if (handled.has(socket)) return;
    handled.add(socket);
    if (error.code === "ECONNRESET" || socket.destroyed) return;
    const pending = inFlight.get(socket);
    if (pending) {
      // Nothing more can be read on this connection: close it once the route has answered.
      if (!pending.response.headersSent) pending.response.shouldKeepAlive = false;
      pending.response.once("finish", () => linger(socket));
      // The end of the body, where the client stopped: the body reader compares what came with
      // Content-Length and the route answers SERVER_BAD_BODY. Marked complete first: Node
      // destroys the socket of a request stream that ends incomplete, answer and all.
      if (!pending.request.complete) {
        pending.request.complete = true;
        pending.request.push(null);
      }
      return;
    }
    // The last request was answered already and its body was cut short: nothing to add.
    if (error.code === "HPE_INVALID_EOF_STATE") {
      linger(socket);
      return;
    }
    const url = requestTarget(error.rawPacket);
    const coded = asServerError(error);
    const format = formatOf(url);
    const body = JSON.stringify(format.render(coded, localeFromAcceptLanguage(acceptLanguage(error.rawPacket))));
    if (socket.writable) {
      socket.end(
        `HTTP/1.1 ${coded.status} ${STATUS_TEXT[coded.status] ?? "Error"}\r\n` +
          `Content-Type: ${format.contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `Connection: close\r\n\r\n${body}`,
      );
    }
    linger(socket);
  };
}

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  408: "Request Timeout",
  431: "Request Header Fields Too Large",
};

/** The parser's error as the host's. */
function asServerError(error: Error & { code?: string }): CodedError {
  const cause = { cause: error };
  if (error.code === "ERR_HTTP_REQUEST_TIMEOUT") return new ServerError("SERVER_TIMEOUT", undefined, cause);
  if (error.code === "HPE_HEADER_OVERFLOW") return new ServerError("SERVER_HEADERS_TOO_LARGE", undefined, cause);
  const reason = String(error.message).replace(/^Parse Error: /, "");
  return new ServerError("SERVER_BAD_REQUEST", fromCatalog("errors:server.malformedHttp", { reason }), cause);
}

/** The path of the request line at the start of `raw` ("" when there is none). */
function requestTarget(raw: unknown): string {
  if (!Buffer.isBuffer(raw)) return "";
  const line = raw.subarray(0, 2048).toString("latin1");
  const match = /^[A-Z]+ (\/\S*)/.exec(line);
  return match?.[1] ?? "";
}

/** The Accept-Language header among the raw request's first bytes, when it got that far. */
function acceptLanguage(raw: unknown): string | undefined {
  if (!Buffer.isBuffer(raw)) return undefined;
  return /\r\naccept-language:[ \t]*([^\r\n]{1,200})/i.exec(raw.subarray(0, 8192).toString("latin1"))?.[1];
}

/** Ends our side, keeps reading (and dropping) what the client still sends, and lets go after LINGER_MS. */
function linger(socket: Socket): void {
  if (!socket.writableEnded) socket.end();
  // Destroying with unread bytes in the kernel's buffer would send a reset, which can make the
  // client drop the answer it has not read yet: give it time to read and close first.
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  socket.resume();
}
