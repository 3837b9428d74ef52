/**
 * Signing in with a client certificate (mutual TLS, as CISA AIS and partner CSIRTs connect):
 * which certificates are accepted, and whom one names. Pure: the server gives the facts its TLS
 * socket knows, the directory lookup of the name stays with the server.
 *
 *   certificate                             answer
 *   none presented                          missing: 401, "present a certificate"
 *   not signed by the trusted CA            untrusted: 401, with OpenSSL's reason
 *   signed, but expired (or not yet valid)  expired: 401, with the date
 *   signed and valid, no single attribute   no-subject: 401
 *   signed and valid                        the username: the attribute's value (CN by default)
 *
 * The user it names must exist and be active; then the certificate signs in exactly as that
 * user's password or token would: same role, organization and TLP.
 */

/** What the TLS socket says about the client's certificate. */
export interface PeerCertificateFacts {
  /** False when the client sent none. */
  presented: boolean;
  /** True when it verified against the trusted CA (and is within its validity). */
  authorized: boolean;
  /** OpenSSL's code when it did not verify (`CERT_HAS_EXPIRED`, `UNABLE_TO_VERIFY_LEAF_SIGNATURE`…). */
  authorizationError: string | null;
  /** The subject's attributes; a repeated attribute is an array. */
  subject: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The end of its validity, as the certificate gives it. */
  validTo: string | null;
}

/** The subject attribute that names the user when none is configured. */
export const DEFAULT_CERTIFICATE_USER_ATTRIBUTE = "CN";

/** The answer for one certificate. */
export type CertificateSignIn =
  | { kind: "user"; username: string }
  | { kind: "missing" }
  | { kind: "untrusted"; reason: string }
  | { kind: "expired"; validTo: string }
  | { kind: "no-subject" };

const EXPIRY_ERRORS = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

/** Whom a client certificate names, by its `attribute` (CN, emailAddress, UID…), or why it is refused. */
export function certificateSignIn(
  facts: PeerCertificateFacts,
  attribute = DEFAULT_CERTIFICATE_USER_ATTRIBUTE,
): CertificateSignIn {
  if (!facts.presented) return { kind: "missing" };
  if (!facts.authorized) {
    const code = facts.authorizationError ?? "not verified";
    if (EXPIRY_ERRORS.has(code)) return { kind: "expired", validTo: facts.validTo ?? "?" };
    return { kind: "untrusted", reason: code };
  }
  const value = facts.subject[attribute];
  // A subject with the attribute twice names two users: neither is guessed.
  if (typeof value !== "string" || value.trim() === "") return { kind: "no-subject" };
  return { kind: "user", username: value };
}

/** A subject on one line (`CN=alice, O=CSIRT`), for messages. */
export function subjectText(subject: PeerCertificateFacts["subject"]): string {
  const parts = Object.entries(subject).flatMap(([k, v]) =>
    v === undefined ? [] : [`${k}=${typeof v === "string" ? v : v.join("+")}`],
  );
  return parts.length > 0 ? parts.join(", ") : "(empty)";
}
