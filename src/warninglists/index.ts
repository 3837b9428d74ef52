/**
 * warninglists: MISP warninglists — the reader of their list.json format and a matcher for the
 * five list types (string, hostname, substring, regex, cidr) — so detection can suppress
 * known-benign values and the feeds can flag them on the way in. It depends on nothing else.
 */
export { WARNINGLIST_CODES, WarninglistError, type WarninglistErrorCode } from "./errors.js";
export { type IpNetwork, maskV4, maskV6, parseIpv4, parseIpv6, parseNetwork } from "./ip.js";
export { findWarninglistFiles, type LoadedWarninglists, loadWarninglists } from "./load.js";
export {
  createWarninglistMatcher,
  KIND_ATTRIBUTES,
  parseMispRegex,
  type WarninglistMatcher,
  type WarninglistValueKind,
} from "./matcher.js";
export { combineMatchers, storedWarninglistMatcher, type WarninglistSource } from "./stored.js";
export { parseWarninglist, WARNINGLIST_TYPES, type Warninglist, type WarninglistType } from "./warninglist.js";
