import { defineErrors } from "../errors/index.js";
import { localize, type MessageKey, type MessageVars } from "../i18n/index.js";

/**
 * Errors of feeds: an unknown kind, a feed that is not there, a configuration a kind cannot use,
 * a remote that does not have what the feed asks for, and a page that could not be read. Each
 * message (from the `feeds` catalog, es-MX and en) names the feed or source and what to do.
 */
export const FEEDS_CODES = {
  FEED_UNKNOWN_KIND: { status: 400, message: "unknown feed kind" },
  FEED_NOT_FOUND: { status: 404, message: "no such feed" },
  FEED_DUPLICATE: { status: 409, message: "the feed already exists" },
  FEED_BAD_CONFIG: { status: 400, message: "the feed's configuration cannot be used" },
  FEED_CHECK_FAILED: { status: 502, message: "the remote does not have what the feed asks for" },
  FEED_BAD_PAGE: { status: 502, message: "a page of the feed could not be read" },
} as const;

/** One code of FEEDS_CODES. */
export type FeedsCode = keyof typeof FEEDS_CODES;

/** A feed that could not be added, found or pulled. */
export class FeedsError extends defineErrors("FeedsError", FEEDS_CODES) {}

/** A FeedsError whose message is the catalog's `key` in the user's language. */
export function feedsError(code: FeedsCode, key: MessageKey, vars: MessageVars, cause?: unknown): FeedsError {
  return localize(new FeedsError(code, "", cause === undefined ? undefined : { cause }), key, vars);
}

/** What an error says, for a message's `reason`. */
export function errorReason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** FEED_CHECK_FAILED: `source` did not answer a feed's check (`feeds add`, `feeds check`). */
export function unreachable(source: string, error: unknown): FeedsError {
  return feedsError("FEED_CHECK_FAILED", "feeds:unreachable", { source, reason: errorReason(error) }, error);
}
