import { t as msg } from "../../i18n/index.js";

/**
 * STIX timestamps (§2.16): `YYYY-MM-DDTHH:mm:ss[.s+]Z`, UTC, validated and compared by char
 * code without building Date objects or match arrays (validation runs on every import).
 */

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Why `s` is not a STIX timestamp, or null when it is one. */
export function timestampProblem(s: string): string | null {
  const n = s.length;
  if (n < 20) return msg("stix:timestamp.tooShort");
  if (s.charCodeAt(n - 1) !== 90 /* Z */) return msg("stix:timestamp.utc");
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return msg("stix:timestamp.shape");
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return msg("stix:timestamp.shape");
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  const second = digits(s, 17, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) return msg("stix:timestamp.digits");
  if (month < 1 || month > 12) return msg("stix:timestamp.month", { month });
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] as number);
  if (day < 1 || day > maxDay) return msg("stix:timestamp.day", { day, month: s.slice(0, 7) });
  if (hour > 23 || minute > 59 || second > 60) return msg("stix:timestamp.timeRange");
  if (n === 20) return null;
  if (s.charCodeAt(19) !== 46 /* . */ || n === 21) return msg("stix:timestamp.fraction");
  for (let i = 20; i < n - 1; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return msg("stix:timestamp.fractionDigits");
  }
  return null;
}

/** Number of sub-second digits of a valid timestamp (0 for `…:ssZ`). */
export function fractionDigits(s: string): number {
  return s.length === 20 ? 0 : s.length - 21;
}

/** Compares two valid timestamps: negative, zero or positive as `a` is before, equal or after `b`. */
export function compareTimestamps(a: string, b: string): number {
  for (let i = 0; i < 19; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  // Fractions: compare digit by digit, a missing digit counts as 0.
  const fa = a.length - 21;
  const fb = b.length - 21;
  const len = Math.max(fa, fb);
  for (let i = 0; i < len; i++) {
    const da = i < fa ? a.charCodeAt(20 + i) : 48;
    const db = i < fb ? b.charCodeAt(20 + i) : 48;
    if (da !== db) return da - db;
  }
  return 0;
}
