import { hash } from "node:crypto";
import type { WarninglistMatcher, WarninglistValueKind } from "../warninglists/index.js";
import { parseIpv4 } from "../warninglists/index.js";
import { FieldKind, type FieldKindCode, type Role } from "./fields.js";
import type { IndicatorIndex } from "./indicator-index.js";
import { normalizeEmail, normalizeHash, normalizeUrl } from "./normalize.js";
import { confirmEvent } from "./observation.js";

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
  private src: string | null = null;
  private dst: string | null = null;
  private lastHost = "";
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
    if (kind === FieldKind.IP) {
      if (role === 1) this.src = value;
      else if (role === 2) this.dst = value;
    } else if (kind === FieldKind.HOST) this.lastHost = value;
    if (index.version !== this.missVersion || index !== this.missIndex) this.forgetMisses();
    // A URL path's lookup depends on the line's host too: never remembered.
    const misses = kind === FieldKind.URL_PATH ? null : this.misses[kind * 3 + role]!;
    if (misses?.has(value)) return false;
    let n = 0;
    switch (kind) {
      case FieldKind.IP:
        n = index.lookupIp(value, role);
        break;
      case FieldKind.HOST: {
        const c = value.charCodeAt(0);
        n =
          (c >= 48 && c <= 57 && parseIpv4(value) >= 0) || value.indexOf(":") >= 0
            ? index.lookupIp(value, 0)
            : index.lookupDomain(value);
        break;
      }
      case FieldKind.URL: {
        const u = normalizeUrl(value);
        if (u !== null) n = index.lookup("url", u);
        break;
      }
      case FieldKind.URL_PATH: {
        const absolute = value.startsWith("http://") || value.startsWith("https://");
        if (!absolute && this.lastHost === "") return true;
        const u = normalizeUrl(absolute ? value : `http://${this.lastHost}${value.startsWith("/") ? "" : "/"}${value}`);
        if (u === null) return true;
        value = u;
        n = index.lookup("url", u);
        break;
      }
      case FieldKind.EMAIL:
        n = index.lookup("email", normalizeEmail(value));
        break;
      case FieldKind.HASH:
        n = index.lookup("hash", normalizeHash(value));
        break;
      case FieldKind.X509:
        n = index.lookup("x509", normalizeHash(value));
        break;
      case FieldKind.USER_AGENT:
        n = index.lookup("user-agent", value);
        break;
      case FieldKind.JA3:
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
    if (kind === FieldKind.IP) {
      if (role === 1) this.src = value;
      else if (role === 2) this.dst = value;
    } else if (kind === FieldKind.HOST) this.lastHost = value;
  }

  /** Ends the current event: counts it, and turns its hits (if any) into alerts. */
  endEvent(ctx: EventContext): void {
    this.counts.events++;
    if (this.pending > 0) this.settle(ctx);
    this.src = null;
    this.dst = null;
    this.lastHost = "";
  }

  /** Drops the current event's hits without counting it (its line turned out bad). */
  discardEvent(): void {
    this.pending = 0;
    this.src = null;
    this.dst = null;
    this.lastHost = "";
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
      if (confirmer !== undefined && !confirmEvent(confirmer, kind, value, this.src, this.dst, ms)) {
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
        src: this.src,
        dst: this.dst,
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
    const wlKind = kind === FieldKind.HOST && (parseIpv4(value) >= 0 || value.includes(":")) ? "ip" : WL_KIND[kind];
    const hit = this.warninglists!.match(wlKind, value);
    if (this.wlCache.size > 100_000) this.wlCache.clear();
    this.wlCache.set(key, hit);
    return hit;
  }
}
