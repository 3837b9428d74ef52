import { createHash } from "node:crypto";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import {
  certificateSignIn,
  type PeerCertificateFacts,
  type Principal,
  principalFor,
  subjectText,
  tokenHash,
  verifyPassword,
} from "../access/index.js";
import { type CatalogMessage, fromCatalog } from "../errors/index.js";
import type { MessageKey, MessageVars } from "../i18n/index.js";
import type { Directory, User } from "../store/index.js";
import { ServerError } from "./errors.js";
import { createSignInLimit, type SignInLimit } from "./sign-in-limit.js";

/**
 * Who is calling: HTTP Basic (username and password, scrypt-verified) or an API token, looked up
 * by its SHA-256, sent as `Bearer` or as `Token` (the scheme of the OASIS taxii2-client's
 * TokenAuth, which OpenCTI's TAXII 2 connector uses). A verified password is remembered by a
 * hash of the credentials and the stored password hash, so repeated requests skip scrypt but a
 * changed password, a disabled user or a revoked token takes effect on the very next request.
 * Under mutual TLS, also the client certificate: access's certificateSignIn says whether it is
 * accepted and which username it names; the user is looked up here like a token's.
 */

/**
 * How long a token lookup is reused without asking the store. Changes made
 * through this process's directory drop the cache at once; changes from another process (the CLI)
 * take effect within this time.
 */
export const AUTH_CACHE_MS = 1000;

const CHALLENGE = { "WWW-Authenticate": 'Basic realm="centinela", Bearer realm="centinela"' };
const MAX_CACHE = 10_000;

function unauthorized(message: CatalogMessage): ServerError {
  return new ServerError("SERVER_UNAUTHORIZED", message, { headers: CHALLENGE });
}

/** Signs requests in against the directory. */
export interface Authenticator {
  /** The principal of an Authorization header sent from `address` (request.ip); throws SERVER_UNAUTHORIZED or SERVER_TOO_MANY_REQUESTS. */
  authenticate(authorization: string | undefined, address: string): Promise<Principal>;
  /**
   * The principal of a client certificate (its `attribute`, CN by default, is the username), or
   * SERVER_UNAUTHORIZED saying why it is refused (from the catalogs, so the error handler answers
   * in the request's language): none, not signed by the trusted CA, expired, no such attribute,
   * no such active user.
   */
  certificate(facts: PeerCertificateFacts, address: string, attribute?: string): Promise<Principal>;
}

/** What a request's socket says about the client's certificate (none on a plain or injected request). */
export function peerCertificateFacts(socket: Socket): PeerCertificateFacts {
  const tls = socket as Partial<TLSSocket>;
  const peer = typeof tls.getPeerCertificate === "function" ? tls.getPeerCertificate() : null;
  const presented = peer !== null && Object.keys(peer).length > 0;
  return {
    presented,
    authorized: presented && tls.authorized === true,
    authorizationError: tls.authorizationError ? String(tls.authorizationError) : null,
    subject: (presented && peer.subject) || {},
    validTo: presented ? peer.valid_to : null,
  };
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
  const certificateUsers = createCache<User | null>(directory);

  const basic = async (encoded: string, address: string): Promise<Principal> => {
    const text = Buffer.from(encoded, "base64").toString("utf8");
    const colon = text.indexOf(":");
    if (colon <= 0) throw unauthorized(fromCatalog("errors:signIn.malformedBasic"));
    const username = text.slice(0, colon);
    const password = text.slice(colon + 1);
    const user = await directory.findUser(username);
    if (!user?.active || !user.passwordHash || user.username !== username) {
      throw unauthorized(fromCatalog("errors:signIn.wrongPassword"));
    }
    const key = createHash("sha256")
      .update(`${user.id}\u0000${password}\u0000${user.passwordHash}`)
      .digest("base64url");
    if (!verified.has(key)) {
      if (!(await verifyPassword(password, user.passwordHash)))
        throw unauthorized(fromCatalog("errors:signIn.wrongPassword"));
      if (verified.size >= MAX_CACHE) verified.clear();
      verified.add(key);
    }
    const { passwordHash: _hidden, ...publicUser } = user;
    return principalFor(publicUser, address);
  };

  const signIn = async (authorization: string | undefined, address: string): Promise<Principal> => {
    if (!authorization) throw unauthorized(fromCatalog("errors:server.SERVER_UNAUTHORIZED"));
    if (authorization.length > 4096) throw unauthorized(fromCatalog("errors:signIn.headerTooLong"));
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
        throw unauthorized(fromCatalog("errors:signIn.tokenUnknown"));
      return principalFor(found.user, address);
    }
    throw unauthorized(fromCatalog("errors:signIn.unsupportedScheme"));
  };

  const byCertificate = async (
    facts: PeerCertificateFacts,
    address: string,
    attribute: string | undefined,
  ): Promise<Principal> => {
    const refuse = (key: MessageKey, vars?: MessageVars) => unauthorized(fromCatalog(key, vars));
    const subject = subjectText(facts.subject);
    const verdict = certificateSignIn(facts, attribute);
    const name = attribute ?? "CN";
    switch (verdict.kind) {
      case "missing":
        throw refuse("tls:serverCertRequired");
      case "untrusted":
        throw refuse("tls:serverCertUntrusted", { subject, reason: verdict.reason });
      case "expired":
        throw refuse("tls:serverCertExpired", { subject, date: verdict.validTo });
      case "no-subject":
        throw refuse("tls:serverCertNoSubject", { subject, attribute: name });
    }
    const username = verdict.username;
    const user = await certificateUsers(`${name}\u0000${username}`, async () => {
      const found = await directory.findUser(username);
      // By username only: a certificate naming a user's internal id does not sign in as that user.
      if (!found?.active || found.username !== username) return null;
      const { passwordHash: _hidden, ...publicUser } = found;
      return publicUser as User;
    });
    if (!user) throw refuse("tls:serverCertNoUser", { attribute: name, value: username });
    return principalFor(user, address);
  };

  /** Throws 429 while `address` is over its failed sign-ins; counts the failure `attempt` ends in. */
  const limited = async <T>(address: string, counts: boolean, attempt: () => Promise<T>): Promise<T> => {
    const wait = limit.retryAfter(address);
    if (wait > 0) {
      throw new ServerError(
        "SERVER_TOO_MANY_REQUESTS",
        fromCatalog("errors:signIn.tooManyFailed", { address, seconds: wait }),
        { headers: { "Retry-After": String(wait) } },
      );
    }
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof ServerError && error.code === "SERVER_UNAUTHORIZED" && counts) limit.failed(address);
      throw error;
    }
  };

  return {
    async authenticate(authorization, address) {
      // A request without credentials is how clients discover the scheme: not a guess.
      return limited(address, authorization !== undefined && authorization !== "", () =>
        signIn(authorization, address),
      );
    },
    async certificate(facts, address, attribute) {
      // A certificate the CA signed that names no user is a guess at a username; none sent is not.
      return limited(address, facts.presented, () => byCertificate(facts, address, attribute));
    },
  };
}
