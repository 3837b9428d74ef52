/**
 * IPv4 and IPv6 addresses and CIDR blocks for ISSUBSET / ISSUPERSET. A block is held as its
 * address split into 32-bit words plus a prefix length, so containment is a few integer masks.
 */

/** An address or block: `words` are big-endian 32-bit words (1 for IPv4, 4 for IPv6). */
export interface IpBlock {
  v6: boolean;
  words: Uint32Array;
  prefix: number;
}

function parseV4(text: string): Uint32Array | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return null;
    if (p.length > 1 && p[0] === "0") return null;
    const n = Number(p);
    if (n > 255) return null;
    value = value * 256 + n;
  }
  return Uint32Array.of(value);
}

function parseV6(text: string): Uint32Array | null {
  let head = text;
  const groups: number[] = [];
  // An embedded dotted IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const lastColon = head.lastIndexOf(":");
  if (head.indexOf(".", lastColon) >= 0) {
    const v4 = parseV4(head.slice(lastColon + 1));
    if (v4 === null) return null;
    head = `${head.slice(0, lastColon + 1)}${((v4[0] ?? 0) >>> 16).toString(16)}:${((v4[0] ?? 0) & 0xffff).toString(16)}`;
  }
  const halves = head.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string): number[] | null => {
    if (s === "") return [];
    const out: number[] = [];
    for (const g of s.split(":")) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
      out.push(Number.parseInt(g, 16));
    }
    return out;
  };
  const left = parse(halves[0] ?? "");
  const right = halves.length === 2 ? parse(halves[1] ?? "") : [];
  if (left === null || right === null) return null;
  if (halves.length === 2) {
    const fill = 8 - left.length - right.length;
    if (fill < 1) return null;
    groups.push(...left, ...new Array<number>(fill).fill(0), ...right);
  } else {
    if (left.length !== 8) return null;
    groups.push(...left);
  }
  const words = new Uint32Array(4);
  for (let i = 0; i < 4; i++) words[i] = (((groups[2 * i] ?? 0) << 16) | (groups[2 * i + 1] ?? 0)) >>> 0;
  return words;
}

/**
 * Parses `addr` or `addr/prefix` (IPv4 or IPv6); null when it is neither. Where we depart from
 * the reference matcher (cti-pattern-matcher): it handles IPv4 only and refuses a /0 prefix;
 * STIX 2.1 §9.4 defines ISSUBSET/ISSUPERSET for "IPv4 or IPv6 CIDR" values and /0 is a valid
 * CIDR block, so we accept both. Leading zeros in IPv4 octets are refused (ambiguous: octal?).
 */
export function parseIpBlock(text: string): IpBlock | null {
  const slash = text.indexOf("/");
  const addr = slash < 0 ? text : text.slice(0, slash);
  const v6 = addr.includes(":");
  const words = v6 ? parseV6(addr) : parseV4(addr);
  if (words === null) return null;
  const max = v6 ? 128 : 32;
  let prefix = max;
  if (slash >= 0) {
    const p = text.slice(slash + 1);
    if (!/^\d{1,3}$/.test(p)) return null;
    prefix = Number(p);
    if (prefix > max) return null;
  }
  return { v6, words, prefix };
}

/** True when block `inner` lies inside block `outer` (same family; an address is a /32 or /128). */
export function blockWithin(inner: IpBlock, outer: IpBlock): boolean {
  if (inner.v6 !== outer.v6 || inner.prefix < outer.prefix) return false;
  let bits = outer.prefix;
  for (let i = 0; i < outer.words.length && bits > 0; i++) {
    const take = Math.min(bits, 32);
    const mask = take === 32 ? 0xffffffff : ~(0xffffffff >>> take) >>> 0;
    if (((inner.words[i] ?? 0) & mask) >>> 0 !== ((outer.words[i] ?? 0) & mask) >>> 0) return false;
    bits -= take;
  }
  return true;
}

/** The canonical text of a block's network (host bits cleared): "10.0.0.0/8", "2001:db8:0:0:0:0:0:0/32". */
export function canonicalBlock(block: IpBlock): string {
  const words = Uint32Array.from(block.words);
  let bits = block.prefix;
  for (let i = 0; i < words.length; i++) {
    const take = bits >= 32 ? 32 : Math.max(bits, 0);
    const mask = take === 32 ? 0xffffffff : take === 0 ? 0 : ~(0xffffffff >>> take) >>> 0;
    words[i] = ((words[i] ?? 0) & mask) >>> 0;
    bits -= take;
  }
  if (!block.v6) {
    const w = words[0] ?? 0;
    return `${w >>> 24}.${(w >>> 16) & 255}.${(w >>> 8) & 255}.${w & 255}/${block.prefix}`;
  }
  const groups: string[] = [];
  for (const w of words) groups.push((w >>> 16).toString(16), (w & 0xffff).toString(16));
  return `${groups.join(":")}/${block.prefix}`;
}
