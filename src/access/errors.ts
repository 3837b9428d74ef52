import { defineErrors } from "../errors/index.js";

/**
 * Why an access operation failed: a code, the HTTP status it maps to, and a message saying what
 * to do. The codes cover the key that seals stored credentials and the sealed values themselves.
 */

/** Access error codes with the HTTP status and message template of each. */
export const ACCESS_CODES = {
  /** CENTINELA_SECRET_KEY or the key file does not hold 32 bytes in hex or base64. */
  ACCESS_SECRET_KEY_INVALID: { status: 500, message: "the secret key is not 32 bytes in hex or base64" },
  /** The key file can be neither read nor made (permissions, a file where the folder should be). */
  ACCESS_SECRET_KEY_UNAVAILABLE: { status: 500, message: "the secret key file can be neither read nor made" },
  /** A sealed value that does not open: another key sealed it, or it was altered. */
  ACCESS_SECRET_UNREADABLE: { status: 500, message: "a sealed credential does not open with this key" },
  /** A credential handed to the store in the clear, where only sealed values may go. */
  ACCESS_SECRET_NOT_SEALED: { status: 500, message: "a credential reached the store unsealed" },
} as const;

/** One of the access error codes. */
export type AccessErrorCode = keyof typeof ACCESS_CODES;

/** An error raised by the access module: a code, its HTTP status, and a message saying what to do. */
export class AccessError extends defineErrors("AccessError", ACCESS_CODES) {}
