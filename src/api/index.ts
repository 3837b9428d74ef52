/**
 * api: the REST API for the console and for scripts — the exposure feature's inventory (assets,
 * sites, software) and action lists, organization-scoped, behind the server's authenticator.
 */
export type { ApiSettings } from "./context.js";
export { callerOf, orgFor, scopeOf } from "./context.js";
export { API_CODES, type ApiCode, ApiError, type ApiErrorBody, toApiError } from "./errors.js";
export { API_PREFIX, type ExposureApiOptions, exposureApi } from "./plugin.js";
