import { IncidentError } from "./errors.js";

/**
 * Wall-clock arithmetic in IANA time zones, on the runtime's own zone data (Intl). Durations in
 * hours are elapsed time and ignore the zone; calendar steps (a month) keep the local wall time,
 * so they move by an hour in UTC across a daylight-saving change. Mexico City has kept UTC-6 all
 * year since October 2022; European zones change in March and October.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True when `timeZone` is an IANA zone name the runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Throws INCIDENT_BAD_TIMEZONE unless `timeZone` is known; returns it. */
export function checkTimeZone(timeZone: string): string {
  if (!isTimeZone(timeZone)) throw new IncidentError("INCIDENT_BAD_TIMEZONE", { value: timeZone });
  return timeZone;
}

/** Local calendar fields of an instant in a zone (month 1-12). */
export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The local wall-clock fields of `utcMs` in `timeZone`. */
export function localParts(utcMs: number, timeZone: string): LocalParts {
  const out: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(utcMs))) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return {
    year: out.year as number,
    month: out.month as number,
    day: out.day as number,
    hour: out.hour as number,
    minute: out.minute as number,
    second: out.second as number,
  };
}

/** The zone's offset from UTC at `utcMs`, in minutes (Mexico City: -360; Madrid in summer: 120). */
export function offsetMinutes(utcMs: number, timeZone: string): number {
  const p = localParts(utcMs, timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(utcMs / 1000) * 1000) / 60_000);
}

/**
 * The instant at which the wall clock of `timeZone` reads `parts` (plus `ms`). A wall time skipped
 * by a spring-forward change is read as the same time under the offset before the change (so
 * 02:30 on a 02:00→03:00 night is 03:30); a repeated one (autumn) is its first occurrence.
 */
export function zonedToUtc(parts: LocalParts, timeZone: string, ms = 0): number {
  const wall = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second, ms);
  const before = offsetMinutes(wall - 36 * 3_600_000, timeZone);
  const after = offsetMinutes(wall + 36 * 3_600_000, timeZone);
  // Try the earlier offset first so an ambiguous time takes its first occurrence.
  for (const off of before >= after ? [before, after] : [after, before]) {
    const t = wall - off * 60_000;
    if (offsetMinutes(t, timeZone) === off) return t;
  }
  return wall - before * 60_000;
}

/** `utcMs` moved by `months` calendar months at the same local wall time (31 Jan + 1 → 28/29 Feb). */
export function addCalendarMonths(utcMs: number, months: number, timeZone: string): number {
  const p = localParts(utcMs, timeZone);
  const index = p.year * 12 + (p.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return zonedToUtc({ ...p, year, month, day: Math.min(p.day, lastDay) }, timeZone, utcMs % 1000);
}

const pad = (n: number, w = 2) => String(Math.abs(n)).padStart(w, "0");

/** RFC 3339 local time with its offset, to the minute: 2026-03-29T10:00-06:00 style (with seconds). */
export function formatLocal(utcMs: number, timeZone: string): string {
  const p = localParts(utcMs, timeZone);
  const off = offsetMinutes(utcMs, timeZone);
  const sign = off < 0 ? "-" : "+";
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}${sign}${pad(Math.trunc(off / 60))}:${pad(off % 60)}`;
}

/** STIX timestamp (UTC, milliseconds) of an instant. */
export function stixTime(utcMs: number): string {
  return new Date(utcMs).toISOString();
}

const WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;

/**
 * Reads a time as people write it: RFC 3339 with `Z` or an offset, or a local date and time
 * (`2026-03-14 09:30`) on the wall clock of `timeZone`. Returns milliseconds since the epoch;
 * throws INCIDENT_BAD_TIME naming `field` for anything else, including impossible dates.
 */
export function parseTime(text: string, timeZone: string, field: string): number {
  const value = text.trim();
  const z = WITH_ZONE.exec(value);
  const m = z ?? LOCAL.exec(value);
  if (!m) throw new IncidentError("INCIDENT_BAD_TIME", { field, value: text });
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const ms = Number(((m[7] ?? "") + "000").slice(0, 3));
  const probe = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    probe.getUTCFullYear() !== year ||
    probe.getUTCMonth() !== month - 1 ||
    probe.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  )
    throw new IncidentError("INCIDENT_BAD_TIME", { field, value: text });
  if (z) {
    const zone = (z[8] as string).toUpperCase();
    const off =
      zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    return probe.getTime() + ms - off * 60_000;
  }
  return zonedToUtc({ year, month, day, hour, minute, second }, timeZone, ms);
}
