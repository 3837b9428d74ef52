/**
 * api: the REST API for the console and for scripts — the exposure feature's inventory (assets,
 * sites, software) and action lists, organization-scoped by access's rulebook, as a plugin of
 * the HTTP host (src/server).
 */
export type { ApiSettings } from "./context.js";
export { callerOf, orgFor, requireAction, scopeOf } from "./context.js";
export { API_CODES, type ApiCode, ApiError } from "./errors.js";
export { API_PREFIX, type ApiPluginOptions, apiPlugin } from "./plugin.js";
