import { fromCatalog } from "../errors/index.js";
import { TaxiiError } from "./errors.js";

/**
 * TAXII 2.1 media types and content negotiation. Responses are always
 * `application/taxii+json;version=2.1`; requests must accept it (406 otherwise) and POST bodies
 * must be it (415 otherwise). A missing `version` parameter means the latest version, 2.1.
 */

/** The media type of every TAXII 2.1 response. */
export const TAXII_MEDIA_TYPE = "application/taxii+json;version=2.1";

/** The media type of STIX 2.1 content, as listed in collections and manifests. */
export const STIX_MEDIA_TYPE = "application/stix+json;version=2.1";

interface MediaRange {
  type: string;
  params: Map<string, string>;
}

function parseRange(text: string): MediaRange {
  const parts = text.split(";");
  const params = new Map<string, string>();
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i] as string;
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    params.set(
      part.slice(0, eq).trim().toLowerCase(),
      part
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, "$1"),
    );
  }
  return { type: (parts[0] ?? "").trim().toLowerCase(), params };
}

function isTaxii21(range: MediaRange): boolean {
  if (range.type !== "application/taxii+json") return false;
  const version = range.params.get("version");
  return version === undefined || version === "2.1";
}

/** True when an Accept header admits TAXII 2.1 JSON (absent, a wildcard, or the type itself with version 2.1 or none). */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === "") return true;
  if (accept.length > 1024) return false;
  for (const item of accept.split(",")) {
    const range = parseRange(item);
    if (range.params.get("q") !== undefined && Number(range.params.get("q")) === 0) continue;
    if (range.type === "*/*" || range.type === "application/*" || isTaxii21(range)) return true;
  }
  return false;
}

/** Throws TAXII_NOT_ACCEPTABLE (406) unless the Accept header admits TAXII 2.1. */
export function checkAccept(accept: string | undefined): void {
  if (!acceptsTaxii(accept)) {
    throw new TaxiiError(
      "TAXII_NOT_ACCEPTABLE",
      fromCatalog("errors:taxii.notAcceptable", { type: TAXII_MEDIA_TYPE, got: (accept ?? "").slice(0, 100) }),
    );
  }
}

/** Throws TAXII_UNSUPPORTED_MEDIA_TYPE (415) unless the Content-Type is TAXII 2.1 JSON. */
export function checkContentType(contentType: string | undefined): void {
  if (contentType === undefined || !isTaxii21(parseRange(contentType))) {
    throw new TaxiiError(
      "TAXII_UNSUPPORTED_MEDIA_TYPE",
      fromCatalog("errors:taxii.contentType", { type: TAXII_MEDIA_TYPE, got: (contentType ?? "").slice(0, 100) }),
    );
  }
}
