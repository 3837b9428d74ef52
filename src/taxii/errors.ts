import { STATUS_CODES } from "node:http";
import { type CodedError, defineErrors, errorMessageIn, errorTitleIn } from "../errors/index.js";
import { getLocale, type Locale } from "../i18n/index.js";

/**
 * Why a TAXII request failed. Each code has the HTTP status it answers with and a title; every
 * error on a TAXII route (these, the store's, the host's) reaches the client as a TAXII error
 * message resource (`toErrorResource`) with its own code and status.
 */

/** TAXII error codes with the HTTP status, title and message template of each. */
export const TAXII_CODES = {
  TAXII_BAD_REQUEST: { status: 400, title: "Bad request", message: "bad request" },
  TAXII_BAD_FILTER: { status: 400, title: "Bad filter", message: "bad filter" },
  TAXII_BAD_NEXT: { status: 400, title: "Bad next", message: "bad next" },
  TAXII_BAD_JSON: { status: 400, title: "Malformed JSON", message: "malformed json" },
  TAXII_FORBIDDEN: { status: 403, title: "Forbidden", message: "forbidden" },
  TAXII_COLLECTION_NOT_FOUND: { status: 404, title: "Collection not found", message: "collection not found" },
  TAXII_OBJECT_NOT_FOUND: { status: 404, title: "Object not found", message: "object not found" },
  TAXII_STATUS_NOT_FOUND: { status: 404, title: "Status not found", message: "status not found" },
  TAXII_NOT_ACCEPTABLE: { status: 406, title: "Not acceptable", message: "not acceptable" },
  /** Client side: an envelope to push is larger than the remote accepts. */
  TAXII_TOO_LARGE: { status: 413, title: "Request too large", message: "request too large" },
  TAXII_UNSUPPORTED_MEDIA_TYPE: { status: 415, title: "Unsupported media type", message: "unsupported media type" },
  /** Client side: the remote server answered with an error or something that is not TAXII. */
  TAXII_REMOTE: { status: 502, title: "Remote TAXII server error", message: "remote taxii server error" },
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

/** An error raised by the TAXII routes or client: a code, its HTTP status, a message saying what to do, extra headers. */
export class TaxiiError extends defineErrors("TaxiiError", TAXII_CODES) {}

/**
 * The error message resource of any module's error, as the TAXII routes answer it: its own code
 * and status, its title (the status text when its module gives none) and message (in `locale`
 * when it came from the catalogs).
 */
export function toErrorResource(error: CodedError, locale: Locale = getLocale()): TaxiiErrorResource {
  return {
    title: errorTitleIn(error, locale, STATUS_CODES[error.status] ?? "Error"),
    description: errorMessageIn(error, locale),
    error_code: error.code,
    http_status: String(error.status),
  };
}
