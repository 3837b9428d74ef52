import type { FastifyError, FastifySchema } from "fastify";
import { CodedError, errorMessageIn, errorTitleIn, fromCatalog, PROBLEM_SCHEMA } from "../errors/index.js";
import { getLocale, type Locale, translator } from "../i18n/index.js";
import { ServerError } from "./errors.js";
import { validationError } from "./validation.js";

/**
 * One error handler for the whole host: any failure becomes a CodedError (a module's own error
 * as it is; Fastify's and unknown ones as the host's), answered with its own code and status in
 * the format of the plugin whose routes it happened under — TAXII error message resources under
 * /taxii2, JSON problem documents (RFC 9457) everywhere else.
 */

/** How a plugin writes its errors. */
export interface ErrorFormat {
  contentType: string;
  /** The response body of an error, its message in `locale` (the caller's Accept-Language). */
  render(error: CodedError, locale: Locale): unknown;
}

/** A JSON problem document (RFC 9457) with the error's code; `message` repeats `detail` for older clients. */
export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  message: string;
}

/** The problem document of an error, its message in `locale` when it came from the catalogs. */
export function toProblem(error: CodedError, locale: Locale = getLocale()): ProblemDocument {
  const message = errorMessageIn(error, locale);
  return {
    type: `urn:centinela:error:${error.code}`,
    title: errorTitleIn(error, locale, defaultTitle(error.status, locale)),
    status: error.status,
    detail: message,
    code: error.code,
    message,
  };
}

/** The JSON schema of a problem document, for route response schemas and the OpenAPI document (kept in errors/). */
export { PROBLEM_SCHEMA };

/** The format of routes no plugin claims: problem documents. */
export const PROBLEM_FORMAT: ErrorFormat = { contentType: "application/problem+json", render: toProblem };

function defaultTitle(status: number, locale: Locale): string {
  return translator(locale)(status >= 500 ? "errors:titles.server" : "errors:titles.request");
}

/**
 * Any thrown value as a CodedError: modules' errors as they are, Fastify's as the host's codes
 * (a schema's refusal naming the field and what it takes, from the route's `schema`).
 */
export function toCodedError(error: unknown, schema?: FastifySchema): CodedError {
  if (error instanceof CodedError) return error;
  const fe = error as Partial<FastifyError>;
  const cause = { cause: error };
  if (fe.validation) return validationError(error as FastifyError, schema);
  switch (fe.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return new ServerError("SERVER_TOO_LARGE", undefined, cause);
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return new ServerError("SERVER_UNSUPPORTED_MEDIA_TYPE", undefined, cause);
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return new ServerError("SERVER_BAD_JSON", fromCatalog("errors:server.emptyBody"), cause);
    case "FST_ERR_CTP_INVALID_JSON_BODY":
      return new ServerError("SERVER_BAD_JSON", fromCatalog("errors:server.notJson", { reason: fe.message }), cause);
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return new ServerError("SERVER_BAD_BODY", undefined, cause);
  }
  if (error instanceof SyntaxError) {
    return new ServerError("SERVER_BAD_JSON", fromCatalog("errors:server.notJson", { reason: error.message }), cause);
  }
  if (typeof fe.statusCode === "number" && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 413 ? "SERVER_TOO_LARGE" : "SERVER_BAD_REQUEST";
    return new ServerError(code, String(fe.message), cause);
  }
  return new ServerError("SERVER_INTERNAL", undefined, cause);
}
