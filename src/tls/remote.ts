import { localize } from "../i18n/index.js";
import { TlsError } from "./errors.js";
import { type PemFile, readCaBundle, readKeyPair, requireBoth } from "./files.js";

/**
 * The TLS side of a connection Centinela makes to another server (a feed, a push): the client
 * certificate it presents and the CA it trusts, as CISA AIS and partner CSIRTs ask, and the
 * failures of such connections in words (untrusted, expired, wrong name, refused) so they are
 * reported once, not retried as if the network were down.
 */

/** What a client presents and trusts, as Node's TLS takes it (PEM bytes). */
export interface ClientTls {
  cert?: Buffer;
  key?: Buffer;
  /** Trusted instead of the system's CAs when given. */
  ca?: Buffer;
}

/** The files of a client's TLS, as paths (what a feed stores: never the key's contents). */
export interface ClientTlsFiles {
  clientCert: string | null;
  clientKey: string | null;
  ca: string | null;
}

/** The options the files came from, for messages (`feeds add` and `push` use these). */
const OPTIONS = { clientCert: "--client-cert", clientKey: "--client-key", ca: "--ca" } as const;

/**
 * Reads and checks a client's TLS files: the certificate and key together, valid now, and the CA
 * bundle. Null when none is set. Throws TlsError naming the option and the file.
 */
export function readClientTls(files: ClientTlsFiles, now = new Date()): ClientTls | null {
  const { clientCert, clientKey, ca } = files;
  if (clientCert && !clientKey) requireBoth(OPTIONS.clientCert, OPTIONS.clientKey);
  if (clientKey && !clientCert) requireBoth(OPTIONS.clientKey, OPTIONS.clientCert);
  const tls: ClientTls = {};
  if (clientCert && clientKey) {
    const file = (option: string, path: string): PemFile => ({ option, path });
    const pair = readKeyPair(
      { cert: file(OPTIONS.clientCert, clientCert), key: file(OPTIONS.clientKey, clientKey) },
      now,
    );
    tls.cert = pair.cert;
    tls.key = pair.key;
  }
  if (ca) tls.ca = readCaBundle({ option: OPTIONS.ca, path: ca }, now);
  return tls.cert || tls.ca ? tls : null;
}

/** OpenSSL's verification codes, by what the user should do about them. */
const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_SIGNATURE_FAILURE",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
]);
const EXPIRED = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);
const WRONG_NAME = new Set(["ERR_TLS_CERT_ALTNAME_INVALID", "HOSTNAME_MISMATCH"]);

/** The first error in `error`'s cause chain with a string `code`. */
function codedCause(error: unknown): { code: string; message: string } | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code !== "UND_ERR_SOCKET") return { code, message: e.message };
  }
  return null;
}

/**
 * The TLS failure a failed request to `url` was, as a TlsError saying what to do, or null when it
 * was not one (a network failure, worth retrying). An alert from the server during the handshake
 * (certificate required, bad or unknown certificate) is its refusal of our client certificate.
 */
export function tlsFailureOf(error: unknown, url: string): TlsError | null {
  const cause = codedCause(error);
  if (!cause) return null;
  const vars = { url, reason: `${cause.code}: ${cause.message}` };
  const make = (code: ConstructorParameters<typeof TlsError>[0], key: Parameters<typeof localize>[1]) =>
    localize(new TlsError(code, "", { cause: error }), key, vars);
  if (UNTRUSTED.has(cause.code)) return make("TLS_REMOTE_UNTRUSTED", "tls:remoteUntrusted");
  if (EXPIRED.has(cause.code)) return make("TLS_REMOTE_EXPIRED", "tls:remoteExpired");
  if (WRONG_NAME.has(cause.code)) return make("TLS_REMOTE_WRONG_NAME", "tls:remoteWrongName");
  if (cause.code.startsWith("ERR_SSL_") && cause.code.includes("ALERT"))
    return make("TLS_REMOTE_REFUSED", "tls:remoteRefusedClient");
  return null;
}
