import { maskV6, parseIpv6 } from "../warninglists/index.js";
import type { HitBuffer } from "./hits.js";

/**
 * Networks (CIDR blocks) to slots, looked up by address with the longest prefix first.
 * IPv4: one map per prefix length, and for each /16 of the address space a 32-bit mask of the
 * prefix lengths that have a network touching it, so an address in a /16 that no network
 * touches costs one array read — the common case in a log. IPv6: one map per prefix length.
 * A slot list per network keeps several indicators on one block.
 */

/** The slots of one network: one slot, or several. */
type Slots = number | number[];

/** Adds `slot` to the list at `key`. */
function addSlot<K>(map: Map<K, Slots>, key: K, slot: number): void {
  const have = map.get(key);
  if (have === undefined) map.set(key, slot);
  else if (typeof have === "number") {
    if (have !== slot) map.set(key, [have, slot]);
  } else if (!have.includes(slot)) have.push(slot);
}

/** Removes `slot` from the list at `key`; returns whether it was there. */
function removeSlot<K>(map: Map<K, Slots>, key: K, slot: number): boolean {
  const have = map.get(key);
  if (have === undefined) return false;
  if (typeof have === "number") {
    if (have !== slot) return false;
    map.delete(key);
    return true;
  }
  const i = have.indexOf(slot);
  if (i < 0) return false;
  have.splice(i, 1);
  if (have.length === 1) map.set(key, have[0]!);
  return true;
}

/** A table of IPv4 and IPv6 networks. */
export class CidrTable {
  /** Index p (1..32): network number → slots, for /p. Index 0 is /0. */
  private readonly v4 = new Array<Map<number, Slots> | undefined>(33);
  /** Per /16: bit (32 - p) set when some /p network (p ≥ 16) lies in it, or (p < 16) covers it. */
  private readonly masks = new Uint32Array(65536);
  private readonly v6 = new Map<number, Map<bigint, Slots>>();
  private v6Prefixes: number[] = [];
  /** How many networks are held. */
  size = 0;

  /** Adds an IPv4 network (`network` with host bits zero). */
  addV4(network: number, prefix: number, slot: number): void {
    let m = this.v4[prefix];
    if (m === undefined) {
      m = new Map();
      this.v4[prefix] = m;
    }
    const before = m.size;
    addSlot(m, network, slot);
    if (m.size > before) this.size++;
    if (prefix === 0) return;
    const bit = 1 << (32 - prefix);
    const first = Math.floor(network / 65536);
    const count = prefix >= 16 ? 1 : 2 ** (16 - prefix);
    for (let i = first; i < first + count; i++) this.masks[i]! |= bit;
  }

  /** Removes a slot from an IPv4 network (the /16 masks are left: a stale bit only costs a map read). */
  removeV4(network: number, prefix: number, slot: number): void {
    const m = this.v4[prefix];
    if (m !== undefined && removeSlot(m, network, slot) && !m.has(network)) this.size--;
  }

  /** Adds an IPv6 network. */
  addV6(network: bigint, prefix: number, slot: number): void {
    let m = this.v6.get(prefix);
    if (m === undefined) {
      m = new Map();
      this.v6.set(prefix, m);
      this.v6Prefixes = [...this.v6.keys()].sort((a, b) => b - a);
    }
    const before = m.size;
    addSlot(m, network, slot);
    if (m.size > before) this.size++;
  }

  /** Removes a slot from an IPv6 network. */
  removeV6(network: bigint, prefix: number, slot: number): void {
    const m = this.v6.get(prefix);
    if (m !== undefined && removeSlot(m, network, slot) && !m.has(network)) this.size--;
  }

  /** Adds to `hits` the slots of every network holding the IPv4 address, longest prefix first. */
  lookupV4(address: number, hits: HitBuffer): void {
    let mask = this.masks[address >>> 16]!;
    while (mask !== 0) {
      // Lowest bit first is the longest prefix: bit b stands for /(32 - b).
      const low = mask & -mask;
      mask ^= low;
      const prefix = 32 - (31 - Math.clz32(low));
      const size = 2 ** (32 - prefix);
      const hit = this.v4[prefix]?.get(address - (address % size));
      if (hit !== undefined) hits.add(hit);
    }
    const all = this.v4[0]?.get(0);
    if (all !== undefined) hits.add(all);
  }

  /** False when no IPv4 network held can contain the address (its /16's mask, and /0). */
  mayHoldV4(address: number): boolean {
    return this.masks[address >>> 16] !== 0 || (this.v4[0] !== undefined && this.v4[0].size > 0);
  }

  /** True when the table holds any IPv6 network. */
  get hasV6(): boolean {
    return this.v6Prefixes.length > 0;
  }

  /** Adds to `hits` the slots of every network holding the IPv6 address (text), longest prefix first. */
  lookupV6(text: string, hits: HitBuffer): void {
    if (this.v6Prefixes.length === 0) return;
    const address = parseIpv6(text);
    if (address === null) return;
    for (const p of this.v6Prefixes) {
      const hit = this.v6.get(p)!.get(maskV6(address, p));
      if (hit !== undefined) hits.add(hit);
    }
  }
}

export { addSlot, removeSlot, type Slots };
