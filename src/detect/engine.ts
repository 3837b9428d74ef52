import { hash } from "node:crypto";
import type { WarninglistMatcher, WarninglistValueKind } from "../warninglists/index.js";
import { parseIpv4 } from "../warninglists/index.js";
import { FieldKind, type FieldKindCode, type Role } from "./fields.js";
import type { IndicatorIndex } from "./indicator-index.js";
import { normalizeEmail, normalizeHash, normalizeUrl } from "./normalize.js";
import { confirmEvent } from "./observation.js";
import { FilterGroup, type FilterGroupCode, HASH_BASE, HASH_POW, MAX_SUFFIX_TEXT } from "./prefilter.js";

/**
 * The engine between the log readers and the index. A reader calls `value` for every field
 * value of an event and `endEvent` after it; the engine looks each value up, keeps the slots
 * that hit, and only then — for the few events that hit — reads the event's time, checks each
 * indicator's validity at that time, asks the warninglists, confirms prefilter patterns, and
 * emits one alert per (event, indicator). Nothing is allocated for an event that hits nothing.
 */

/** One match, as written to --alerts (JSON lines). */
export interface Alert {
  kind: "indicator";
  indicator_id: string;
  value: string;
  /** The log field that matched (`query`, `id.resp_h`, `server_name`…). */
  field: string;
  /** The log: `zeek:dns`, `suricata:alert`, `jsonl:proxy`… */
  log: string;
  file: string;
  line: number;
  /** The event's own time, ISO 8601 (null when the line has none). */
  ts: string | null;
  src: string | null;
  dst: string | null;
  /** The event's identity: SHA-256 of its log and line text (first 32 hex digits); the same line is the same event. */
  event: string;
}

/** What a reader tells the engine about the event it just finished, read only when a value hit. */
export interface EventContext {
  file: string;
  /** Line number in the file. */
  line: number;
  /** The log's name (`zeek:dns`). */
  log(): string;
  /** The line's text. */
  text(): string;
  /** The event's time in ms since the epoch, or NaN. */
  time(): number;
}

/** A bad line: where and why. */
export interface BadLine {
  file: string;
  line: number;
  reason: string;
}

/** Running counts, for progress and the summary. */
export interface EngineCounts {
  events: number;
  alerts: number;
  suppressed: number;
  suppressedByList: Map<string, number>;
  /** Hits of indicators not valid at the event's time (expired, or not yet valid). */
  outsideValidity: number;
  /** Hits of prefilter patterns that their full pattern did not confirm. */
  unconfirmed: number;
  byIndicator: Map<string, { count: number; value: string }>;
  badLines: number;
  /** The first bad lines in full (up to 1,000); the rest only counted. */
  badSamples: BadLine[];
}

/** How the engine is set up. */
export interface EngineOptions {
  index: IndicatorIndex;
  warninglists?: WarninglistMatcher | null;
  onAlert?: (alert: Alert) => void;
}

const WL_KIND: Record<FieldKindCode, WarninglistValueKind> = {
  [FieldKind.IP]: "ip",
  [FieldKind.HOST]: "domain",
  [FieldKind.URL]: "url",
  [FieldKind.URL_PATH]: "url",
  [FieldKind.EMAIL]: "email",
  [FieldKind.HASH]: "hash",
  [FieldKind.X509]: "hash",
  [FieldKind.USER_AGENT]: "user-agent",
  [FieldKind.JA3]: "ja3",
};

const MAX_BAD_SAMPLES = 1000;

// Module-local copies of imported constants, for the per-value path: an imported binding is a
// module-cell load on every read, which the optimizer does not always fold to its value.
const {
  IP: K_IP,
  HOST: K_HOST,
  URL: K_URL,
  URL_PATH: K_URL_PATH,
  EMAIL: K_EMAIL,
  HASH: K_HASH,
  X509: K_X509,
  USER_AGENT: K_USER_AGENT,
  JA3: K_JA3,
} = FieldKind;
const { NAME: G_NAME, SUFFIX: G_SUFFIX } = FilterGroup;
/** The pre-filter's family of the values of a field kind with one exact table. */
const KIND_GROUP: FilterGroupCode[] = [];
KIND_GROUP[FieldKind.EMAIL] = FilterGroup.EMAIL;
KIND_GROUP[FieldKind.HASH] = FilterGroup.HASH;
KIND_GROUP[FieldKind.X509] = FilterGroup.X509;
KIND_GROUP[FieldKind.JA3] = FilterGroup.JA3;
const BASE = HASH_BASE;
const POW = HASH_POW;
const MAX_SUFFIX = MAX_SUFFIX_TEXT;

/** What valueAt found. */
export const ValueAt = {
  /** Surely no indicator: told by the pre-filter without a string. */
  MISS: 0,
  /** Looked up for real (the pre-filter said maybe): nothing. The string is in lastValue. */
  LOOKED_UP_MISS: 1,
  /** Looked up for real: a hit. */
  HIT: 2,
  /** The text holds an escape: the reader must decode it and call value. */
  ESCAPED: 3,
} as const;

/** Dots of a name whose suffixes are tested in place (a name with more takes the full lookup). */
const MAX_DOTS = 32;

/** Kinds (9) × roles (3). */
const MISS_SETS = 27;
/** Entries a miss set holds before it is emptied (a few hundred KiB of short strings at most). */
const MISS_SET_SIZE = 4096;

/** Creates empty counts. */
export function emptyCounts(): EngineCounts {
  return {
    events: 0,
    alerts: 0,
    suppressed: 0,
    suppressedByList: new Map(),
    outsideValidity: 0,
    unconfirmed: 0,
    byIndicator: new Map(),
    badLines: 0,
    badSamples: [],
  };
}

/** The matching engine; one per scan (or per worker). */
export class Engine {
  index: IndicatorIndex;
  readonly counts = emptyCounts();
  private readonly warninglists: WarninglistMatcher | null;
  private readonly onAlert: (alert: Alert) => void;
  private pending = 0;
  private pendSlot = new Int32Array(16);
  private pendField: string[] = [];
  private pendValue: string[] = [];
  private pendKind: FieldKindCode[] = [];
  /**
   * The event's source and destination address and its last host, as strings once known, or as
   * bounds in the reader's text (valueAt's misses), cut out only if an alert or a URL needs them.
   */
  private src: string | null = null;
  private dst: string | null = null;
  private lastHost = "";
  private srcText = "";
  private srcFrom = -1;
  private srcTo = 0;
  private dstText = "";
  private dstFrom = -1;
  private dstTo = 0;
  private hostText = "";
  private hostFrom = -1;
  private hostTo = 0;
  /** The prefix hashes after each dot of the value valueAt is reading, and where they end. */
  private readonly dotHash = new Int32Array(MAX_DOTS);
  private readonly dotEnd = new Int32Array(MAX_DOTS);
  /** The string valueAt cut out and looked up (LOOKED_UP_MISS, HIT). */
  lastValue = "";
  private readonly wlCache = new Map<string, string | null>();
  /**
   * Values of the last few thousand lookups that found nothing, per field kind and role. Logs
   * repeat themselves (the resolver's address on every DNS line, the same clients, the same
   * names), and a lookup in a table of a million entries is a cache miss in main memory each
   * time, where this small set stays in the processor's cache. Emptied when the index changes
   * or when it fills; it holds no hits, so it cannot hide an alert.
   */
  private readonly misses: Set<string>[] = Array.from({ length: MISS_SETS }, () => new Set<string>());
  private missIndex: IndicatorIndex | null = null;
  private missVersion = -1;

  constructor(options: EngineOptions) {
    this.index = options.index;
    this.warninglists = options.warninglists ?? null;
    this.onAlert = options.onAlert ?? (() => {});
  }

  /**
   * One value of a field of the current event. Returns false when the value matches no indicator
   * (so a reader may skip the same value at the same field while missEpoch() stays the same).
   */
  value(kind: FieldKindCode, role: Role, field: string, value: string): boolean {
    const index = this.index;
    // What the event's other fields need from this one, whether or not it hits.
    this.repeatedMiss(kind, role, value);
    if (index.version !== this.missVersion || index !== this.missIndex) this.forgetMisses();
    // A URL path's lookup depends on the line's host too: never remembered.
    const misses = kind === K_URL_PATH ? null : this.misses[kind * 3 + role]!;
    if (misses?.has(value)) return false;
    let n = 0;
    switch (kind) {
      case K_IP:
        n = index.lookupIp(value, role);
        break;
      case K_HOST: {
        const c = value.charCodeAt(0);
        n =
          (c >= 48 && c <= 57 && parseIpv4(value) >= 0) || value.indexOf(":") >= 0
            ? index.lookupIp(value, 0)
            : index.lookupDomain(value);
        break;
      }
      case K_URL: {
        const u = normalizeUrl(value);
        if (u !== null) n = index.lookup("url", u);
        break;
      }
      case K_URL_PATH: {
        const absolute = value.startsWith("http://") || value.startsWith("https://");
        const host = absolute ? "" : this.host();
        if (!absolute && host === "") return true;
        const u = normalizeUrl(absolute ? value : `http://${host}${value.startsWith("/") ? "" : "/"}${value}`);
        if (u === null) return true;
        value = u;
        n = index.lookup("url", u);
        break;
      }
      case K_EMAIL:
        n = index.lookup("email", normalizeEmail(value));
        break;
      case K_HASH:
        n = index.lookup("hash", normalizeHash(value));
        break;
      case K_X509:
        n = index.lookup("x509", normalizeHash(value));
        break;
      case K_USER_AGENT:
        n = index.lookup("user-agent", value);
        break;
      case K_JA3:
        n = index.lookup("ja3", normalizeHash(value));
        break;
    }
    if (n === 0) {
      if (misses === null) return true;
      if (misses.size === MISS_SET_SIZE) misses.clear();
      misses.add(value);
      return false;
    }
    const slots = index.hits.slots;
    for (let i = 0; i < n; i++) {
      if (this.pending === this.pendSlot.length) {
        const next = new Int32Array(this.pending * 2);
        next.set(this.pendSlot);
        this.pendSlot = next;
      }
      this.pendSlot[this.pending] = slots[i]!;
      this.pendField[this.pending] = field;
      this.pendValue[this.pending] = value;
      this.pendKind[this.pending] = kind;
      this.pending++;
    }
    return true;
  }

  private forgetMisses(): void {
    for (const m of this.misses) m.clear();
    this.missIndex = this.index;
    this.missVersion = this.index.version;
    this.epoch++;
  }

  private epoch = 0;

  /** A number that changes whenever a value that missed might now hit (the index changed or was replaced). */
  missEpoch(): number {
    if (this.index.version !== this.missVersion || this.index !== this.missIndex) this.forgetMisses();
    return this.epoch;
  }

  /** A value the reader knows missed (the same as this field's last, in the same epoch): only what the event's other fields need from it. */
  repeatedMiss(kind: FieldKindCode, role: Role, value: string): void {
    if (kind === K_IP) {
      if (role === 1) {
        this.src = value;
        this.srcFrom = -1;
      } else if (role === 2) {
        this.dst = value;
        this.dstFrom = -1;
      }
    } else if (kind === K_HOST) {
      this.lastHost = value;
      this.hostFrom = -1;
    }
  }

  /**
   * The value text[from, to) of a field of the current event, read in place (a JSON string's
   * characters between its quotes, as written). Its characters are hashed — ASCII capitals
   * folded, as the index normalizes — and tested against the index's pre-filter: a value no
   * indicator can have is a MISS with no string cut and no table read. A value the pre-filter
   * cannot rule out (or one it does not judge: URLs, user agents, IPv6, non-ASCII, a trailing
   * dot, a hash with colons, a decorated e-mail address) is cut out and given to value(). The
   * text must stay as it is until endEvent.
   */
  valueAt(kind: FieldKindCode, role: Role, field: string, text: string, from: number, to: number): number {
    const B = BASE;
    let h = 0;
    let dots = 0;
    /** A character the pre-filter does not judge: the value takes the full lookup. */
    let full = kind === K_URL || kind === K_URL_PATH || kind === K_USER_AGENT;
    const dotHash = this.dotHash;
    const dotEnd = this.dotEnd;
    for (let i = from; i < to; i++) {
      let c = text.charCodeAt(i);
      if (c >= 97) {
        if (c > 127) full = true;
      } else if (c >= 65) {
        if (c <= 90) c += 32;
        else if (c === 92) return ValueAt.ESCAPED;
      } else if (c === 46) {
        if (dots < MAX_DOTS) {
          dotHash[dots] = (Math.imul(h, B) + 46) | 0;
          dotEnd[dots] = i + 1;
        }
        dots++;
      } else if (c === 58 || c === 60 || c <= 32) full = true;
      h = (Math.imul(h, B) + c) | 0;
    }
    const index = this.index;
    if (!full) {
      const filter = index.filter();
      switch (kind) {
        case K_IP:
        case K_HOST: {
          if (text.charCodeAt(to - 1) === 46) break;
          if (filter.has(G_NAME, h)) break;
          const c = text.charCodeAt(from);
          const r = kind === K_IP ? role : 0;
          if (c >= 48 && c <= 57 && index.hasNetworks(r)) {
            const n = parseIpv4(text, from, to);
            if (n >= 0 && index.networksMayHoldV4(n, r)) break;
          }
          if (kind === K_HOST && index.hasSuffixes && dots > 0) {
            if (dots > MAX_DOTS || to - from > MAX_SUFFIX) break;
            let maybe = false;
            for (let d = 0; d < dots; d++) {
              const s = (h - Math.imul(dotHash[d]!, POW[to - dotEnd[d]!]!)) | 0;
              if (filter.has(G_SUFFIX, s)) {
                maybe = true;
                break;
              }
            }
            if (maybe) break;
          }
          this.missAt(kind, role, text, from, to);
          return ValueAt.MISS;
        }
        default:
          // E-mail addresses, file and certificate hashes, JA3: one exact table each.
          if (filter.has(KIND_GROUP[kind]!, h)) break;
          return ValueAt.MISS;
      }
    }
    const v = text.slice(from, to);
    this.lastValue = v;
    return this.value(kind, role, field, v) ? ValueAt.HIT : ValueAt.LOOKED_UP_MISS;
  }

  private missAt(kind: FieldKindCode, role: Role, text: string, from: number, to: number): void {
    if (kind === K_IP) {
      if (role === 1) {
        this.src = null;
        this.srcText = text;
        this.srcFrom = from;
        this.srcTo = to;
      } else if (role === 2) {
        this.dst = null;
        this.dstText = text;
        this.dstFrom = from;
        this.dstTo = to;
      }
    } else if (kind === K_HOST) {
      this.lastHost = "";
      this.hostText = text;
      this.hostFrom = from;
      this.hostTo = to;
    }
  }

  private source(): string | null {
    if (this.srcFrom >= 0) {
      this.src = this.srcText.slice(this.srcFrom, this.srcTo);
      this.srcFrom = -1;
    }
    return this.src;
  }

  private destination(): string | null {
    if (this.dstFrom >= 0) {
      this.dst = this.dstText.slice(this.dstFrom, this.dstTo);
      this.dstFrom = -1;
    }
    return this.dst;
  }

  private host(): string {
    if (this.hostFrom >= 0) {
      this.lastHost = this.hostText.slice(this.hostFrom, this.hostTo);
      this.hostFrom = -1;
    }
    return this.lastHost;
  }

  private clearEvent(): void {
    this.src = null;
    this.dst = null;
    this.lastHost = "";
    this.srcFrom = -1;
    this.dstFrom = -1;
    this.hostFrom = -1;
  }

  /** Ends the current event: counts it, and turns its hits (if any) into alerts. */
  endEvent(ctx: EventContext): void {
    this.counts.events++;
    if (this.pending > 0) this.settle(ctx);
    this.clearEvent();
  }

  /** Drops the current event's hits without counting it (its line turned out bad). */
  discardEvent(): void {
    this.pending = 0;
    this.clearEvent();
  }

  /** Starts the counts afresh, keeping what the engine learned (the values that missed): a worker's engine serves batch after batch. */
  resetCounts(): void {
    Object.assign(this.counts, emptyCounts());
  }

  /** Counts a bad line (and keeps the first ones whole for the summary). */
  bad(file: string, line: number, reason: string): void {
    this.counts.badLines++;
    if (this.counts.badSamples.length < MAX_BAD_SAMPLES) this.counts.badSamples.push({ file, line, reason });
  }

  private settle(ctx: EventContext): void {
    const index = this.index;
    const counts = this.counts;
    const ms = ctx.time();
    let event: string | null = null;
    let log: string | null = null;
    let ts: string | null | undefined;
    const n = this.pending;
    this.pending = 0;
    for (let i = 0; i < n; i++) {
      const slot = this.pendSlot[i]!;
      let repeat = false;
      for (let j = 0; j < i; j++) if (this.pendSlot[j] === slot) repeat = true;
      if (repeat) continue;
      // An event without a time cannot be placed in any validity window: it matches only
      // indicators without one.
      if (!index.validAt(slot, Number.isNaN(ms) ? 0 : ms)) {
        counts.outsideValidity++;
        continue;
      }
      const value = this.pendValue[i]!;
      const kind = this.pendKind[i]!;
      if (this.warninglists !== null && !index.overridesWarninglists(slot)) {
        const list = this.warninglisted(kind, value);
        if (list !== null) {
          counts.suppressed++;
          counts.suppressedByList.set(list, (counts.suppressedByList.get(list) ?? 0) + 1);
          continue;
        }
      }
      const confirmer = index.confirmerOf(slot);
      if (confirmer !== undefined && !confirmEvent(confirmer, kind, value, this.source(), this.destination(), ms)) {
        counts.unconfirmed++;
        continue;
      }
      log ??= ctx.log();
      // One-shot hash: an event that hits many indicators pays it once, and no Hash object is made.
      event ??= hash("sha256", `${log}\n${ctx.text()}`, "hex").slice(0, 32);
      ts ??= Number.isNaN(ms) ? null : new Date(ms).toISOString();
      const id = index.idOf(slot);
      const alert: Alert = {
        kind: "indicator",
        indicator_id: id,
        value,
        field: this.pendField[i]!,
        log,
        file: ctx.file,
        line: ctx.line,
        ts,
        src: this.source(),
        dst: this.destination(),
        event,
      };
      counts.alerts++;
      const per = counts.byIndicator.get(id);
      if (per === undefined) counts.byIndicator.set(id, { count: 1, value });
      else per.count++;
      this.onAlert(alert);
    }
  }

  private warninglisted(kind: FieldKindCode, value: string): string | null {
    const key = `${kind}\u0000${value}`;
    const cached = this.wlCache.get(key);
    if (cached !== undefined) return cached;
    const wlKind = kind === K_HOST && (parseIpv4(value) >= 0 || value.includes(":")) ? "ip" : WL_KIND[kind];
    const hit = this.warninglists!.match(wlKind, value);
    if (this.wlCache.size > 100_000) this.wlCache.clear();
    this.wlCache.set(key, hit);
    return hit;
  }
}
