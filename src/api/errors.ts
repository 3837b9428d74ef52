import { defineErrors } from "../errors/index.js";

/**
 * Errors of the REST API's own routes. Every failure on an API route — these, the store's, the
 * assets', the host's — reaches the client as a JSON problem document with its own code and
 * status (the host's error handler writes it); nothing is mapped here.
 */

/** API error codes with the HTTP status and message template of each. */
export const API_CODES = {
  API_BAD_REQUEST: { status: 400, message: "the request cannot be used as given" },
  API_FORBIDDEN: { status: 403, message: "your role may not do this" },
  API_NOT_FOUND: { status: 404, message: "not found" },
  API_CONFLICT: { status: 409, message: "this already exists" },
} as const;

/** One API error code. */
export type ApiCode = keyof typeof API_CODES;

/** An error the API answers with: a code, its status, a message saying what to do, extra headers. */
export class ApiError extends defineErrors("ApiError", API_CODES) {}
