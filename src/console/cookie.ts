/**
 * The one cookie the console sets: read from a Cookie header, written as a Set-Cookie value.
 * Names and values here are ours (base64url and a dot), so no general cookie grammar is needed.
 */

/** Name of the session cookie. `__Host-` would demand Secure, which plain-HTTP installs lack. */
export const SESSION_COOKIE = "centinela_session";

/** The value of cookie `name` in a Cookie header, or null. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header || header.length > 16_384) return null;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Options of a Set-Cookie value. */
export interface CookieOptions {
  /** Seconds until the browser drops it; 0 removes it at once. */
  maxAge: number;
  /** Sent over TLS only (set when the request came over HTTPS). */
  secure: boolean;
}

/** A Set-Cookie value: HttpOnly (no script reads it), SameSite=Strict (no cross-site request carries it). */
export function sessionCookie(value: string, options: CookieOptions): string {
  const parts = [`${SESSION_COOKIE}=${value}`, "Path=/", `Max-Age=${options.maxAge}`, "HttpOnly", "SameSite=Strict"];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}
