/**
 * Runtime values of patterns beyond JSON's: binary (from h'..', b'..' and *_hex / *_bin
 * properties) and timestamps (from t'..' and RFC 3339 strings).
 */

/** Bytes, held as a string of code units 0-255 so equality and order are plain string operations. */
export class BinaryValue {
  readonly bytes: string;
  constructor(bytes: string) {
    this.bytes = bytes;
  }
}

/**
 * A UTC timestamp. `key` is a fixed-width form (nanosecond fraction) whose string order is time
 * order, so comparisons are exact; `ms` is milliseconds since the epoch for time arithmetic.
 */
export class TimestampValue {
  readonly key: string;
  readonly ms: number;
  constructor(key: string, ms: number) {
    this.key = key;
    this.ms = ms;
  }
}

const TIMESTAMP_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;
const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Parses an RFC 3339 UTC timestamp (upper-case T and Z, up to nanoseconds); null when invalid. */
export function parseTimestamp(text: string): TimestampValue | null {
  const m = TIMESTAMP_RE.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  if (month < 1 || month > 12 || day < 1 || day > (DAYS[month - 1] ?? 0)) return null;
  if (month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0))) return null;
  if (hour > 23 || minute > 59 || second > 60) return null;
  const fraction = (m[7] ?? "").padEnd(9, "0");
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, keeps years 0-99 as they are.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  const ms = date.getTime() + Number(fraction) / 1e6;
  return new TimestampValue(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${fraction}Z`, ms);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

/** Decodes standard base64 (with padding) into a byte string; null when not base64. */
export function decodeBase64(text: string): string | null {
  if (text.length % 4 !== 0) return null;
  let pad = 0;
  if (text.endsWith("==")) pad = 2;
  else if (text.endsWith("=")) pad = 1;
  const body = text.length - pad;
  let out = "";
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < body; i++) {
    const c = text.charCodeAt(i);
    const v = c < 128 ? (B64_INDEX[c] ?? -1) : -1;
    if (v < 0) return null;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += String.fromCharCode((acc >> bits) & 0xff);
    }
  }
  return out;
}

/** Decodes an even-length run of hex digits into a byte string; null when not hex. */
export function decodeHex(text: string): string | null {
  if (text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return null;
  let out = "";
  for (let i = 0; i < text.length; i += 2) out += String.fromCharCode(Number.parseInt(text.slice(i, i + 2), 16));
  return out;
}
