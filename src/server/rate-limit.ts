/**
 * Request rate limits on TAXII (/taxii2) and the REST API (/api), one per signed-in principal and
 * one per client address, each a token bucket: a client may send a burst of `perMinute` requests,
 * then one more every 60/perMinute s; past that it is answered 429 with Retry-After (the seconds
 * until its next request would be accepted), in the format of the route it asked (a TAXII error
 * message, a problem document). The local CLI does not go through HTTP and is not limited.
 *
 * Why not @fastify/rate-limit: the two keys are known at two points of the host's one onRequest
 * hook — the address before sign-in (a flood is refused before any credential is checked), the
 * principal only after it — and that plugin computes one key in a hook of its own, once per
 * registration, placed before or after the host's by registration order. A bucket map here is
 * a few lines and sits exactly where each key is known.
 *
 * Like the sign-in limit, the address is request.ip (the client a `--trust-proxy` proxy names in
 * X-Forwarded-For, else the TCP peer), and each server process keeps its own buckets: with
 * `--workers N` a client gets up to N times the limit.
 */

/** Requests a minute per principal and per address; 0 turns that limit off. */
export interface RateLimitOptions {
  perPrincipal: number;
  perAddress: number;
}

/**
 * The defaults: 600 requests a minute per principal (a TAXII feed paging through 100,000 objects
 * at 1,000 a page stays well under it), 1,200 per address (several principals behind one NAT or
 * proxy share it).
 */
export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perPrincipal: 600, perAddress: 1200 };

/** Keys tracked at most per limit; the least recently seen are forgotten first beyond this. */
const MAX_KEYS = 10_000;

/** One limit: ask for a request of `key`. */
export interface RateBuckets {
  /** Takes one request from the key's bucket: 0 when it may go on, else the seconds to wait. */
  take(key: string, now?: number): number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/** Buckets of `perMinute` requests a minute each (perMinute > 0). */
export function createRateBuckets(perMinute: number): RateBuckets {
  const perMs = perMinute / 60_000;
  const buckets = new Map<string, Bucket>();
  return {
    take(key, now = Date.now()) {
      let bucket = buckets.get(key);
      if (bucket) {
        // Re-inserted on every use, so the map iterates from the least recently seen key.
        buckets.delete(key);
        bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
        bucket.at = now;
      } else {
        if (buckets.size >= MAX_KEYS) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        bucket = { tokens: perMinute, at: now };
      }
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000));
    },
  };
}

/**
 * A limit as `serve` takes it: `N` or `N/min` (requests a minute), or `N/s`; `0` or `off`
 * turns it off. Throws a message naming `option` when the text is none of these.
 */
export function parseRateLimit(text: string, option: string): number {
  const value = text.trim().toLowerCase();
  if (value === "off" || value === "0") return 0;
  const match = /^(\d{1,9})\s*(?:\/\s*(s|sec|second|m|min|minute))?$/.exec(value);
  const count = match ? Number(match[1]) : Number.NaN;
  if (!match || !(count > 0)) {
    throw new Error(
      `${option}: "${text.slice(0, 40)}" is not a rate; give requests a minute (600, 600/min), a second (10/s), or off`,
    );
  }
  const unit = match[2]?.[0] ?? "m";
  return unit === "s" ? count * 60 : count;
}

/** Whether `url` is under one of the rate-limited prefixes (a whole path segment: /taxii2 but not /taxii2x). */
export function underPrefix(url: string, prefixes: readonly string[]): boolean {
  for (const prefix of prefixes) {
    if (!url.startsWith(prefix)) continue;
    const next = url.charCodeAt(prefix.length);
    // End of the URL, "/" or "?".
    if (Number.isNaN(next) || next === 47 || next === 63) return true;
  }
  return false;
}
