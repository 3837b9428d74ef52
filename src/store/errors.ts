/**
 * Why a store operation failed. Each code has a message template and the HTTP status the API
 * maps it to; lower failures (driver errors) travel as `cause`.
 */

/** Store error codes with the HTTP status each maps to. */
export const STORE_CODES = {
  /** A page cursor that this store did not issue (garbled, forged or from another version). */
  STORE_BAD_CURSOR: 400,
  /** A filter value that cannot be used (malformed timestamp, too many ids…). */
  STORE_BAD_FILTER: 400,
  /** A page request with an unusable limit. */
  STORE_BAD_PAGE: 400,
  /** A directory entry (organization, user, collection) with that name already exists. */
  STORE_DUPLICATE: 409,
  /** A directory entry that a change refers to does not exist. */
  STORE_NOT_FOUND: 404,
  /** The database cannot be reached or opened. */
  STORE_UNAVAILABLE: 503,
} as const;

/** One of the store's error codes. */
export type StoreErrorCode = keyof typeof STORE_CODES;

/** An error raised by the store: a code, a message saying what to do, and the HTTP status. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;
  readonly status: number;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
    this.code = code;
    this.status = STORE_CODES[code];
  }
}

/** The message of any thrown value, for wrapping into a StoreError. */
export function causeMessage(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
