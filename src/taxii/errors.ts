/**
 * Why a TAXII request failed. Each code has the HTTP status it maps to and a title; every error
 * reaches the client as a TAXII error message resource (`toErrorResource`).
 */

/** TAXII error codes with the HTTP status and the title of each. */
export const TAXII_CODES = {
  TAXII_BAD_REQUEST: [400, "Bad request"],
  TAXII_BAD_FILTER: [400, "Bad filter"],
  TAXII_BAD_NEXT: [400, "Bad next"],
  TAXII_BAD_JSON: [400, "Malformed JSON"],
  TAXII_UNAUTHORIZED: [401, "Authentication required"],
  TAXII_FORBIDDEN: [403, "Forbidden"],
  TAXII_NOT_FOUND: [404, "Not found"],
  TAXII_COLLECTION_NOT_FOUND: [404, "Collection not found"],
  TAXII_OBJECT_NOT_FOUND: [404, "Object not found"],
  TAXII_STATUS_NOT_FOUND: [404, "Status not found"],
  TAXII_METHOD_NOT_ALLOWED: [405, "Method not allowed"],
  TAXII_NOT_ACCEPTABLE: [406, "Not acceptable"],
  TAXII_TOO_LARGE: [413, "Request too large"],
  TAXII_UNSUPPORTED_MEDIA_TYPE: [415, "Unsupported media type"],
  TAXII_TOO_MANY_REQUESTS: [429, "Too many requests"],
  TAXII_INTERNAL: [500, "Internal error"],
  TAXII_UNAVAILABLE: [503, "Service unavailable"],
  /** Client side: the remote server answered with an error or something that is not TAXII. */
  TAXII_REMOTE: [502, "Remote TAXII server error"],
} as const;

/** One of the TAXII error codes. */
export type TaxiiErrorCode = keyof typeof TAXII_CODES;

/** A TAXII error message resource (TAXII 2.1 section 3.6.1). */
export interface TaxiiErrorResource {
  title: string;
  description?: string;
  error_id?: string;
  error_code?: string;
  http_status?: string;
  details?: Record<string, unknown>;
}

/** An error raised by the TAXII server or client: a code, its HTTP status, and a message saying what to do. */
export class TaxiiError extends Error {
  readonly code: TaxiiErrorCode;
  readonly status: number;
  /** Extra response headers (WWW-Authenticate, Retry-After). */
  readonly headers: Record<string, string>;

  constructor(code: TaxiiErrorCode, message: string, options?: { cause?: unknown; headers?: Record<string, string> }) {
    super(message, options);
    this.name = "TaxiiError";
    this.code = code;
    this.status = TAXII_CODES[code][0];
    this.headers = options?.headers ?? {};
  }
}

/** The error message resource of a TaxiiError. */
export function toErrorResource(error: TaxiiError): TaxiiErrorResource {
  return {
    title: TAXII_CODES[error.code][1],
    description: error.message,
    error_code: error.code,
    http_status: String(error.status),
  };
}
