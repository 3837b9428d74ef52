/**
 * Timestamps as the store keeps them: fixed-width UTC RFC 3339 with microseconds
 * (`2024-01-02T03:04:05.123456Z`), so that string order is time order in every database.
 */

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

/** The fixed-width form `date_added` and `version_sort` use. */
export const STORE_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** Formats microseconds since the epoch as the store's fixed-width UTC timestamp. */
export function formatMicros(micros: number): string {
  const millis = Math.floor(micros / 1000);
  const rest = micros - millis * 1000;
  return `${new Date(millis).toISOString().slice(0, 23)}${String(rest).padStart(3, "0")}Z`;
}

/**
 * An RFC 3339 timestamp in the store's fixed-width UTC form (fractions beyond microseconds are
 * cut, offsets are applied), or null when the text is not RFC 3339.
 */
export function normalizeTimestamp(text: string): string | null {
  const m = RFC3339.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = "", zone = "Z"] = m;
  const micros = frac.padEnd(6, "0").slice(0, 6);
  if (zone === "Z" || zone === "z") {
    if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31 || Number(h) > 23) return null;
    if (Number(mi) > 59 || Number(s) > 60) return null;
    return `${y}-${mo}-${d}T${h}:${mi}:${s}.${micros}Z`;
  }
  const sign = zone.startsWith("-") ? 1 : -1;
  const offsetMinutes = Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6));
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(base)) return null;
  const utc = new Date(base + sign * offsetMinutes * 60_000).toISOString();
  return `${utc.slice(0, 19)}.${micros}Z`;
}

/** The sort key of a version key: its normalized form, or the text itself when it is not a timestamp (e.g. ""). */
export function versionSortKey(versionKey: string): string {
  return normalizeTimestamp(versionKey) ?? versionKey;
}

/** Microseconds since the epoch now, by the wall clock. */
export function nowMicros(): number {
  return Date.now() * 1000;
}
