/**
 * IP addresses as numbers, for CIDR lists: IPv4 as an unsigned 32-bit number, IPv6 as a 128-bit
 * bigint. Only the forms a list or a log writes (dotted quad, RFC 4291 text, an optional
 * embedded IPv4 tail) are accepted; anything else is null.
 */

/** Parses a dotted-quad IPv4 address into an unsigned 32-bit number, or -1 when it is not one. */
export function parseIpv4(text: string, start = 0, end = text.length): number {
  let value = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || dots === 3) return -1;
      value = value * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      // A leading zero ("010") is refused: some parsers read it as octal.
      if (digits > 0 && part === 0) return -1;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return -1;
    } else return -1;
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + part;
}

/** Parses an IPv6 address (with `::` and an embedded IPv4 tail; a `%zone` is dropped) into a bigint, or null. */
export function parseIpv6(input: string): bigint | null {
  let text = input;
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  if (text.length < 2 || text.length > 45 || text.indexOf(":") < 0) return null;
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    const groups = part.split(":");
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (i === groups.length - 1 && g.includes(".")) {
        const v4 = parseIpv4(g);
        if (v4 < 0) return null;
        out.push(Math.floor(v4 / 65536), v4 % 65536);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return null;
        out.push(Number.parseInt(g, 16));
      }
    }
    return out;
  };
  const head = parse(halves[0]!);
  const tail = halves.length === 2 ? parse(halves[1]!) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let value = 0n;
  for (const g of groups) value = (value << 16n) | BigInt(g);
  return value;
}

/** A network: family, prefix length and the network number (host bits zero). */
export interface IpNetwork {
  v6: boolean;
  prefix: number;
  network: number | bigint;
}

/** Parses "10.0.0.0/8", "2001:db8::/32" or a bare address (a /32 or /128) into a network, or null. */
export function parseNetwork(text: string): IpNetwork | null {
  const slash = text.indexOf("/");
  const address = (slash < 0 ? text : text.slice(0, slash)).trim();
  const prefixText = slash < 0 ? null : text.slice(slash + 1).trim();
  if (prefixText !== null && !/^\d{1,3}$/.test(prefixText)) return null;
  const v4 = parseIpv4(address);
  if (v4 >= 0) {
    const prefix = prefixText === null ? 32 : Number(prefixText);
    if (prefix > 32) return null;
    return { v6: false, prefix, network: maskV4(v4, prefix) };
  }
  const v6 = parseIpv6(address);
  if (v6 === null) return null;
  const prefix = prefixText === null ? 128 : Number(prefixText);
  if (prefix > 128) return null;
  return { v6: true, prefix, network: maskV6(v6, prefix) };
}

/** The network number of `address` under `prefix` bits (IPv4). */
export function maskV4(address: number, prefix: number): number {
  if (prefix === 0) return 0;
  const size = 2 ** (32 - prefix);
  return address - (address % size);
}

/** The network number of `address` under `prefix` bits (IPv6). */
export function maskV6(address: bigint, prefix: number): bigint {
  const hostBits = BigInt(128 - prefix);
  return (address >> hostBits) << hostBits;
}
