import { scoreBeacon } from "./beacon.js";
import type { ConnRecord } from "./conn.js";
import { AddressClass, type AnalyticsOptions } from "./options.js";

/**
 * Behaviour analytics over connection records: exfiltration (an internal host sending far more
 * than it receives to one external address in a window), lateral fan-out (one internal host
 * reaching many internal hosts on admin ports in a short window), beaconing (steady calls from
 * one host to one external address, scored as RITA does) and long connections.
 *
 * Windows are placed by each connection's end (a sensor writes a connection when it ends, so
 * its lines come in that order). Memory is bounded: the windowed analytics keep only the current window and the one before it
 * , each capped in tracked pairs or
 * sources; beaconing keeps at most `beacon.maxPairs` pairs with at most `beacon.maxTimestamps`
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
  /** Pairs or sources a cap turned away (exfiltration, lateral, beacon). */
  dropped: { exfiltration: number; lateral: number; beacon: number };
  /** Beacon pairs with more connections than were kept (scored on the first ones). */
  truncatedBeacons: number;
}

interface PairTotals {
  out: number;
  in: number;
  first: number;
  last: number;
  file: string;
  line: number;
}

interface FanOut {
  dsts: Set<string>;
  ports: Set<number>;
  first: number;
  last: number;
  file: string;
  line: number;
}

interface Series {
  times: Float64Array;
  sizes: Float64Array;
  n: number;
  seen: number;
  file: string;
  line: number;
}

/** Windows of one analytic: index → aggregates, at most two held. */
class Windows<T> {
  readonly held = new Map<number, Map<string, T>>();
  newest = Number.NEGATIVE_INFINITY;
  size = 0;
  rewound = 0;

  /**
   * The aggregates of window `w`, flushing older ones through `flush`. A time more than a window
   * before the newest (the next file is another capture) closes every window held and starts
   * again from it; `rewound` says so.
   */
  at(w: number, flush: (w: number, m: Map<string, T>) => void): Map<string, T> {
    if (w < this.newest - 1) {
      this.drain(flush);
      this.newest = w;
      this.rewound++;
    } else if (w > this.newest) {
      this.newest = w;
      for (const [old, m] of this.held)
        if (old < w - 1) {
          flush(old, m);
          this.size -= m.size;
          this.held.delete(old);
        }
    }
    let m = this.held.get(w);
    if (m === undefined) {
      m = new Map();
      this.held.set(w, m);
    }
    return m;
  }

  drain(flush: (w: number, m: Map<string, T>) => void): void {
    for (const [w, m] of [...this.held].sort((a, b) => a[0] - b[0])) flush(w, m);
    this.held.clear();
    this.size = 0;
  }
}

const iso = (s: number): string => new Date(s * 1000).toISOString();

/** The analytics of one scan: feed it every connection, then call finish. */
export class BehaviourAnalytics {
  readonly counts: AnalyticsCounts = {
    connections: 0,
    alerts: 0,
    byKind: { exfiltration: 0, "lateral-movement": 0, beacon: 0, "long-connection": 0 },
    rewound: 0,
    dropped: { exfiltration: 0, lateral: 0, beacon: 0 },
    truncatedBeacons: 0,
  };
  private readonly addresses: AddressClass;
  private readonly lateralPorts: Set<number>;
  private readonly exfil = new Windows<PairTotals>();
  private readonly lateral = new Windows<FanOut>();
  private readonly series = new Map<string, Series>();

  constructor(
    private readonly options: AnalyticsOptions,
    private readonly onAlert: (alert: AnalyticAlert) => void,
  ) {
    this.addresses = new AddressClass(options.internalNetworks);
    this.lateralPorts = new Set(options.lateral.ports);
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
    const m = this.exfil.at(Math.floor((c.ts + c.duration) / this.options.exfiltration.windowSeconds), this.flushExfil);
    const key = `${c.src}>${c.dst}`;
    const t = m.get(key);
    if (t !== undefined) {
      t.out += c.bytesOut;
      t.in += c.bytesIn;
      if (c.ts < t.first) t.first = c.ts;
      if (c.ts + c.duration > t.last) t.last = c.ts + c.duration;
    } else if (this.exfil.size >= this.options.exfiltration.maxPairs) this.counts.dropped.exfiltration++;
    else {
      this.exfil.size++;
      m.set(key, { out: c.bytesOut, in: c.bytesIn, first: c.ts, last: c.ts + c.duration, file: c.file, line: c.line });
    }
  }

  private readonly flushExfil = (_w: number, m: Map<string, PairTotals>): void => {
    const { minBytesOut, minRatio } = this.options.exfiltration;
    for (const [key, t] of m) {
      if (t.out < minBytesOut || (t.in > 0 && t.out / t.in < minRatio)) continue;
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
      });
    }
  };

  private addLateral(c: ConnRecord): void {
    const m = this.lateral.at(Math.floor((c.ts + c.duration) / this.options.lateral.windowSeconds), this.flushLateral);
    const f = m.get(c.src);
    if (f !== undefined) {
      // Past the threshold ten times over the count says enough: the set stops growing.
      if (f.dsts.size < this.options.lateral.minHosts * 10) f.dsts.add(c.dst);
      f.ports.add(c.dstPort);
      if (c.ts < f.first) f.first = c.ts;
      if (c.ts > f.last) f.last = c.ts;
    } else if (this.lateral.size >= this.options.lateral.maxSources) this.counts.dropped.lateral++;
    else {
      this.lateral.size++;
      m.set(c.src, {
        dsts: new Set([c.dst]),
        ports: new Set([c.dstPort]),
        first: c.ts,
        last: c.ts,
        file: c.file,
        line: c.line,
      });
    }
  }

  private readonly flushLateral = (_w: number, m: Map<string, FanOut>): void => {
    for (const [src, f] of m) {
      if (f.dsts.size < this.options.lateral.minHosts) continue;
      this.emit({
        kind: "lateral-movement",
        src,
        dst: null,
        ts: iso(f.first),
        end: iso(f.last),
        log: "conn",
        file: f.file,
        line: f.line,
        destinations: f.dsts.size,
        ports: [...f.ports].sort((a, b) => a - b),
      });
    }
  };

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
    this.counts.rewound = this.exfil.rewound + this.lateral.rewound;
    this.exfil.drain(this.flushExfil);
    this.lateral.drain(this.flushLateral);
    this.scoreBeacons();
  }
}
