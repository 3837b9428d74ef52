import { randomBytes } from "node:crypto";
import {
  closeSync,
  fchmodSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { AccessError } from "./errors.js";

/**
 * The key that seals stored credentials (sealed-secret.ts). It must not be in the database it
 * protects: it comes from CENTINELA_SECRET_KEY, else from the file `secret.key` in the data
 * directory, made on first need (32 random bytes, base64, mode 0600). Losing it makes the sealed
 * credentials unreadable, so it is backed up apart from the database.
 */

/** The environment variable that holds the key (it wins over the key file). */
export const SECRET_KEY_ENV = "CENTINELA_SECRET_KEY";

/** The key file's name in the data directory. */
export const SECRET_KEY_FILE = "secret.key";

/** A key and where it came from (the variable's name or the file's path: never the key). */
export interface SecretKey {
  key: Buffer;
  source: string;
}

const KEY_BYTES = 32;
const EXPECTED = `32 bytes written as 64 hex digits or as base64 (44 characters), e.g. the output of \`openssl rand -base64 32\``;

/** The 32 bytes of a key written in hex or base64 (base64url too); throws ACCESS_SECRET_KEY_INVALID naming `source` otherwise. */
export function parseSecretKey(text: string, source: string): Buffer {
  const value = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value, "base64");
  if (key?.length === KEY_BYTES) return key;
  // The length only: the value may be a near-miss of the real key.
  throw new AccessError(
    "ACCESS_SECRET_KEY_INVALID",
    `${source} must hold ${EXPECTED}; it holds ${value.length} characters that are neither`,
  );
}

/** A key file that cannot be read or made, with the way out. */
function unavailable(what: string, cause: unknown): AccessError {
  return new AccessError(
    "ACCESS_SECRET_KEY_UNAVAILABLE",
    `${what} (${(cause as Error).message}); check that the data directory is readable and writable, or set ${SECRET_KEY_ENV}`,
    { cause },
  );
}

/** Reads the key file at `path`, or null when there is none. */
function readKeyFile(path: string): Buffer | null {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw unavailable(`cannot read the secret key ${path}`, error);
  }
  return parseSecretKey(text, `the secret key file ${path} (restore it from your backup)`);
}

/**
 * Writes a new key to `path` with mode 0600. It is written whole to a temporary file and then
 * linked into place, which fails if the file exists: two processes starting at once both end up
 * with the key that was linked first, and nobody ever reads a half-written file.
 */
function createKeyFile(dir: string, path: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const temporary = join(dir, `.${SECRET_KEY_FILE}.${process.pid}.${randomBytes(4).toString("hex")}`);
  const fd = openSync(temporary, "wx", 0o600);
  try {
    // The mode given to open is narrowed by the umask only; this makes it exactly 0600.
    fchmodSync(fd, 0o600);
    writeSync(fd, `${randomBytes(KEY_BYTES).toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * The key: `env` (the value of CENTINELA_SECRET_KEY) when set, else `<dataDir>/secret.key`,
 * created on this first need. Never prints or logs the key.
 */
export function loadSecretKey(options: { env?: string | undefined; dataDir: string }): SecretKey {
  if (options.env !== undefined && options.env.trim() !== "") {
    return { key: parseSecretKey(options.env, SECRET_KEY_ENV), source: SECRET_KEY_ENV };
  }
  const path = join(options.dataDir, SECRET_KEY_FILE);
  let key = readKeyFile(path);
  if (!key) {
    try {
      createKeyFile(options.dataDir, path);
    } catch (error) {
      throw unavailable(`cannot create the secret key ${path}`, error);
    }
    key = readKeyFile(path);
  }
  if (!key) throw new AccessError("ACCESS_SECRET_KEY_INVALID", `the secret key ${path} vanished as it was made`);
  return { key, source: path };
}
