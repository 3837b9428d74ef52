/**
 * taxii: the TAXII 2.1 routes (discovery, API root, collections, objects, manifest, versions,
 * status) over the store, as a plugin the HTTP host (src/server) mounts, with TLP 2.0 decided
 * inside every store read; and the client that feeds/taxii pulls remote collections with and push
 * sends envelopes with.
 */
export {
  type ClientCredentials,
  collectionUrl,
  parseJson as parseTaxiiJson,
  retryAfterMs,
  TaxiiClient,
  type TaxiiClientOptions,
} from "./client.js";
export { API_ROOT_PATH, DISCOVERY_PATH } from "./context.js";
export { CURSOR_SECRET_SETTING, MIN_CURSOR_SECRET_LENGTH, resolveCursorSecret } from "./cursor-secret.js";
export { TAXII_CODES, TaxiiError, type TaxiiErrorCode, type TaxiiErrorResource, toErrorResource } from "./errors.js";
export { GRANT_CACHE_MS, type GrantLookup, type Rights } from "./grants.js";
export { acceptsTaxii, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from "./media-type.js";
export { TAXII_PREFIX, type TaxiiPluginOptions, taxiiPlugin } from "./plugin.js";
export { type PushOptions, type PushResult, pushObjects } from "./push.js";
