import { CodedError } from "../errors/index.js";
import { getLocale, type Locale, localize, type MessageKey, messageIn } from "../i18n/index.js";

/**
 * Errors of sharing and the outbox: a code, its HTTP status, and a message from the catalogs
 * (src/i18n/locales/<lang>/sharing.json, key `sharing:errors.<CODE>`) in the process's language.
 */

/** Error codes with the HTTP status of each. */
export const SHARING_CODES = {
  SHARING_UNKNOWN_POLICY: 400,
  SHARING_NOT_FOUND: 404,
  SHARING_NOT_PENDING: 409,
  SHARING_BLOCKED: 409,
  SHARING_FORBIDDEN: 403,
  SHARING_UNKNOWN_USER: 400,
  SHARING_UNKNOWN_DESTINATION: 400,
  SHARING_NO_REASON: 400,
} as const;

/** One error code of sharing. */
export type SharingErrorCode = keyof typeof SHARING_CODES;

/** A failure of sharing or the outbox, with its message in the reader's language. */
export class SharingError extends CodedError {
  declare readonly code: SharingErrorCode;
  readonly params: Record<string, string | number>;

  constructor(code: SharingErrorCode, params: Record<string, string | number> = {}, options?: { cause?: unknown }) {
    super(code, { status: SHARING_CODES[code], message: code }, code, options);
    this.name = "SharingError";
    this.params = params;
    localize(this, `sharing:errors.${code}` as MessageKey, params);
  }

  /** The message in `locale` (the process's language unless given). */
  messageIn(locale: Locale = getLocale()): string {
    return messageIn(this, locale);
  }
}
