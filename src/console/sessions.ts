import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyRequest } from "fastify";
import { type Principal, principalFor } from "../access/index.js";
import type { Actor, Directory, UserRecord } from "../store/index.js";
import { readCookie, SESSION_COOKIE } from "./cookie.js";
import { ConsoleError } from "./errors.js";

/**
 * Console sessions: a signed cookie, so every server process (`serve --workers N`) accepts the
 * sessions of the others without a shared table.
 *
 *   value = base64url(JSON { s: session id, u: user id, e: expiry (s), p: password fingerprint })
 *           "." base64url(HMAC-SHA256(key, payload))
 *
 * The key is made once and kept in the store's settings. Each request looks the user up again:
 * a disabled user or a changed password (the fingerprint is of the stored hash) ends the session
 * on the next request. Sign-out forgets the session id in this process at once and clears the
 * cookie in the browser; another process of `--workers N` still accepts a copied cookie until it
 * expires (at most SESSION_TTL_SECONDS).
 *
 * CSRF: the cookie is SameSite=Strict, and a request that changes something (any method but
 * GET, HEAD and OPTIONS) is accepted on the cookie only with an Origin header naming this server.
 */

/** The store setting that holds the key of session cookies. */
export const SESSION_KEY_SETTING = "console.session_key";

/** How long a session lasts after sign-in: a working day. */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const ACTOR: Actor = { userId: null, orgId: null, address: "serve" };
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

interface Payload {
  s: string;
  u: string;
  e: number;
  p: string;
}

/** A session just issued: the cookie value and when it ends. */
export interface IssuedSession {
  value: string;
  expires: Date;
}

/** Issues and checks console sessions. */
export interface Sessions {
  /** A new session for `user` (whose password was just verified). */
  issue(user: { id: string }): Promise<IssuedSession>;
  /** The principal of the request's session cookie, null without one; throws on a forged write. */
  principal(request: FastifyRequest): Promise<Principal | null>;
  /** Ends the session of this cookie value (no-op for an invalid one). */
  revoke(value: string): void;
}

function fingerprint(passwordHash: string | null): string {
  return createHash("sha256")
    .update(passwordHash ?? "")
    .digest("base64url")
    .slice(0, 16);
}

/** The origin the browser names when the page came from this server. */
function ownOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** Creates the sessions of a directory; the key is the store's (made on first use) unless given. */
export async function createSessions(directory: Directory, options: { key?: Buffer } = {}): Promise<Sessions> {
  const key =
    options.key ??
    Buffer.from(
      await directory.ensureSetting(ACTOR, SESSION_KEY_SETTING, randomBytes(32).toString("base64url")),
      "base64url",
    );
  // Session id → expiry (s): kept until the session would have ended anyway.
  const revoked = new Map<string, number>();
  const sign = (payload: string) => createHmac("sha256", key).update(payload).digest();

  const decode = (value: string): Payload | null => {
    const dot = value.indexOf(".");
    if (dot <= 0 || value.length > 1024) return null;
    const payload = value.slice(0, dot);
    const mac = Buffer.from(value.slice(dot + 1), "base64url");
    const expected = sign(payload);
    if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) return null;
    try {
      const p = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Payload;
      return typeof p.s === "string" && typeof p.u === "string" && typeof p.e === "number" ? p : null;
    } catch {
      return null;
    }
  };

  return {
    async issue(user) {
      const record = (await directory.findUser(user.id)) as UserRecord | null;
      const expires = new Date(Date.now() + SESSION_TTL_SECONDS * 1000);
      const payload: Payload = {
        s: randomBytes(16).toString("base64url"),
        u: user.id,
        e: Math.floor(expires.getTime() / 1000),
        p: fingerprint(record?.passwordHash ?? null),
      };
      const text = Buffer.from(JSON.stringify(payload)).toString("base64url");
      return { value: `${text}.${sign(text).toString("base64url")}`, expires };
    },

    async principal(request) {
      const value = readCookie(request.headers.cookie, SESSION_COOKIE);
      if (value === null) return null;
      const p = decode(value);
      if (!p || p.e * 1000 <= Date.now() || revoked.has(p.s)) return null;
      const record = await directory.findUser(p.u);
      if (!record?.active || fingerprint(record.passwordHash) !== p.p) return null;
      if (!SAFE_METHODS.has(request.method) && request.headers.origin !== ownOrigin(request)) {
        throw new ConsoleError(
          "CONSOLE_FORBIDDEN",
          `a change made with the console's session must come from the console itself (Origin ${ownOrigin(request)}); scripts sign in with HTTP Basic or an API token`,
        );
      }
      const { passwordHash: _hidden, ...user } = record;
      return principalFor(user, request.ip, "console");
    },

    revoke(value) {
      const p = decode(value);
      if (!p) return;
      const now = Date.now() / 1000;
      for (const [id, until] of revoked) if (until <= now) revoked.delete(id);
      revoked.set(p.s, p.e);
    },
  };
}
