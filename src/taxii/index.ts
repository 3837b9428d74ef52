/**
 * taxii: the TAXII 2.1 routes (discovery, API root, collections, objects, manifest, versions,
 * status) over the store, as a plugin the HTTP host (src/server) mounts, with TLP 2.0 decided
 * inside every store read; and the client that pulls remote feeds and pushes envelopes through
 * the same protocol.
 */
export { type ClientCredentials, collectionUrl, retryAfterMs, TaxiiClient, type TaxiiClientOptions } from "./client.js";
export { API_ROOT_PATH, DISCOVERY_PATH } from "./context.js";
export { CURSOR_SECRET_SETTING, MIN_CURSOR_SECRET_LENGTH, resolveCursorSecret } from "./cursor-secret.js";
export { TAXII_CODES, TaxiiError, type TaxiiErrorCode, type TaxiiErrorResource, toErrorResource } from "./errors.js";
export { type SyncOptions, type SyncResult, syncFeed } from "./feed-sync.js";
export { GRANT_CACHE_MS, type GrantLookup, type Rights } from "./grants.js";
export { acceptsTaxii, STIX_MEDIA_TYPE, TAXII_MEDIA_TYPE } from "./media-type.js";
export { TAXII_PREFIX, type TaxiiPluginOptions, taxiiPlugin } from "./plugin.js";
export { type PushOptions, type PushResult, pushObjects } from "./push.js";
