/**
 * TLS: the certificate files a server or a client is configured with, read and checked up front
 * (missing, unreadable, not PEM, key of another certificate, expired) with messages naming the
 * option and file in es-MX or en; the client side of mutual TLS (certificate, key, trusted CA);
 * and the failures of outgoing TLS connections in words. Uses only Node's crypto and i18n.
 */
export { TLS_CODES, TlsError, type TlsErrorCode } from "./errors.js";
export {
  type KeyPair,
  type PemFile,
  type ReadCertificate,
  readCaBundle,
  readCertificate,
  readKeyPair,
  requireBoth,
  subjectLine,
  validUntil,
} from "./files.js";
export { type ClientTls, type ClientTlsFiles, readClientTls, tlsFailureOf } from "./remote.js";
