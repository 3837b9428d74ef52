/**
 * Timestamps as the store keeps them: fixed-width UTC RFC 3339 with microseconds
 * (`2024-01-02T03:04:05.123456Z`), so that string order is time order in every database.
 */

// RFC 3339 `date-time`: any number of fraction digits, a `Z` or a numeric offset, `T`/`Z` in either case.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The fixed-width form `date_added` and `version_sort` use. */
export const STORE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Formats microseconds since the epoch as the store's fixed-width UTC timestamp. */
export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = micros - millis * 1000;
  return `${new Date(millis).toISOString().slice(0, 23)}${String(rest).padStart(3, "0")}Z`;
}

/**
 * An RFC 3339 timestamp in the store's fixed-width UTC form, or null when the text is not RFC 3339
 * or names no real date. Fractions beyond microseconds are cut (the store's precision); an offset
 * moves the date, hour and minute while the second stays as written, so a leap second (`:60`)
 * sorts the same way whatever offset it is written with.
 */
export function normalizeTimestamp(text: string): string | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = "", sign, oh, om] = m;
  const [year, month, day, hour, minute] = [Number(y), Number(mo), Number(d), Number(h), Number(mi)];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const maxDay = month === 2 && !leap ? 28 : (DAYS_IN_MONTH[month - 1] ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > maxDay || hour > 23 || minute > 59 || Number(s) > 60) return null;
  const micros = frac.padEnd(6, "0").slice(0, 6);
  if (sign === undefined) return `${y}-${mo}-${d}T${h}:${mi}:${s}.${micros}Z`;
  if (Number(oh) > 23 || Number(om) > 59) return null;
  const offsetMinutes = Number(oh) * 60 + Number(om);
  // setUTCFullYear takes years 0-99 as they are (Date.UTC would read them as 1900-1999).
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  utc.setUTCHours(hour, minute + (sign === "-" ? offsetMinutes : -offsetMinutes), 0, 0);
  const utcYear = utc.getUTCFullYear();
  if (utcYear < 0 || utcYear > 9999) return null;
  return `${utc.toISOString().slice(0, 16)}:${s}.${micros}Z`;
}

/** The sort key of a version key: its normalized form, or the text itself when it is not a timestamp (e.g. ""). */
export function versionSortKey(versionKey: string): string {
  return normalizeTimestamp(versionKey) ?? versionKey;
}

/** Microseconds since the epoch now, by the wall clock. */
export function nowMicros(): number {
  return Date.now() * 1000;
}
