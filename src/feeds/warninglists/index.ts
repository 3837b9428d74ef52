/**
 * feeds/warninglists: the `warninglists` kind — MISP warninglists pulled from a folder or URL and
 * kept in the store, where ingest flags and detection suppresses with them.
 */
export { WARNINGLISTS_CONNECTOR, type WarninglistsFeedConfig } from "./connector.js";
