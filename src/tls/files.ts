import { createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { localize } from "../i18n/index.js";
import { TlsError } from "./errors.js";

/**
 * Reading the PEM files TLS is configured with, checked before they are used, so a wrong path, a
 * key given for a certificate, a key of another certificate or an expired certificate is a
 * message naming the option and the file at start (or when a feed is added), not a handshake
 * failure later. Nothing read here is ever logged: keys only go to Node's TLS.
 */

/** A file named on the command line: the option it came from (for messages) and its path. */
export interface PemFile {
  option: string;
  path: string;
}

/** A certificate read and parsed: its PEM bytes and what it says. */
export interface ReadCertificate {
  pem: Buffer;
  certificate: X509Certificate;
}

/** A certificate and its private key, checked to belong together and to be valid now. */
export interface KeyPair {
  cert: Buffer;
  key: Buffer;
  certificate: X509Certificate;
}

/** The subject of a certificate on one line (`CN=alice, O=CSIRT`), for messages. */
export function subjectLine(subject: string): string {
  return subject.split("\n").filter(Boolean).join(", ");
}

/** When a certificate stops being valid. */
export function validUntil(certificate: X509Certificate): Date {
  return new Date(Date.parse(certificate.validTo));
}

function readPem(file: PemFile): Buffer {
  const where = { option: file.option, file: file.path };
  let isFolder = false;
  try {
    isFolder = statSync(file.path).isDirectory();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR")
      throw localize(new TlsError("TLS_FILE_MISSING", "", { cause: error }), "tls:fileMissing", where);
    throw unreadable(file, error);
  }
  if (isFolder) throw localize(new TlsError("TLS_FILE_UNREADABLE"), "tls:fileIsFolder", where);
  try {
    return readFileSync(file.path);
  } catch (error) {
    throw unreadable(file, error);
  }
}

function unreadable(file: PemFile, error: unknown): TlsError {
  const reason = (error as NodeJS.ErrnoException).code ?? String(error);
  return localize(new TlsError("TLS_FILE_UNREADABLE", "", { cause: error }), "tls:fileUnreadable", {
    option: file.option,
    file: file.path,
    reason,
  });
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

function parseCertificate(file: PemFile, pem: string | Buffer): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch (error) {
    throw localize(new TlsError("TLS_NOT_CERTIFICATE", "", { cause: error }), "tls:notCertificate", {
      option: file.option,
      file: file.path,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Throws TLS_CERT_EXPIRED or TLS_CERT_NOT_YET_VALID when `certificate` is not valid at `now`. */
function checkValidity(file: PemFile, certificate: X509Certificate, now: Date): void {
  const subject = subjectLine(certificate.subject);
  const until = validUntil(certificate);
  if (until.getTime() < now.getTime()) {
    throw localize(new TlsError("TLS_CERT_EXPIRED"), "tls:expired", {
      option: file.option,
      file: file.path,
      subject,
      date: until.toISOString(),
    });
  }
  const from = new Date(Date.parse(certificate.validFrom));
  if (from.getTime() > now.getTime()) {
    throw localize(new TlsError("TLS_CERT_NOT_YET_VALID"), "tls:notYetValid", {
      option: file.option,
      file: file.path,
      subject,
      date: from.toISOString(),
    });
  }
}

/** Reads one certificate (the first of the file), valid at `now`. */
export function readCertificate(file: PemFile, now = new Date()): ReadCertificate {
  const pem = readPem(file);
  const certificate = parseCertificate(file, pem);
  checkValidity(file, certificate, now);
  return { pem, certificate };
}

/**
 * Reads a CA bundle: one or more certificates, each parsed. Refused when none is valid at `now`
 * (an expired CA verifies nothing); expired ones beside valid ones are left to Node's TLS, as in
 * the system's own bundle.
 */
export function readCaBundle(file: PemFile, now = new Date()): Buffer {
  const pem = readPem(file);
  const blocks = pem.toString("latin1").match(PEM_CERTIFICATE) ?? [];
  if (blocks.length === 0) parseCertificate(file, pem);
  const certificates = blocks.map((block) => parseCertificate(file, block));
  const valid = certificates.filter((c) => validUntil(c).getTime() >= now.getTime());
  if (valid.length === 0) checkValidity(file, certificates[0] as X509Certificate, now);
  return pem;
}

function parseKey(file: PemFile, pem: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    throw localize(new TlsError("TLS_NOT_KEY", "", { cause: error }), "tls:notKey", {
      option: file.option,
      file: file.path,
      reason: error instanceof Error ? error.message : String(error),
    });
  }
}

/** Reads a certificate and its key, checked to belong together, the certificate valid at `now`. */
export function readKeyPair(files: { cert: PemFile; key: PemFile }, now = new Date()): KeyPair {
  const { pem: cert, certificate } = readCertificate(files.cert, now);
  const key = readPem(files.key);
  const keyObject = parseKey(files.key, key);
  if (!certificate.checkPrivateKey(keyObject)) {
    throw localize(new TlsError("TLS_KEY_MISMATCH"), "tls:keyMismatch", {
      key: files.key.path,
      keyOption: files.key.option,
      cert: files.cert.path,
      certOption: files.cert.option,
    });
  }
  return { cert, key, certificate };
}

/** Throws TLS_OPTION_NEEDED when `given` was set without `missing`. */
export function requireBoth(given: string, missing: string): never {
  throw localize(new TlsError("TLS_OPTION_NEEDED"), "tls:needs", { given, missing });
}
