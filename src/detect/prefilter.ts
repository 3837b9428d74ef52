/**
 * The index's pre-filter: one bit per hash of every exact value the index holds, so a log value
 * that matches nothing is told so from its characters in place — hashed with charCodeAt between
 * its bounds in the block, one bit read — without cutting a string out of the line or looking it
 * up in a table of a million entries (a main-memory miss each time). A set bit only means "maybe":
 * the value is then cut and looked up for real, so the filter can cost a lookup but never hide a
 * hit. The hash is a polynomial over the characters (mod 2^32), the form that gives the hash of
 * every suffix of a name from the hashes of its prefixes, so one pass over a name also tests the
 * `%.suffix` entries at each label boundary.
 */

/** Which family of tables a value hash belongs to: the same text in two families is two bits. */
export const FilterGroup = {
  /** Addresses (ip, ip-src, ip-dst) and exact domain names: an address field and a host field read both. */
  NAME: 1,
  SUFFIX: 2,
  EMAIL: 3,
  HASH: 4,
  X509: 5,
  JA3: 6,
} as const;

/** One of FilterGroup's values. */
export type FilterGroupCode = (typeof FilterGroup)[keyof typeof FilterGroup];

/** The polynomial's base (odd, so B^k is never 0 mod 2^32). */
export const HASH_BASE = 0x01000193;
/** Longest value whose suffixes are hashed (longer names take the full lookup). */
export const MAX_SUFFIX_TEXT = 1024;
/** HASH_BASE^k mod 2^32. */
export const HASH_POW = (() => {
  const p = new Int32Array(MAX_SUFFIX_TEXT + 1);
  p[0] = 1;
  for (let i = 1; i <= MAX_SUFFIX_TEXT; i++) p[i] = Math.imul(p[i - 1]!, HASH_BASE);
  return p;
})();

/** The hash of `text` as the index holds it (already normalized: no ASCII capitals to fold). */
export function hashText(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, HASH_BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/** Bits per value held: ~3% of misses take the full lookup. */
const BITS_PER_VALUE = 32;
const MIN_LOG2 = 16;
const MAX_LOG2 = 30;

/** A bit table of value hashes; built by the index, read by the engine. */
export class ValueFilter {
  readonly bits: Int32Array;
  /** 32 - log2(bits). */
  readonly shift: number;
  /** Values set so far, and how many it was sized for. */
  entries = 0;
  readonly capacity: number;

  /** A table sized for `values` values (and room to grow by adds). */
  constructor(values: number) {
    let log2 = MIN_LOG2;
    while (log2 < MAX_LOG2 && 2 ** log2 < values * 2 * BITS_PER_VALUE) log2++;
    this.bits = new Int32Array(2 ** (log2 - 5));
    this.shift = 32 - log2;
    this.capacity = Math.floor(2 ** log2 / BITS_PER_VALUE);
  }

  /** Sets the bit of a value's hash. */
  add(group: FilterGroupCode, h: number): void {
    const i = bitOf(group, h) >>> this.shift;
    this.bits[i >>> 5]! |= 1 << (i & 31);
    this.entries++;
  }

  /** False when no value of `group` has this hash: the value is surely not held. */
  has(group: FilterGroupCode, h: number): boolean {
    const i = bitOf(group, h) >>> this.shift;
    return (this.bits[i >>> 5]! & (1 << (i & 31))) !== 0;
  }

  /** True when the table holds more values than it was sized for (the index then builds a larger one). */
  get full(): boolean {
    return this.entries > this.capacity;
  }
}

/** The group and the hash mixed (murmur3's finalizer): the polynomial's low bits are weak, its whole is not. */
function bitOf(group: number, h: number): number {
  let x = h ^ Math.imul(group, 0x9e3779b9);
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}
