/**
 * The access module: who may read what. TLP decisions are pure functions here; the store
 * applies the same rule inside its queries. Also the secrets: password and token hashes, and
 * the sealing of credentials Centinela must send again (remote feeds) under a key kept outside
 * the database.
 */

export { ACCESS_CODES, AccessError, type AccessErrorCode } from "./errors.js";
export { isSealed, openSecret, SEALED_PREFIX, sealSecret } from "./sealed-secret.js";
export { loadSecretKey, parseSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE, type SecretKey } from "./secret-key.js";
export { generatePassword, generateToken, hashPassword, TOKEN_PREFIX, tokenHash, verifyPassword } from "./secrets.js";
export { sharedOrganizations } from "./sharing.js";
export { canRead, DEFAULT_UNMARKED_TLP, effectiveTlp, type Reader, type TlpObjectMeta } from "./tlp.js";
