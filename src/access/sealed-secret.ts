import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { AccessError } from "./errors.js";

/**
 * Credentials Centinela must send again later (a remote feed's password or token), so they
 * cannot be hashed like our own users' passwords: they are sealed with AES-256-GCM under a key
 * that is kept outside the database (see secret-key.ts), so a copy of the database alone does
 * not give them away.
 *
 *   enc1:<base64url 12-byte nonce>:<base64url ciphertext + 16-byte tag>
 *
 * The nonce is random per value. What the value belongs to (a feed id) is bound as associated
 * data, so a sealed value copied into another row does not open there.
 */

/** The prefix of every value sealed by this version; values without it are from older releases. */
export const SEALED_PREFIX = "enc1:";

const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

function checkKey(key: Buffer): void {
  // A programming error, not an operator's: keys come from parseSecretKey, which checks the length.
  if (key.length !== KEY_BYTES) throw new RangeError(`a secret key is ${KEY_BYTES} bytes, not ${key.length}`);
}

/** The associated data: the format version and what the value belongs to. */
function aad(boundTo: string): Buffer {
  return Buffer.from(`${SEALED_PREFIX}${boundTo}`, "utf8");
}

/** True when `stored` is a sealed value (of this version), false for a value stored in the clear by an older release. */
export function isSealed(stored: string): boolean {
  return stored.startsWith(SEALED_PREFIX);
}

/** Seals `plain` under `key`, bound to `boundTo` (the feed id): the text to store. */
export function sealSecret(key: Buffer, boundTo: string, plain: string): string {
  checkKey(key);
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(boundTo));
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${nonce.toString("base64url")}:${body.toString("base64url")}`;
}

/**
 * The plain value of a sealed one. Throws ACCESS_SECRET_UNREADABLE when it does not open (another
 * key, another `boundTo`, altered or malformed): never returns bytes that were not sealed here.
 */
export function openSecret(key: Buffer, boundTo: string, sealed: string): string {
  checkKey(key);
  const unreadable = (why: string, cause?: unknown) =>
    new AccessError("ACCESS_SECRET_UNREADABLE", `the sealed value ${why}`, cause ? { cause } : undefined);
  if (!isSealed(sealed)) throw unreadable(`does not start with "${SEALED_PREFIX}"`);
  const parts = sealed.slice(SEALED_PREFIX.length).split(":");
  const base64url = /^[A-Za-z0-9_-]+$/;
  if (parts.length !== 2 || !parts.every((p) => base64url.test(p))) throw unreadable("is malformed");
  const nonce = Buffer.from(parts[0] as string, "base64url");
  const body = Buffer.from(parts[1] as string, "base64url");
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw unreadable("is malformed");
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(boundTo));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString(
      "utf8",
    );
  } catch (error) {
    // GCM cannot tell a wrong key from altered bytes: both fail the tag check.
    throw unreadable("does not open with this key: another key sealed it, or it was altered", error);
  }
}
