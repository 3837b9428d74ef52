import { defineErrors } from "../errors/index.js";

/**
 * Errors of the console's own routes (sign-in and the static files). The host answers them as
 * JSON problem documents with their code and status, like every REST API error.
 */

/** Console error codes with the HTTP status and message template of each. */
export const CONSOLE_CODES = {
  CONSOLE_UNAUTHORIZED: {
    key: "errors:console.CONSOLE_UNAUTHORIZED",
    status: 401,
    message: "wrong username or password",
  },
  CONSOLE_SESSION_ENDED: {
    key: "errors:console.CONSOLE_SESSION_ENDED",
    status: 401,
    message: "the console session has ended (expired, signed out or password changed); sign in again",
  },
  CONSOLE_FORBIDDEN: {
    key: "errors:console.CONSOLE_FORBIDDEN",
    status: 403,
    message: "this change must come from the console itself",
  },
  CONSOLE_NOT_FOUND: { key: "errors:console.CONSOLE_NOT_FOUND", status: 404, message: "not found" },
  CONSOLE_TOO_MANY_REQUESTS: {
    key: "errors:console.CONSOLE_TOO_MANY_REQUESTS",
    status: 429,
    message: "too many failed sign-ins; wait a minute",
  },
  CONSOLE_NOT_BUILT: {
    key: "errors:console.CONSOLE_NOT_BUILT",
    status: 503,
    message: "the console is not built; run `npm install` or `npm run build -w web` in the project folder",
  },
} as const;

/** One console error code. */
export type ConsoleCode = keyof typeof CONSOLE_CODES;

/** An error of the console's routes. */
export class ConsoleError extends defineErrors("ConsoleError", CONSOLE_CODES) {}
