/**
 * The access module: who may read what. TLP decisions are pure functions here; the store
 * applies the same rule inside its queries.
 */

export { generatePassword, generateToken, hashPassword, TOKEN_PREFIX, tokenHash, verifyPassword } from "./secrets.js";
export { sharedOrganizations } from "./sharing.js";
export { canRead, DEFAULT_UNMARKED_TLP, effectiveTlp, type Reader, type TlpObjectMeta } from "./tlp.js";
