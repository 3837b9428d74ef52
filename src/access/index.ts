/**
 * The access module, the rulebook: who is calling (`Principal`), what each role may do
 * (`decide`, one table in rules.ts that every transport asks), which client certificates sign in
 * and as whom (client-certificate.ts), and who may read what (TLP 2.0,
 * which the store applies inside its queries by the same rule) — all pure functions. Also the
 * secrets: password and token hashes, and the sealing of credentials Centinela must send again
 * (remote feeds) under a key kept outside the database.
 */

export {
  type CertificateSignIn,
  certificateSignIn,
  DEFAULT_CERTIFICATE_USER_ATTRIBUTE,
  type PeerCertificateFacts,
  subjectText,
} from "./client-certificate.js";
export { ACCESS_CODES, AccessError, type AccessErrorCode } from "./errors.js";
export { MIN_PASSWORD_LENGTH, type PasswordProblem, passwordProblem, refuseWeakPassword } from "./password-policy.js";
export { type Principal, type PrincipalUser, principalFor, ROLES, type Role, withSource } from "./principal.js";
export {
  ACTIONS,
  type Action,
  alertScope,
  collectionRights,
  type Decision,
  decide,
  inventoryScope,
  may,
  mayReadStatus,
  type Subject,
  subjectOf,
  type Target,
  whoMay,
} from "./rules.js";
export { isSealed, openSecret, SEALED_PREFIX, sealSecret } from "./sealed-secret.js";
export { loadSecretKey, parseSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE, type SecretKey } from "./secret-key.js";
export { generatePassword, generateToken, hashPassword, TOKEN_PREFIX, tokenHash, verifyPassword } from "./secrets.js";
export { sharedOrganizations } from "./sharing.js";
export { canRead, DEFAULT_UNMARKED_TLP, effectiveTlp, type Reader, type TlpObjectMeta } from "./tlp.js";
