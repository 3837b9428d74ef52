import { defineErrors } from "../errors/index.js";

/**
 * Why a store operation failed. Each code has a message template and the HTTP status every
 * transport answers it with; lower failures (driver errors) travel as `cause`.
 */

/** Store error codes with the HTTP status and message template of each. */
export const STORE_CODES = {
  /** A page cursor that this store did not issue (garbled, forged or from another version). */
  STORE_BAD_CURSOR: {
    key: "errors:store.STORE_BAD_CURSOR",
    status: 400,
    message: "the page cursor is not one this server issued; start from the first page",
  },
  /** A filter value that cannot be used (malformed timestamp, too many ids…). */
  STORE_BAD_FILTER: { key: "errors:store.STORE_BAD_FILTER", status: 400, message: "a filter value cannot be used" },
  /** A page request with an unusable limit. */
  STORE_BAD_PAGE: { key: "errors:store.STORE_BAD_PAGE", status: 400, message: "the page size cannot be used" },
  /** A directory entry (organization, user, collection) with that name already exists. */
  STORE_DUPLICATE: {
    key: "errors:store.STORE_DUPLICATE",
    status: 409,
    message: "an entry with that name already exists",
  },
  /** A directory entry that a change refers to does not exist. */
  STORE_NOT_FOUND: { key: "errors:store.STORE_NOT_FOUND", status: 404, message: "the entry was not found" },
  /** The database cannot be reached or opened. */
  STORE_UNAVAILABLE: {
    key: "errors:store.STORE_UNAVAILABLE",
    status: 503,
    message: "the database cannot be reached; check that it is running",
  },
} as const;

/** One of the store's error codes. */
export type StoreErrorCode = keyof typeof STORE_CODES;

/** An error raised by the store: a code, a message saying what to do, and the HTTP status. */
export class StoreError extends defineErrors("StoreError", STORE_CODES) {}

/** The message of any thrown value, for wrapping into a StoreError. */
export function causeMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
