/**
 * STIX timestamps as milliseconds since the epoch, for the index's validity and version checks:
 * three per indicator, so a million indicators parse three million of them. The form STIX
 * writes (`YYYY-MM-DDTHH:MM:SS[.fraction]Z`, RFC 3339 in UTC) is read by char codes; anything
 * else goes to Date.parse, which also has the last word on what the fast form means (fractions
 * past milliseconds are dropped, as Date.parse drops them).
 */

/** Digit value at `i`, or -1. */
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

function two(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Milliseconds of a STIX timestamp, or NaN when it is not a date Date.parse reads either. */
export function stixTimeMs(text: string): number {
  const n = text.length;
  // 2026-01-01T00:00:00Z is 20 characters; fractions add a dot and 1–9 digits.
  if (n >= 20 && n <= 30 && text.charCodeAt(n - 1) === 90) {
    const y = two(text, 0) * 100 + two(text, 2);
    const mo = two(text, 5);
    const d = two(text, 8);
    const h = two(text, 11);
    const mi = two(text, 14);
    const sec = two(text, 17);
    if (
      y >= 1000 &&
      text.charCodeAt(4) === 45 &&
      text.charCodeAt(7) === 45 &&
      text.charCodeAt(10) === 84 &&
      text.charCodeAt(13) === 58 &&
      text.charCodeAt(16) === 58 &&
      mo >= 1 &&
      mo <= 12 &&
      // Day 29–31 of a shorter month is Date.parse's to judge.
      d >= 1 &&
      d <= 28 &&
      h >= 0 &&
      h <= 23 &&
      mi >= 0 &&
      mi <= 59 &&
      sec >= 0 &&
      sec <= 59
    ) {
      let ms = 0;
      let ok = n === 20;
      if (!ok && text.charCodeAt(19) === 46 && n >= 22) {
        ok = true;
        for (let i = 20; i < n - 1; i++) {
          const v = digit(text, i);
          if (v < 0) {
            ok = false;
            break;
          }
          if (i < 23) ms += v * (i === 20 ? 100 : i === 21 ? 10 : 1);
        }
      }
      if (ok) return Date.UTC(y, mo - 1, d, h, mi, sec, ms);
    }
  }
  return Date.parse(text);
}
