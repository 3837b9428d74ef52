import { defineErrors } from "../errors/index.js";

/**
 * Errors of certificate files (read at start, or when a feed is added or synced) and of TLS
 * connections to other servers. Messages come from the `tls` catalog (es-MX and en), naming the
 * option, the file and what to do.
 */

/** The module's codes, with the HTTP status each answers with wherever it surfaces. */
export const TLS_CODES = {
  TLS_FILE_MISSING: {
    status: 400,
    title: "Certificate file missing",
    message: "a certificate or key file does not exist",
  },
  TLS_FILE_UNREADABLE: {
    status: 400,
    title: "Certificate file unreadable",
    message: "a certificate or key file cannot be read",
  },
  TLS_NOT_CERTIFICATE: { status: 400, title: "Not a certificate", message: "the file holds no PEM certificate" },
  TLS_NOT_KEY: { status: 400, title: "Not a private key", message: "the file holds no unencrypted PEM private key" },
  TLS_KEY_MISMATCH: { status: 400, title: "Key does not match", message: "the key does not belong to the certificate" },
  TLS_CERT_EXPIRED: { status: 400, title: "Certificate expired", message: "the certificate has expired" },
  TLS_CERT_NOT_YET_VALID: {
    status: 400,
    title: "Certificate not yet valid",
    message: "the certificate is not valid yet",
  },
  TLS_OPTION_NEEDED: { status: 400, title: "Option needed", message: "a TLS option needs another" },
  TLS_REMOTE_UNTRUSTED: {
    status: 502,
    title: "Untrusted server certificate",
    message: "the server's certificate is not trusted",
  },
  TLS_REMOTE_EXPIRED: {
    status: 502,
    title: "Expired server certificate",
    message: "the server's certificate has expired",
  },
  TLS_REMOTE_WRONG_NAME: {
    status: 502,
    title: "Server certificate for another name",
    message: "the server's certificate is for another name",
  },
  TLS_REMOTE_REFUSED: {
    status: 502,
    title: "TLS connection refused",
    message: "the server refused the TLS connection",
  },
} as const;

/** One of the module's codes. */
export type TlsErrorCode = keyof typeof TLS_CODES;

/** A certificate file or TLS connection failure: code, status, a localized message saying what to do. */
export class TlsError extends defineErrors("TlsError", TLS_CODES) {}
