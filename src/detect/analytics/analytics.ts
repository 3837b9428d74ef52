import { type Baseline, HostBaselines } from "./baseline.js";
import { scoreBeacon } from "./beacon.js";
import type { ConnRecord } from "./conn.js";
import { AddressClass, type AnalyticsOptions } from "./options.js";

/**
 * Behaviour analytics over connection records: exfiltration (an internal host sending far more
 * than it receives to one external address in a window, past an absolute threshold or far past
 * its own history of windows, see baseline.ts), lateral fan-out (one internal host
 * reaching many internal hosts on admin ports in a short window), beaconing (steady calls from
 * one host to one external address, scored as RITA does) and long connections.
 *
 * The windows slide and are placed by each connection's end (a sensor writes a connection when
 * it ends, so its lines come in that order): a transfer or a spread that fits in the window is
 * judged whole wherever it falls, and one that goes on gives one alert for all of it (its
 * episode: from the first connection of the window that crossed the threshold to the last
 * while it held). Memory is bounded: exfiltration keeps, per pair, twelve slots of the
 * trailing window; lateral movement, per source, the hosts reached in it (at most ten times
 * the threshold); both are capped in tracked pairs or sources and forget what left the
 * window. Beaconing keeps at most `beacon.maxPairs` pairs with at most `beacon.maxTimestamps`
 * connections each. What a cap turned away is counted, never silently lost.
 */

/** One analytic alert, written to --alerts beside the indicator alerts. */
export interface AnalyticAlert {
  kind: "exfiltration" | "lateral-movement" | "beacon" | "long-connection";
  src: string;
  /** The destination; null for lateral movement (many). */
  dst: string | null;
  /** Start of the window (or the connection), ISO 8601. */
  ts: string;
  /** End of the window (or the connection), ISO 8601. */
  end: string;
  log: "conn";
  /** File and line of the first connection counted. */
  file: string;
  line: number;
  bytes_out?: number;
  bytes_in?: number;
  ratio?: number | null;
  /** Exfiltration: the window's length, and which thresholds the episode's windows crossed: the absolute one, the source's baseline, or both. */
  window_seconds?: number;
  trigger?: "absolute" | "baseline" | "both";
  /** Exfiltration: the source's own history when the episode began (null: too few windows of it). */
  baseline?: { median_bytes_out: number; mad_bytes_out: number; windows: number; threshold: number } | null;
  destinations?: number;
  ports?: number[];
  connections?: number;
  score?: number;
  interval_seconds?: number;
  duration_seconds?: number;
  dst_port?: number;
}

/** What the analytics counted, for the summary. */
export interface AnalyticsCounts {
  connections: number;
  alerts: number;
  byKind: Record<AnalyticAlert["kind"], number>;
  /** Times the connection times went back by more than a window (another capture): the windows held were closed and counting began again. */
  rewound: number;
  /** Pairs, hosts or sources a cap turned away (exfiltration pairs, baseline hosts, lateral sources, beacon pairs). */
  dropped: { exfiltration: number; baseline: number; lateral: number; beacon: number };
  /** Beacon pairs with more connections than were kept (scored on the first ones). */
  truncatedBeacons: number;
}

/**
 * The exfiltration window slides in twelfths: a transfer is judged over every run of twelve
 * consecutive slots, so one that fits in the window is seen whole wherever it falls (fixed
 * windows split a transfer that straddles their edge and could miss it).
 */
const EXFIL_SLOTS = 12;

/** One exfiltration episode: from the first connection of the window that crossed the thresholds to the last while they held. */
class PairTotals {
  out = 0;
  in = 0;
  first = Number.POSITIVE_INFINITY;
  last = Number.NEGATIVE_INFINITY;
  file = "";
  line = 0;
  /** Whether a trailing window of the episode reached the absolute threshold, or the baseline's. */
  absolute = false;
  aboveBaseline = false;
  /** The source's baseline when the episode began: while it lasts it is judged against this one. */
  baseline: Baseline | null = null;

  extend(c: ConnRecord): void {
    this.out += c.bytesOut;
    this.in += c.bytesIn;
    if (c.ts < this.first) {
      this.first = c.ts;
      this.file = c.file;
      this.line = c.line;
    }
    if (c.ts + c.duration > this.last) this.last = c.ts + c.duration;
  }
}

/** One pair's bytes by slot: a ring of the last EXFIL_SLOTS slots, with each slot's first connection. */
class PairSlots {
  readonly slot = new Float64Array(EXFIL_SLOTS).fill(Number.NEGATIVE_INFINITY);
  readonly out = new Float64Array(EXFIL_SLOTS);
  readonly in = new Float64Array(EXFIL_SLOTS);
  readonly first = new Float64Array(EXFIL_SLOTS);
  readonly last = new Float64Array(EXFIL_SLOTS);
  readonly line = new Float64Array(EXFIL_SLOTS);
  readonly file: string[] = new Array(EXFIL_SLOTS).fill("");
  newest = Number.NEGATIVE_INFINITY;
  episode: PairTotals | null = null;

  add(at: number, c: ConnRecord): void {
    const i = ((at % EXFIL_SLOTS) + EXFIL_SLOTS) % EXFIL_SLOTS;
    if (this.slot[i] !== at) {
      this.slot[i] = at;
      this.out[i] = 0;
      this.in[i] = 0;
      this.first[i] = c.ts;
      this.last[i] = c.ts + c.duration;
      this.file[i] = c.file;
      this.line[i] = c.line;
    }
    this.out[i]! += c.bytesOut;
    this.in[i]! += c.bytesIn;
    if (c.ts < this.first[i]!) {
      this.first[i] = c.ts;
      this.file[i] = c.file;
      this.line[i] = c.line;
    }
    if (c.ts + c.duration > this.last[i]!) this.last[i] = c.ts + c.duration;
    if (at > this.newest) this.newest = at;
  }

  /** Bytes out and in over the window ending with slot `now`. */
  sum(now: number): { out: number; in: number } {
    let out = 0;
    let inn = 0;
    for (let i = 0; i < EXFIL_SLOTS; i++)
      if (this.slot[i]! > now - EXFIL_SLOTS && this.slot[i]! <= now) {
        out += this.out[i]!;
        inn += this.in[i]!;
      }
    return { out, in: inn };
  }

  /** The episode the window ending at `now` begins: its slots' totals, from their first connection. */
  open(now: number): PairTotals {
    const t = new PairTotals();
    for (let i = 0; i < EXFIL_SLOTS; i++)
      if (this.slot[i]! > now - EXFIL_SLOTS && this.slot[i]! <= now) {
        t.out += this.out[i]!;
        t.in += this.in[i]!;
        if (this.first[i]! < t.first) {
          t.first = this.first[i]!;
          t.file = this.file[i]!;
          t.line = this.line[i]!;
        }
        if (this.last[i]! > t.last) t.last = this.last[i]!;
      }
    return t;
  }
}

/** One host seen by a fan-out source: when, and the first connection to it in the window. */
interface Reached {
  first: number;
  last: number;
  port: number;
  file: string;
  line: number;
}

/** One source's fan-out: the hosts it reached in the trailing window, and its episode once past the threshold. */
interface FanOut {
  recent: Map<string, Reached>;
  episode: {
    dsts: Set<string>;
    ports: Set<number>;
    first: number;
    last: number;
    file: string;
    line: number;
  } | null;
}

interface Series {
  times: Float64Array;
  sizes: Float64Array;
  n: number;
  seen: number;
  file: string;
  line: number;
}

const iso = (s: number): string => new Date(s * 1000).toISOString();

/** The analytics of one scan: feed it every connection, then call finish. */
export class BehaviourAnalytics {
  readonly counts: AnalyticsCounts = {
    connections: 0,
    alerts: 0,
    byKind: { exfiltration: 0, "lateral-movement": 0, beacon: 0, "long-connection": 0 },
    rewound: 0,
    dropped: { exfiltration: 0, baseline: 0, lateral: 0, beacon: 0 },
    truncatedBeacons: 0,
  };
  private readonly addresses: AddressClass;
  private readonly lateralPorts: Set<number>;
  /** Exfiltration: per pair, its bytes in the slots of the trailing window. */
  private readonly exfilPairs = new Map<string, PairSlots>();
  private readonly exfilSlot: number;
  private exfilNewest = Number.NEGATIVE_INFINITY;
  private exfilRewound = 0;
  /** Exfiltration: each internal host's bytes out per window (null: the baseline is off). */
  private readonly baselines: HostBaselines | null;
  /** Lateral movement: per source, the hosts reached in the trailing window. */
  private readonly lateral = new Map<string, FanOut>();
  private lateralNewest = Number.NEGATIVE_INFINITY;
  private lateralSwept = Number.NEGATIVE_INFINITY;
  private lateralRewound = 0;
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly options: AnalyticsOptions,
    private readonly onAlert: (alert: AnalyticAlert) => void,
  ) {
    this.addresses = new AddressClass(options.internalNetworks);
    this.lateralPorts = new Set(options.lateral.ports);
    const x = options.exfiltration;
    this.exfilSlot = x.windowSeconds / EXFIL_SLOTS;
    this.baselines = x.baseline
      ? new HostBaselines({
          windows: x.baselineWindows,
          minWindows: x.baselineMinWindows,
          deviations: x.baselineDeviations,
          factor: x.baselineFactor,
          minBytesOut: x.baselineMinBytesOut,
          maxHosts: x.maxPairs,
        })
      : null;
  }

  private emit(alert: AnalyticAlert): void {
    this.counts.alerts++;
    this.counts.byKind[alert.kind]++;
    this.onAlert(alert);
  }

  /** Adds one connection. */
  observe(c: ConnRecord): void {
    this.counts.connections++;
    const o = this.options;
    if (o.longConnection.enabled && c.duration >= o.longConnection.minSeconds)
      this.emit({
        kind: "long-connection",
        src: c.src,
        dst: c.dst,
        ts: iso(c.ts),
        end: iso(c.ts + c.duration),
        log: "conn",
        file: c.file,
        line: c.line,
        dst_port: c.dstPort,
        duration_seconds: Number(c.duration.toFixed(3)),
        bytes_out: c.bytesOut,
        bytes_in: c.bytesIn,
      });
    if (!this.addresses.isInternal(c.src)) return;
    const external = this.addresses.isExternal(c.dst);
    if (external && o.exfiltration.enabled) this.addExfil(c);
    if (external && o.beacon.enabled) this.addBeacon(c);
    if (o.lateral.enabled && this.lateralPorts.has(c.dstPort) && c.dst !== c.src && this.addresses.isInternal(c.dst))
      this.addLateral(c);
  }

  private addExfil(c: ConnRecord): void {
    const end = c.ts + c.duration;
    const slot = Math.floor(end / this.exfilSlot);
    if (slot < this.exfilNewest - EXFIL_SLOTS) {
      // Another capture, earlier than the window held: what is held is closed and counting begins again.
      this.closeExfil(Number.POSITIVE_INFINITY);
      this.baselines?.clear();
      this.exfilRewound++;
      this.exfilNewest = slot;
    } else if (slot > this.exfilNewest) {
      this.exfilNewest = slot;
      this.closeExfil(slot);
    }
    // A connection written late (Zeek writes at the end; files interleave) counts in the oldest slot held.
    const at = Math.max(slot, this.exfilNewest - EXFIL_SLOTS + 1);
    this.baselines?.add(c.src, Math.floor(at / EXFIL_SLOTS), c.bytesOut);
    const key = `${c.src}>${c.dst}`;
    let p = this.exfilPairs.get(key);
    if (p === undefined) {
      if (this.exfilPairs.size >= this.options.exfiltration.maxPairs) {
        this.counts.dropped.exfiltration++;
        return;
      }
      p = new PairSlots();
      this.exfilPairs.set(key, p);
    }
    p.add(at, c);
    const e = p.episode;
    if (e === null) this.exfilOpen(c.src, p);
    else {
      e.extend(c);
      if (!e.absolute && p.sum(this.exfilNewest).out >= this.options.exfiltration.minBytesOut) e.absolute = true;
    }
  }

  /**
   * Opens the pair's episode when its trailing window crosses the absolute threshold or the
   * source's own baseline: the windows of its history that end before the trailing window
   * begins, so the transfer judged is never part of the history it is judged against.
   */
  private exfilOpen(src: string, p: PairSlots): void {
    const now = this.exfilNewest;
    const t = p.sum(now);
    const x = this.options.exfiltration;
    const floor = this.baselines === null ? x.minBytesOut : Math.min(x.minBytesOut, x.baselineMinBytesOut);
    if (t.out < floor || !this.exfilRatio(t)) return;
    const absolute = t.out >= x.minBytesOut;
    const baseline =
      this.baselines === null
        ? null
        : this.baselines.baseline(src, Math.floor((now - EXFIL_SLOTS + 1) / EXFIL_SLOTS) - 1);
    const above = baseline !== null && t.out > baseline.threshold;
    if (!absolute && !above) return;
    const e = p.open(now);
    e.absolute = absolute;
    e.aboveBaseline = above;
    e.baseline = baseline;
    p.episode = e;
  }

  private exfilRatio(t: { out: number; in: number }): boolean {
    return t.in === 0 || t.out / t.in >= this.options.exfiltration.minRatio;
  }

  /** Whether the trailing window keeps the episode going: over either threshold it began with. */
  private exfilHolds(t: { out: number; in: number }, e: PairTotals): boolean {
    if (!this.exfilRatio(t)) return false;
    return t.out >= this.options.exfiltration.minBytesOut || (e.baseline !== null && t.out > e.baseline.threshold);
  }

  /**
   * At slot `now`: every pair whose trailing window no longer qualifies ends its episode with
   * one alert; pairs with nothing left in the window are forgotten. Infinity closes all.
   */
  private closeExfil(now: number): void {
    for (const [key, p] of this.exfilPairs) {
      const window = p.sum(now);
      if (p.episode !== null && (now === Number.POSITIVE_INFINITY || !this.exfilHolds(window, p.episode))) {
        this.emitExfil(key, p.episode);
        p.episode = null;
      }
      if (p.episode === null && (now === Number.POSITIVE_INFINITY || p.newest <= now - EXFIL_SLOTS))
        this.exfilPairs.delete(key);
    }
  }

  private emitExfil(key: string, t: PairTotals): void {
    const [src, dst] = key.split(">") as [string, string];
    this.emit({
      kind: "exfiltration",
      src,
      dst,
      ts: iso(t.first),
      end: iso(t.last),
      log: "conn",
      file: t.file,
      line: t.line,
      bytes_out: t.out,
      bytes_in: t.in,
      ratio: t.in > 0 ? Number((t.out / t.in).toFixed(1)) : null,
      window_seconds: this.options.exfiltration.windowSeconds,
      trigger: t.absolute && t.aboveBaseline ? "both" : t.absolute ? "absolute" : "baseline",
      baseline:
        t.baseline === null
          ? null
          : {
              median_bytes_out: Math.round(t.baseline.median),
              mad_bytes_out: Math.round(t.baseline.mad),
              windows: t.baseline.windows,
              threshold: Math.round(t.baseline.threshold),
            },
    });
  }

  private addLateral(c: ConnRecord): void {
    const { windowSeconds, minHosts, maxSources } = this.options.lateral;
    const end = c.ts + c.duration;
    if (end < this.lateralNewest - windowSeconds) {
      // Another capture, earlier than the window held: what is held is closed and counting begins again.
      this.closeLateral(Number.POSITIVE_INFINITY);
      this.lateralRewound++;
      this.lateralNewest = end;
    } else if (end > this.lateralNewest) {
      this.lateralNewest = end;
      // Sweeping every twelfth of a window bounds both the work and what is held.
      if (end - this.lateralSwept >= windowSeconds / 12) {
        this.lateralSwept = end;
        this.closeLateral(end);
      }
    }
    let f = this.lateral.get(c.src);
    if (f === undefined) {
      if (this.lateral.size >= maxSources) {
        this.counts.dropped.lateral++;
        return;
      }
      f = { recent: new Map(), episode: null };
      this.lateral.set(c.src, f);
    }
    const seen = f.recent.get(c.dst);
    if (seen !== undefined) {
      seen.last = Math.max(seen.last, end);
      if (c.ts < seen.first) seen.first = c.ts;
    } else if (f.recent.size < minHosts * 10)
      // Past the threshold ten times over the count says enough: the set stops growing.
      f.recent.set(c.dst, { first: c.ts, last: end, port: c.dstPort, file: c.file, line: c.line });
    const e = f.episode;
    if (e !== null) {
      if (e.dsts.size < minHosts * 10) e.dsts.add(c.dst);
      e.ports.add(c.dstPort);
      if (c.ts > e.last) e.last = c.ts;
      return;
    }
    if (f.recent.size < minHosts) return;
    this.pruneReached(f, this.lateralNewest);
    if (f.recent.size < minHosts) return;
    const opened: NonNullable<FanOut["episode"]> = {
      dsts: new Set(),
      ports: new Set([c.dstPort]),
      first: Number.POSITIVE_INFINITY,
      last: c.ts,
      file: c.file,
      line: c.line,
    };
    for (const [dst, r] of f.recent) {
      opened.dsts.add(dst);
      opened.ports.add(r.port);
      if (r.first < opened.first) {
        opened.first = r.first;
        opened.file = r.file;
        opened.line = r.line;
      }
    }
    f.episode = opened;
  }

  /** Forgets the hosts a source last reached before the window ending at `now`. */
  private pruneReached(f: FanOut, now: number): void {
    const from = now - this.options.lateral.windowSeconds;
    for (const [dst, r] of f.recent) if (r.last < from) f.recent.delete(dst);
  }

  /**
   * At time `now`: a source whose trailing window fell under the threshold ends its episode
   * with one alert; sources with nothing left in the window are forgotten. Infinity closes all.
   */
  private closeLateral(now: number): void {
    for (const [src, f] of this.lateral) {
      if (now !== Number.POSITIVE_INFINITY) this.pruneReached(f, now);
      const e = f.episode;
      if (e !== null && (now === Number.POSITIVE_INFINITY || f.recent.size < this.options.lateral.minHosts)) {
        this.emit({
          kind: "lateral-movement",
          src,
          dst: null,
          ts: iso(e.first),
          end: iso(e.last),
          log: "conn",
          file: e.file,
          line: e.line,
          destinations: e.dsts.size,
          ports: [...e.ports].sort((a, b) => a - b),
        });
        f.episode = null;
      }
      if (f.episode === null && (now === Number.POSITIVE_INFINITY || f.recent.size === 0)) this.lateral.delete(src);
    }
  }

  private addBeacon(c: ConnRecord): void {
    const key = `${c.src}>${c.dst}`;
    let s = this.series.get(key);
    if (s === undefined) {
      if (this.series.size >= this.options.beacon.maxPairs) {
        this.counts.dropped.beacon++;
        return;
      }
      s = { times: new Float64Array(8), sizes: new Float64Array(8), n: 0, seen: 0, file: c.file, line: c.line };
      this.series.set(key, s);
    }
    s.seen++;
    if (s.n >= this.options.beacon.maxTimestamps) return;
    if (s.n === s.times.length) {
      const grow = Math.min(s.n * 2, this.options.beacon.maxTimestamps);
      const times = new Float64Array(grow);
      times.set(s.times);
      const sizes = new Float64Array(grow);
      sizes.set(s.sizes);
      s.times = times;
      s.sizes = sizes;
    }
    s.times[s.n] = c.ts;
    s.sizes[s.n] = c.bytesOut;
    s.n++;
  }

  private scoreBeacons(): void {
    const { minConnections, minScore } = this.options.beacon;
    for (const [key, s] of this.series) {
      if (s.seen < minConnections) continue;
      if (s.seen > s.n) this.counts.truncatedBeacons++;
      // Zeek writes a connection when it ends: times are sorted here, not assumed.
      const order = [...s.times.subarray(0, s.n).keys()].sort((a, b) => s.times[a]! - s.times[b]!);
      const times = Float64Array.from(order, (i) => s.times[i]!);
      const sizes = Float64Array.from(order, (i) => s.sizes[i]!);
      const score = scoreBeacon(times, sizes);
      if (score === null || score.score < minScore) continue;
      const [src, dst] = key.split(">") as [string, string];
      this.emit({
        kind: "beacon",
        src,
        dst,
        ts: iso(times[0]!),
        end: iso(times[times.length - 1]!),
        log: "conn",
        file: s.file,
        line: s.line,
        connections: s.seen,
        score: Number(score.score.toFixed(3)),
        interval_seconds: Number(score.interval.toFixed(3)),
      });
    }
    this.series.clear();
  }

  /** Closes every window and scores the beacons: the remaining alerts are emitted. */
  finish(): void {
    this.closeExfil(Number.POSITIVE_INFINITY);
    this.closeLateral(Number.POSITIVE_INFINITY);
    this.counts.rewound = this.exfilRewound + this.lateralRewound;
    this.counts.dropped.baseline = this.baselines?.dropped ?? 0;
    this.scoreBeacons();
  }
}
