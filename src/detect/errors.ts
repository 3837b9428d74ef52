/**
 * Why detection could not do what was asked: a code, the HTTP status it maps to, and a message
 * that says what to do.
 */

/** Detection error codes with the HTTP status each maps to. */
export const DETECT_CODES = {
  /** A field-mapping file that cannot be read or names an unknown kind. */
  DETECT_BAD_MAPPING: 400,
  /** A path given to scan that does not exist or holds no log. */
  DETECT_NO_INPUT: 404,
  /** The organization named (--org) is not in the directory. */
  DETECT_UNKNOWN_ORG: 404,
  /** A log whose format cannot be told (not Zeek JSON/TSV, not EVE, and no mapping given). */
  DETECT_UNKNOWN_FORMAT: 400,
  /** A bad option value (a window, a threshold, a --since). */
  DETECT_BAD_OPTION: 400,
  /** NATS could not be reached or refused the stream. */
  DETECT_NATS: 503,
} as const;

/** One of the detection error codes. */
export type DetectErrorCode = keyof typeof DETECT_CODES;

/** An error of the detect module: a code, its HTTP status, and a message saying what to do. */
export class DetectError extends Error {
  readonly code: DetectErrorCode;
  readonly status: number;

  constructor(code: DetectErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DetectError";
    this.code = code;
    this.status = DETECT_CODES[code];
  }
}
