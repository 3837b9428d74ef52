import { createHash } from "node:crypto";
import { type Principal, principalFor, tokenHash, verifyPassword } from "../access/index.js";
import type { Directory, User } from "../store/index.js";
import { ServerError } from "./errors.js";
import { createSignInLimit, type SignInLimit } from "./sign-in-limit.js";

/**
 * Who is calling: HTTP Basic (username and password, scrypt-verified) or an API token, looked up
 * by its SHA-256, sent as `Bearer` or as `Token` (the scheme of the OASIS taxii2-client's
 * TokenAuth, which OpenCTI's TAXII 2 connector uses). A verified password is remembered by a
 * hash of the credentials and the stored password hash, so repeated requests skip scrypt but a
 * changed password, a disabled user or a revoked token takes effect on the very next request.
 */

/**
 * How long a token lookup is reused without asking the store. Changes made
 * through this process's directory drop the cache at once; changes from another process (the CLI)
 * take effect within this time.
 */
export const AUTH_CACHE_MS = 1000;

const CHALLENGE = { "WWW-Authenticate": 'Basic realm="centinela", Bearer realm="centinela"' };
const MAX_CACHE = 10_000;

function unauthorized(message: string): ServerError {
  return new ServerError("SERVER_UNAUTHORIZED", message, { headers: CHALLENGE });
}

/** Signs requests in against the directory. */
export interface Authenticator {
  /** The principal of an Authorization header sent from `address` (request.ip); throws SERVER_UNAUTHORIZED or SERVER_TOO_MANY_REQUESTS. */
  authenticate(authorization: string | undefined, address: string): Promise<Principal>;
}

interface Cached<T> {
  value: T;
  until: number;
}

/** A small map whose entries expire after AUTH_CACHE_MS or when the directory changes. */
function createCache<T>(directory: Directory) {
  let seen = directory.changes;
  const entries = new Map<string, Cached<T>>();
  return async (key: string, load: () => Promise<T>): Promise<T> => {
    const now = Date.now();
    if (directory.changes !== seen) {
      entries.clear();
      seen = directory.changes;
    }
    const hit = entries.get(key);
    if (hit && hit.until > now) return hit.value;
    const value = await load();
    if (entries.size >= MAX_CACHE) entries.clear();
    entries.set(key, { value, until: now + AUTH_CACHE_MS });
    return value;
  };
}

/** Creates the authenticator over a directory; `limit` counts failed sign-ins per address. */
export function createAuthenticator(directory: Directory, limit: SignInLimit = createSignInLimit()): Authenticator {
  const verified = new Set<string>();
  const tokens = createCache<{ user: User; expires: string | null } | null>(directory);

  const basic = async (encoded: string, address: string): Promise<Principal> => {
    const text = Buffer.from(encoded, "base64").toString("utf8");
    const colon = text.indexOf(":");
    if (colon <= 0) throw unauthorized("malformed Basic credentials; send base64(username:password)");
    const username = text.slice(0, colon);
    const password = text.slice(colon + 1);
    const user = await directory.findUser(username);
    if (!user?.active || !user.passwordHash || user.username !== username) {
      throw unauthorized("wrong username or password");
    }
    const key = createHash("sha256")
      .update(`${user.id}\u0000${password}\u0000${user.passwordHash}`)
      .digest("base64url");
    if (!verified.has(key)) {
      if (!(await verifyPassword(password, user.passwordHash))) throw unauthorized("wrong username or password");
      if (verified.size >= MAX_CACHE) verified.clear();
      verified.add(key);
    }
    const { passwordHash: _hidden, ...publicUser } = user;
    return principalFor(publicUser, address);
  };

  const signIn = async (authorization: string | undefined, address: string): Promise<Principal> => {
    if (!authorization) throw unauthorized("this resource needs credentials: HTTP Basic or an API token (Bearer)");
    if (authorization.length > 4096) throw unauthorized("the Authorization header is too long");
    const space = authorization.indexOf(" ");
    const scheme = authorization.slice(0, space).toLowerCase();
    const value = authorization.slice(space + 1).trim();
    if (space > 0 && scheme === "basic") return basic(value, address);
    if (space > 0 && (scheme === "bearer" || scheme === "token")) {
      const hash = tokenHash(value);
      const found = await tokens(hash, async () => {
        const live = await directory.findToken(hash, new Date().toISOString());
        return live ? { user: live.user, expires: live.token.expires } : null;
      });
      if (!found || (found.expires !== null && found.expires <= new Date().toISOString()))
        throw unauthorized("the API token is unknown, revoked or expired; ask an administrator for a new one");
      return principalFor(found.user, address);
    }
    throw unauthorized("unsupported Authorization scheme; use Basic, or Bearer (or Token) with an API token");
  };

  return {
    async authenticate(authorization, address) {
      const wait = limit.retryAfter(address);
      if (wait > 0) {
        throw new ServerError(
          "SERVER_TOO_MANY_REQUESTS",
          `too many failed sign-ins from ${address}; try again in ${wait} s with the right credentials`,
          { headers: { "Retry-After": String(wait) } },
        );
      }
      try {
        return await signIn(authorization, address);
      } catch (error) {
        // A request without credentials is how clients discover the scheme: not a guess.
        if (error instanceof ServerError && error.code === "SERVER_UNAUTHORIZED" && authorization)
          limit.failed(address);
        throw error;
      }
    },
  };
}
