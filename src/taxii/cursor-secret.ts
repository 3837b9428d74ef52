import { randomBytes } from "node:crypto";
import type { Actor, Directory } from "../store/index.js";

/**
 * The key that seals TAXII `next` values. A key made per start would void every `next` a client
 * holds at each restart (OpenCTI then stops pulling for good), so unless CENTINELA_CURSOR_SECRET
 * names one, it is made once, kept in the store's settings, and read by every server process.
 */

/** The store setting that holds the key made on first start. */
export const CURSOR_SECRET_SETTING = "taxii.cursor_secret";

/** Fewest characters CENTINELA_CURSOR_SECRET may have. */
export const MIN_CURSOR_SECRET_LENGTH = 32;

const ACTOR: Actor = { userId: null, orgId: null, address: "serve" };

/**
 * The cursor key: `configured` (CENTINELA_CURSOR_SECRET) when given, else the store's, made from
 * 32 random bytes the first time. Never log what this returns.
 */
export async function resolveCursorSecret(directory: Directory, configured: string | undefined): Promise<Buffer> {
  if (configured !== undefined) {
    if (configured.length < MIN_CURSOR_SECRET_LENGTH) {
      throw new Error(
        `CENTINELA_CURSOR_SECRET must be at least ${MIN_CURSOR_SECRET_LENGTH} characters (it keys the HMAC of TAXII \`next\` values); unset it to use the key kept in the store`,
      );
    }
    return Buffer.from(configured, "utf8");
  }
  const made = randomBytes(32).toString("base64url");
  return Buffer.from(await directory.ensureSetting(ACTOR, CURSOR_SECRET_SETTING, made), "utf8");
}
