import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";

/**
 * Passwords and API tokens. Passwords are hashed with scrypt (salted, memory-hard); API tokens
 * are long random strings, so a plain SHA-256 of them is enough to store and look them up by.
 * Neither is ever kept or logged in the clear.
 */

const SCRYPT_N = 1 << 15;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const KEY_LENGTH = 32;
/** scrypt with N=2^15, r=8 needs 32 MiB; the default maxmem (32 MiB) is just short of it. */
const MAXMEM = 64 * 1024 * 1024;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, KEY_LENGTH, { N: n, r, p, maxmem: MAXMEM }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password as `scrypt$N$r$p$salt$hash` (base64url parts), ready to store. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P);
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString("base64url")}$${key.toString("base64url")}`;
}

/** True when `password` matches a hash made by hashPassword; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== "scrypt") return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![n, r, p].every((v) => Number.isInteger(v) && v > 0) || n > 1 << 20) return false;
  const expected = Buffer.from(parts[5] as string, "base64url");
  if (expected.length !== KEY_LENGTH) return false;
  const key = await scryptAsync(password, Buffer.from(parts[4] as string, "base64url"), n, r, p);
  return timingSafeEqual(key, expected);
}

/** Prefix of every Centinela API token, so a leaked one is recognisable by secret scanners. */
export const TOKEN_PREFIX = "cnt_";

/** A new API token: shown to its owner once, stored only as tokenHash(token). */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** The SHA-256 (hex) under which a token is stored and looked up. */
export function tokenHash(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** A random password for the first admin when none is configured. */
export function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}
