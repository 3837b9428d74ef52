/**
 * Finding a JSON key in a block of lines without parsing it, for json-scan.ts.
 */

const QUOTE = 34;

/**
 * How a key is searched for. V8's indexOf runs to each occurrence of the needle's first character
 * and compares from there, so a needle that starts with a common letter stops many times a line;
 * the probe is the needle from its rarest character (in the log's first block) on, and a match is
 * confirmed by the characters before it and the key's opening quote.
 */
export interface KeyProbe {
  /** The whole needle, e.g. `query":`. */
  needle: string;
  /** The needle from `offset` on. */
  probe: string;
  offset: number;
}

export function probeOf(needle: string, sample: string): KeyProbe {
  const counts = new Uint32Array(128);
  const n = Math.min(sample.length, 65536);
  for (let i = 0; i < n; i++) {
    const c = sample.charCodeAt(i);
    if (c < 128) counts[c]!++;
  }
  // Keep at least the name's last character and `":` in the probe.
  let offset = 0;
  for (let i = 1; i <= needle.length - 3; i++) {
    const c = needle.charCodeAt(i);
    if (c < 128 && counts[c]! < counts[needle.charCodeAt(offset)]!) offset = i;
  }
  return { needle, probe: needle.slice(offset), offset };
}

/** The next whole key (`name":` after a quote) at or after `from`, or -1. */
export function keyAt(text: string, key: KeyProbe, from: number): number {
  const { needle, probe, offset } = key;
  for (let q = text.indexOf(probe, from + offset); q >= 0; q = text.indexOf(probe, q + 1)) {
    const p = q - offset;
    // A key that merely ends with the name is another key.
    if (p < 1 || text.charCodeAt(p - 1) !== QUOTE) continue;
    let same = true;
    for (let i = 0; i < offset; i++)
      if (text.charCodeAt(p + i) !== needle.charCodeAt(i)) {
        same = false;
        break;
      }
    if (same) return p;
  }
  return -1;
}

/** The next whole key in `text` from `from` up to (not including) `to`, or -1. */
export function keyBetween(text: string, key: KeyProbe, from: number, to: number): number {
  if (to - from < key.needle.length) return -1;
  const p = keyAt(text.slice(from, to), key, 0);
  return p < 0 ? -1 : from + p;
}
