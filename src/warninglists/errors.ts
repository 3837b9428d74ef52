/**
 * Why a warninglist could not be read: a code, the HTTP status it maps to, and a message that
 * names the file and says what to do.
 */

/** Warninglist error codes with the HTTP status each maps to. */
export const WARNINGLIST_CODES = {
  /** The file is not JSON, or not an object with `name`, `type` and `list`. */
  WARNINGLIST_INVALID: 400,
  /** The `type` is none of string, hostname, substring, regex, cidr. */
  WARNINGLIST_UNKNOWN_TYPE: 400,
  /** The folder named holds no list.json (nor *.json) file at all. */
  WARNINGLIST_NOT_FOUND: 404,
} as const;

/** One of the warninglist error codes. */
export type WarninglistErrorCode = keyof typeof WARNINGLIST_CODES;

/** An error of the warninglists module: a code, its HTTP status and a message saying what to do. */
export class WarninglistError extends Error {
  readonly code: WarninglistErrorCode;
  readonly status: number;

  constructor(code: WarninglistErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "WarninglistError";
    this.code = code;
    this.status = WARNINGLIST_CODES[code];
  }
}
