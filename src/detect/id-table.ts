/**
 * Indicator ids to slots, in one open-addressing hash table over typed arrays: an indicator id is
 * `indicator--` and a UUID, kept as its 16 bytes, so ten million ids cost 160 MB of bytes and
 * 80 MB of table instead of ten million strings and map entries (about 1 GB).
 */

const EMPTY = 0;
const DELETED = -1;

/** The 16 bytes of `indicator--<uuid>`, or null when the id is not of that form. */
export function uuidBytesOf(id: string, out: Uint8Array, offset: number): boolean {
  // "indicator--" is 11 characters; the UUID is 36 with 4 dashes.
  if (id.length !== 47) return false;
  let j = offset;
  for (let i = 11; i < 47; i++) {
    const c = id.charCodeAt(i);
    if (c === 45) continue;
    const hi = hexValue(c);
    const lo = hexValue(id.charCodeAt(++i));
    if (hi < 0 || lo < 0) return false;
    out[j++] = hi * 16 + lo;
  }
  return j === offset + 16;
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/** `indicator--<uuid>` from 16 bytes at `offset`. */
export function idFromBytes(bytes: Uint8Array, offset: number): string {
  let s = "indicator--";
  for (let i = 0; i < 16; i++) {
    s += HEX[bytes[offset + i]!]!;
    if (i === 3 || i === 5 || i === 7 || i === 9) s += "-";
  }
  return s;
}

/** id → slot, where the caller holds the slots' UUID bytes (`bytes`, 16 per slot). */
export class IdTable {
  private table = new Int32Array(1024);
  private used = 0;
  private live = 0;

  constructor(private readonly bytesOf: () => Uint8Array) {}

  /** The number of ids held. */
  get size(): number {
    return this.live;
  }

  private hashAt(bytes: Uint8Array, o: number): number {
    // UUIDs v4 and v5 are random in these bytes; mixing keeps sequential test ids apart too.
    let h = (bytes[o + 12]! | (bytes[o + 13]! << 8) | (bytes[o + 14]! << 16) | (bytes[o + 15]! << 24)) ^ 0x9e3779b9;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) ^ (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16));
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return (h ^ (h >>> 16)) >>> 0;
  }

  private same(a: Uint8Array, ao: number, slot: number): boolean {
    const b = this.bytesOf();
    const bo = slot * 16;
    for (let i = 0; i < 16; i++) if (a[ao + i] !== b[bo + i]) return false;
    return true;
  }

  /** The slot of the id whose bytes are at `key[o..o+16]`, or -1. */
  find(key: Uint8Array, o: number): number {
    const t = this.table;
    const mask = t.length - 1;
    let i = this.hashAt(key, o) & mask;
    for (;;) {
      const v = t[i]!;
      if (v === EMPTY) return -1;
      if (v !== DELETED && this.same(key, o, v - 1)) return v - 1;
      i = (i + 1) & mask;
    }
  }

  /** Records `slot` (whose bytes the caller has written) under its id. */
  insert(slot: number): void {
    if ((this.used + 1) * 2 > this.table.length) this.grow();
    const bytes = this.bytesOf();
    const t = this.table;
    const mask = t.length - 1;
    let i = this.hashAt(bytes, slot * 16) & mask;
    while (t[i] !== EMPTY && t[i] !== DELETED) i = (i + 1) & mask;
    if (t[i] === EMPTY) this.used++;
    t[i] = slot + 1;
    this.live++;
  }

  /** Forgets `slot`. */
  delete(slot: number): void {
    const bytes = this.bytesOf();
    const t = this.table;
    const mask = t.length - 1;
    let i = this.hashAt(bytes, slot * 16) & mask;
    for (;;) {
      const v = t[i]!;
      if (v === EMPTY) return;
      if (v === slot + 1) {
        t[i] = DELETED;
        this.live--;
        return;
      }
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.table;
    // Tombstones are dropped on the way: a table that only churns does not grow for them.
    const size = this.live * 4 > old.length ? old.length * 2 : old.length;
    this.table = new Int32Array(size);
    this.used = 0;
    this.live = 0;
    for (const v of old) if (v > 0) this.insert(v - 1);
  }
}
