/**
 * Failed sign-ins per client address. Basic passwords are checked with scrypt (tens of
 * milliseconds of CPU each), so an address that keeps guessing both tries passwords and takes the
 * server's CPU; after `failures` failed attempts within `windowMs` it is answered 429 with
 * Retry-After, without looking at its credentials, until the window that started with its first
 * failure has passed. Successful sign-ins are not counted. Each server process keeps its own
 * counts (with `--workers N` an address gets up to N times the limit).
 *
 * The address is request.ip: the TCP peer, or behind a reverse proxy named in `--trust-proxy` the
 * client that proxy puts in X-Forwarded-For. Otherwise every client of a proxy would share one
 * count, and one guesser would lock all of them out; X-Forwarded-For from anyone else is ignored,
 * so a client cannot escape its count by naming another address.
 */

/** How many failed sign-ins an address may make, and in how long. */
export interface SignInLimitOptions {
  failures: number;
  windowMs: number;
}

/** The default: 30 failed sign-ins a minute per address. */
export const DEFAULT_SIGN_IN_LIMIT: SignInLimitOptions = { failures: 30, windowMs: 60_000 };

/** Addresses tracked at most; the oldest windows are forgotten first beyond this. */
const MAX_ADDRESSES = 10_000;

/** The limiter: ask before checking credentials, report each failure. */
export interface SignInLimit {
  /** Seconds the address must wait, or 0 when it may try now. */
  retryAfter(address: string, now?: number): number;
  /** Counts a failed sign-in of the address. */
  failed(address: string, now?: number): void;
}

interface Window {
  started: number;
  failures: number;
}

/** A limiter with the given limits (DEFAULT_SIGN_IN_LIMIT when none). */
export function createSignInLimit(options: SignInLimitOptions = DEFAULT_SIGN_IN_LIMIT): SignInLimit {
  const windows = new Map<string, Window>();
  const live = (address: string, now: number): Window | undefined => {
    const window = windows.get(address);
    if (window && now - window.started >= options.windowMs) {
      windows.delete(address);
      return undefined;
    }
    return window;
  };
  return {
    retryAfter(address, now = Date.now()) {
      const window = live(address, now);
      if (!window || window.failures < options.failures) return 0;
      return Math.max(1, Math.ceil((window.started + options.windowMs - now) / 1000));
    },
    failed(address, now = Date.now()) {
      const window = live(address, now);
      if (window) {
        window.failures++;
        return;
      }
      if (windows.size >= MAX_ADDRESSES) {
        // Maps iterate in insertion order: the first key holds the oldest window.
        const oldest = windows.keys().next().value;
        if (oldest !== undefined) windows.delete(oldest);
      }
      windows.set(address, { started: now, failures: 1 });
    },
  };
}
