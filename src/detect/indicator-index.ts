import { type CompiledPattern, PatternError } from "../pattern/index.js";
import { parseIpv4 } from "../warninglists/index.js";
import { addSlot, CidrTable, removeSlot, type Slots } from "./cidr-table.js";
import { HitBuffer } from "./hits.js";
import { IdTable, idFromBytes, uuidBytesOf } from "./id-table.js";
import { canonicalIpv6, normalizeDomain } from "./normalize.js";
import { FilterGroup, type FilterGroupCode, hashText, ValueFilter } from "./prefilter.js";
import { type IndexAtom, type IndexPlan, planPattern, type TableName } from "./shapes.js";
import { stixTimeMs } from "./stix-time.js";

/**
 * THE INDICATOR INDEX — the core of detection, written by hand for the per-event path.
 *
 * Every current STIX indicator is planned once (shapes.ts, on the pattern compiler's atoms) into
 * entries of lookup tables: one Map per kind of value (address, domain, URL, e-mail, hash,
 * certificate hash, user agent, JA3) from the normalized value to its slot(s), CIDR tables for
 * networks (longest prefix first), and a suffix table for `LIKE '%.name'` patterns, walked only at
 * label boundaries. A slot is one indicator: its UUID bytes, valid_from/valid_until and flags live
 * in typed arrays (struct of arrays), so a slot costs ~40 bytes beside its map entries; ids are
 * rebuilt as text only for an alert. Lookups fill a reused HitBuffer and allocate nothing when the
 * value is already normalized (as Zeek writes it). An indicator replaced or revoked is removed
 * from every table it was in and its slot reused, so reloading forever does not grow the index.
 */

/** The indicator properties the index reads. */
export interface IndicatorRecord {
  id: string;
  pattern?: unknown;
  pattern_type?: unknown;
  valid_from?: unknown;
  valid_until?: unknown;
  revoked?: unknown;
  modified?: unknown;
  /** true: values of this indicator are never suppressed by a warninglist (the per-indicator override). */
  x_centinela_ignore_warninglists?: unknown;
}

/** What became of one indicator given to `add`. */
export type AddOutcome = "exact" | "prefilter" | "closure" | "revoked" | "stale" | "not-stix" | "invalid" | "bad-id";

/** Slots whose id text idOf keeps. */
const ID_TEXT_CACHE = 65_536;

const F_LIVE = 1;
const F_OVERRIDE = 2;
const F_CONFIRM = 4;
/** Allowed in the store (`centinela indicator allow`): apart from F_OVERRIDE, which the object itself sets. */
const F_ALLOWED = 8;

/** atomTable value of a slot whose entries are in atomsOf (or that has none). */
const MANY = 255;

const TABLES: readonly TableName[] = [
  "ip",
  "ip-src",
  "ip-dst",
  "domain",
  "domain-suffix",
  "url",
  "email",
  "hash",
  "x509",
  "user-agent",
  "ja3",
];

/** The pre-filter's family of each table (0: not in the filter; URLs and user agents are always looked up). */
const FILTER_GROUP: Record<TableName, FilterGroupCode | 0> = {
  ip: FilterGroup.NAME,
  "ip-src": FilterGroup.NAME,
  "ip-dst": FilterGroup.NAME,
  domain: FilterGroup.NAME,
  "domain-suffix": FilterGroup.SUFFIX,
  url: 0,
  email: FilterGroup.EMAIL,
  hash: FilterGroup.HASH,
  x509: FilterGroup.X509,
  "user-agent": 0,
  ja3: FilterGroup.JA3,
};

/** Counts for the summary and the benchmark. */
export interface IndexStats {
  indicators: number;
  entries: number;
  networks: number;
  prefilter: number;
  closure: number;
  byTable: Record<string, number>;
}

/** The compiled index of indicators. */
export class IndicatorIndex {
  private capacity = 1024;
  private uuids = new Uint8Array(this.capacity * 16);
  private validFrom = new Float64Array(this.capacity);
  private validUntil = new Float64Array(this.capacity);
  private versionMs = new Float64Array(this.capacity);
  private flags = new Uint8Array(this.capacity);
  private next = 0;
  private readonly free: number[] = [];
  private readonly ids = new IdTable(() => this.uuids);
  private readonly scratch = new Uint8Array(16);
  private readonly tables = new Map<TableName, Map<string, Slots>>(TABLES.map((t) => [t, new Map()]));
  private readonly cidrs = { ip: new CidrTable(), "ip-src": new CidrTable(), "ip-dst": new CidrTable() };
  /** Prefilter slots: their compiled pattern confirms an atom's hit. */
  readonly confirm = new Map<number, CompiledPattern>();
  /** Patterns no table serves: the engine runs them on events of their object types. */
  readonly closures = new Map<number, CompiledPattern>();
  /** The lookup tables, read directly by the engine's per-field code. */
  readonly domain: Map<string, Slots>;
  private readonly suffix: Map<string, Slots>;
  private readonly ip: Map<string, Slots>;
  private readonly ipSrc: Map<string, Slots>;
  private readonly ipDst: Map<string, Slots>;
  /** Filled by every lookup. */
  readonly hits = new HitBuffer();
  /** Incremented by every add and remove, so a holder can tell the index changed. */
  version = 0;
  /** Indicator ids allowed past the warninglists in the store (setAllowed). */
  private allowed: ReadonlySet<string> = new Set();
  /**
   * The pre-filter (prefilter.ts), built from the tables on first use, then kept up by every add.
   * A removed value's bit stays (it only costs a lookup); once the removed outnumber half the
   * values, or the adds outgrow its size, it is dropped and built anew from the tables as they
   * are, so reloading forever neither grows it nor keeps an old one alive.
   */
  private valueFilter: ValueFilter | null = null;
  private filterRemoved = 0;

  constructor() {
    this.domain = this.tables.get("domain")!;
    this.suffix = this.tables.get("domain-suffix")!;
    this.ip = this.tables.get("ip")!;
    this.ipSrc = this.tables.get("ip-src")!;
    this.ipDst = this.tables.get("ip-dst")!;
  }

  /** Indexes an indicator (or the new version of one already held, replacing it). */
  add(indicator: IndicatorRecord): AddOutcome {
    if (!uuidBytesOf(indicator.id, this.scratch, 0)) return "bad-id";
    if (indicator.pattern_type !== undefined && indicator.pattern_type !== "stix") return "not-stix";
    if (typeof indicator.pattern !== "string") return "invalid";
    const existing = this.ids.find(this.scratch, 0);
    if (indicator.revoked === true) {
      if (existing >= 0) this.removeSlot(existing, indicator);
      return "revoked";
    }
    let plan: IndexPlan;
    try {
      plan = planPattern(indicator.pattern);
    } catch (error) {
      if (error instanceof PatternError) return "invalid";
      throw error;
    }
    // An older version read after a newer one (two loaders, a re-import) never replaces it.
    if (existing >= 0 && timeOf(indicator.modified, 0) < this.versionMs[existing]!) return "stale";
    if (existing >= 0) this.dropEntriesOfSlot(existing);
    const slot = existing >= 0 ? existing : this.allocate();
    this.validFrom[slot] = timeOf(indicator.valid_from, Number.NEGATIVE_INFINITY);
    this.validUntil[slot] = timeOf(indicator.valid_until, Number.POSITIVE_INFINITY);
    this.versionMs[slot] = timeOf(indicator.modified, 0);
    let f = F_LIVE;
    if (indicator.x_centinela_ignore_warninglists === true) f |= F_OVERRIDE;
    if (this.allowed.has(indicator.id)) f |= F_ALLOWED;
    if (plan.kind === "prefilter") f |= F_CONFIRM;
    this.flags[slot] = f;
    for (const atom of plan.atoms) {
      if (atom.network === undefined) atom.value = ownCopy(atom.value);
      this.put(atom, slot);
    }
    this.rememberAtoms(slot, plan.atoms);
    if (plan.kind === "prefilter") this.confirm.set(slot, plan.compiled!);
    if (plan.kind === "closure") this.closures.set(slot, plan.compiled!);
    this.version++;
    return plan.kind;
  }

  /**
   * The entries each slot was put under, so a replaced or revoked indicator leaves every table.
   * The usual slot has one plain entry: its table's number and a reference to the very key string
   * the table holds (9 bytes a slot); slots with several entries or a network keep their atoms.
   */
  private atomTable = new Uint8Array(this.capacity);
  private readonly atomValue: (string | null)[] = [];
  private readonly atomsOf = new Map<number, IndexAtom[]>();

  private rememberAtoms(slot: number, atoms: IndexAtom[]): void {
    const one = atoms.length === 1 ? atoms[0]! : null;
    if (one !== null && one.network === undefined) {
      this.atomTable[slot] = TABLES.indexOf(one.table);
      this.atomValue[slot] = one.value;
    } else {
      this.atomTable[slot] = MANY;
      this.atomValue[slot] = null;
      if (atoms.length > 0) this.atomsOf.set(slot, atoms);
    }
  }

  /** Removes the indicator with this id; returns whether it was held. */
  remove(id: string): boolean {
    if (!uuidBytesOf(id, this.scratch, 0)) return false;
    const slot = this.ids.find(this.scratch, 0);
    if (slot < 0) return false;
    this.removeSlot(slot, null);
    return true;
  }

  private removeSlot(slot: number, _why: IndicatorRecord | null): void {
    this.dropEntriesOfSlot(slot);
    this.idText.delete(slot);
    this.ids.delete(slot);
    this.flags[slot] = 0;
    this.free.push(slot);
    this.version++;
  }

  private dropEntriesOfSlot(slot: number): void {
    const f = this.valueFilter;
    if (f !== null && ++this.filterRemoved > f.entries / 2) this.valueFilter = null;
    const value = this.atomValue[slot];
    if (this.atomTable[slot] !== MANY && typeof value === "string")
      removeSlot(this.tables.get(TABLES[this.atomTable[slot]!]!)!, value, slot);
    else {
      const atoms = this.atomsOf.get(slot);
      if (atoms !== undefined) for (const a of atoms) this.unput(a, slot);
      this.atomsOf.delete(slot);
    }
    this.atomTable[slot] = MANY;
    this.atomValue[slot] = null;
    this.confirm.delete(slot);
    this.closures.delete(slot);
  }

  private allocate(): number {
    const reused = this.free.pop();
    const slot = reused ?? this.next++;
    if (slot >= this.capacity) this.grow();
    if (reused === undefined) this.atomValue.push(null);
    this.uuids.set(this.scratch, slot * 16);
    this.ids.insert(slot);
    return slot;
  }

  private grow(): void {
    // By half: ten million slots fit in 11.5M instead of 16.8M (~42 bytes each).
    const cap = Math.ceil(this.capacity * 1.5);
    const u = new Uint8Array(cap * 16);
    u.set(this.uuids);
    this.uuids = u;
    this.validFrom = growF64(this.validFrom, cap);
    this.validUntil = growF64(this.validUntil, cap);
    this.versionMs = growF64(this.versionMs, cap);
    const fl = new Uint8Array(cap);
    fl.set(this.flags);
    this.flags = fl;
    const at = new Uint8Array(cap);
    at.set(this.atomTable);
    this.atomTable = at;
    this.capacity = cap;
  }

  private put(atom: IndexAtom, slot: number): void {
    if (atom.network !== undefined) {
      const t = this.cidrs[atom.table as "ip"];
      if (atom.network.v6) t.addV6(atom.network.number as bigint, atom.network.prefix, slot);
      else t.addV4(atom.network.number as number, atom.network.prefix, slot);
      return;
    }
    addSlot(this.tables.get(atom.table)!, atom.value, slot);
    const f = this.valueFilter;
    const group = FILTER_GROUP[atom.table];
    if (f !== null && group !== 0) {
      f.add(group, hashText(atom.value));
      if (f.full) this.valueFilter = null;
    }
  }

  private unput(atom: IndexAtom, slot: number): void {
    if (atom.network !== undefined) {
      const t = this.cidrs[atom.table as "ip"];
      if (atom.network.v6) t.removeV6(atom.network.number as bigint, atom.network.prefix, slot);
      else t.removeV4(atom.network.number as number, atom.network.prefix, slot);
      return;
    }
    removeSlot(this.tables.get(atom.table)!, atom.value, slot);
  }

  // ---- the per-event side: each lookup resets `hits` and returns how many slots it found ----

  /** The pre-filter of the values held now (built here when there is none). */
  filter(): ValueFilter {
    return this.valueFilter ?? this.buildFilter();
  }

  private buildFilter(): ValueFilter {
    let values = 0;
    for (const [name, m] of this.tables) if (FILTER_GROUP[name] !== 0) values += m.size;
    const f = new ValueFilter(values);
    for (const [name, m] of this.tables) {
      const group = FILTER_GROUP[name];
      if (group !== 0) for (const key of m.keys()) f.add(group, hashText(key));
    }
    this.valueFilter = f;
    this.filterRemoved = 0;
    return f;
  }

  /** True when some `%.suffix` domain entry is held. */
  get hasSuffixes(): boolean {
    return this.suffix.size > 0;
  }

  /** True when networks are held that an address seen as `role` could fall in. */
  hasNetworks(role: 0 | 1 | 2): boolean {
    const byRole = role === 1 ? this.cidrs["ip-src"] : role === 2 ? this.cidrs["ip-dst"] : null;
    return this.cidrs.ip.size > 0 || (byRole !== null && byRole.size > 0);
  }

  /** False when no IPv4 network held for `role` can contain the address (one array read per table). */
  networksMayHoldV4(address: number, role: 0 | 1 | 2): boolean {
    const byRole = role === 1 ? this.cidrs["ip-src"] : role === 2 ? this.cidrs["ip-dst"] : null;
    return this.cidrs.ip.mayHoldV4(address) || byRole?.mayHoldV4(address) === true;
  }

  /** Slots of an exact value in one table (url, email, hash, x509, user-agent, ja3); the value must be normalized. */
  lookup(table: TableName, value: string): number {
    const h = this.hits;
    h.reset();
    const found = this.tables.get(table)!.get(value);
    if (found !== undefined) h.add(found);
    return h.count;
  }

  /** Slots of a domain name: exact entries, and `%.suffix` entries at each label boundary. */
  lookupDomain(value: string): number {
    const h = this.hits;
    h.reset();
    const v = normalizeDomain(value);
    const found = this.domain.get(v);
    if (found !== undefined) h.add(found);
    const suffix = this.suffix;
    if (suffix.size > 0) {
      for (let dot = v.indexOf("."); dot >= 0; dot = v.indexOf(".", dot + 1)) {
        const s = suffix.get(v.slice(dot + 1));
        if (s !== undefined) h.add(s);
      }
    }
    return h.count;
  }

  /** Slots of an address seen as `role` (0 either, 1 source, 2 destination): exact, then networks longest prefix first. */
  lookupIp(value: string, role: 0 | 1 | 2): number {
    const h = this.hits;
    h.reset();
    let v = value;
    const v6 = v.indexOf(":") >= 0;
    if (v6) {
      const c = canonicalIpv6(v);
      if (c === null) return 0;
      v = c;
    }
    const a = this.ip.get(v);
    if (a !== undefined) h.add(a);
    const roleTable = role === 1 ? this.ipSrc : role === 2 ? this.ipDst : null;
    if (roleTable !== null && roleTable.size > 0) {
      const r = roleTable.get(v);
      if (r !== undefined) h.add(r);
    }
    const any = this.cidrs.ip;
    const byRole = role === 1 ? this.cidrs["ip-src"] : role === 2 ? this.cidrs["ip-dst"] : null;
    if (any.size > 0 || (byRole !== null && byRole.size > 0)) {
      if (v6) {
        any.lookupV6(v, h);
        byRole?.lookupV6(v, h);
      } else {
        const n = parseIpv4(v);
        if (n >= 0) {
          any.lookupV4(n, h);
          byRole?.lookupV4(n, h);
        }
      }
    }
    return h.count;
  }

  /** True when the slot's indicator is valid at `ms` (valid_from ≤ ms < valid_until). */
  validAt(slot: number, ms: number): boolean {
    return (this.flags[slot]! & F_LIVE) !== 0 && this.validFrom[slot]! <= ms && ms < this.validUntil[slot]!;
  }

  /** True when the slot's indicator overrides warninglists (by its own property, or allowed in the store). */
  overridesWarninglists(slot: number): boolean {
    return (this.flags[slot]! & (F_OVERRIDE | F_ALLOWED)) !== 0;
  }

  /**
   * Sets which indicators are allowed past the warninglists by the store's per-indicator
   * override (those not named lose it), for the ones held now and those added later.
   */
  setAllowed(ids: ReadonlySet<string>): void {
    for (const id of new Set([...this.allowed, ...ids])) {
      if (!uuidBytesOf(id, this.scratch, 0)) continue;
      const slot = this.ids.find(this.scratch, 0);
      if (slot < 0) continue;
      this.flags[slot] = ids.has(id) ? this.flags[slot]! | F_ALLOWED : this.flags[slot]! & ~F_ALLOWED;
    }
    this.allowed = ids;
    this.version++;
  }

  /** The compiled pattern that must confirm a hit of this slot, or undefined. */
  confirmerOf(slot: number): CompiledPattern | undefined {
    return (this.flags[slot]! & F_CONFIRM) !== 0 ? this.confirm.get(slot) : undefined;
  }

  /** The indicator id of a slot. */
  idOf(slot: number): string {
    let id = this.idText.get(slot);
    if (id === undefined) {
      id = idFromBytes(this.uuids, slot * 16);
      if (this.idText.size < ID_TEXT_CACHE) this.idText.set(slot, id);
    }
    return id;
  }

  /**
   * Ids of slots that hit, as text: an indicator that hits once usually hits again, and each
   * alert would otherwise rebuild the id from its bytes. Bounded; a slot's entry leaves with it.
   */
  private readonly idText = new Map<number, string>();

  /** The `modified` (ms) of the version held for an id, or null when the id is not held. */
  versionOf(id: string): number | null {
    if (!uuidBytesOf(id, this.scratch, 0)) return null;
    const slot = this.ids.find(this.scratch, 0);
    return slot < 0 ? null : this.versionMs[slot]!;
  }

  /** Counts of what the index holds. */
  stats(): IndexStats {
    const byTable: Record<string, number> = {};
    let entries = 0;
    for (const [name, m] of this.tables) {
      byTable[name] = m.size;
      entries += m.size;
    }
    const networks = this.cidrs.ip.size + this.cidrs["ip-src"].size + this.cidrs["ip-dst"].size;
    byTable.networks = networks;
    return {
      indicators: this.ids.size,
      entries: entries + networks,
      networks,
      prefilter: this.confirm.size,
      closure: this.closures.size,
      byTable,
    };
  }
}

function growF64(a: Float64Array, cap: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(cap);
  b.set(a);
  return b;
}

/**
 * A string that holds only its own characters. A value cut out of the pattern text (the fast
 * path's slice, the parser's literal) is a view that keeps the whole pattern alive: ~110 bytes a
 * table key instead of ~50, 600 MB more at ten million indicators. JSON's round trip gives back
 * exactly the same characters (lone surrogates included) in a new flat string.
 */
function ownCopy(value: string): string {
  return JSON.parse(JSON.stringify(value)) as string;
}

/** A STIX timestamp as ms since the epoch, or `fallback` when absent or unreadable. */
function timeOf(v: unknown, fallback: number): number {
  if (typeof v !== "string") return fallback;
  // Feeds and imports give runs of indicators the same valid_from or modified.
  if (v === lastTime) return Number.isNaN(lastMs) ? fallback : lastMs;
  const ms = stixTimeMs(v);
  lastTime = v;
  lastMs = ms;
  return Number.isNaN(ms) ? fallback : ms;
}

let lastTime = "";
let lastMs = Number.NaN;
