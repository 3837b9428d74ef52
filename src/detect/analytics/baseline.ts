/**
 * Each internal host's own history of bytes sent out, per window, so exfiltration is judged
 * against what that host usually sends as well as against the absolute threshold.
 *
 * A window is one exfiltration window (`exfiltration.windowSeconds`) on the clock. The history
 * counts only windows in which the sensor saw some internal host send to an external address
 * (a scan of Monday's and Friday's logs does not count the days between as silent), from the
 * host's first window on; a window in which the host itself sent nothing counts as 0. What is
 * held is bounded: the last `baselineWindows + 2` such windows, and per host the non-zero ones
 * among them, for at most `maxPairs` hosts (more are counted, never silently lost).
 */

/** A host's baseline: its usual bytes out per window and the figure a window must exceed. */
export interface Baseline {
  /** Median bytes out per window over the history. */
  median: number;
  /** Median absolute deviation of those windows from the median. */
  mad: number;
  /** Windows in the history. */
  windows: number;
  /** Bytes out above which a window is far from the host's own history (see `threshold`). */
  threshold: number;
}

/** The thresholds of the baseline (the `exfiltration.baseline*` options). */
export interface BaselineOptions {
  /** Windows of history kept per host. */
  windows: number;
  /** Windows of history needed before a host is judged against it. */
  minWindows: number;
  /** Modified z-score (Iglewicz and Hoaglin) above which a window is an outlier. */
  deviations: number;
  /** And at least this many times the host's median window. */
  factor: number;
  /** And at least this many bytes (small uploads are never exfiltration by the baseline alone). */
  minBytesOut: number;
  /** Hosts held at most. */
  maxHosts: number;
}

/** 0.6745 is the 0.75 quantile of the standard normal: MAD / 0.6745 estimates σ. */
const MAD_TO_SIGMA = 0.6745;

/** One host: its first window, and its non-zero windows in ascending order. */
interface History {
  first: number;
  windows: number[];
  bytes: number[];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Every internal host's history in one scan. */
export class HostBaselines {
  /** Hosts turned away by `maxHosts`. */
  dropped = 0;
  private readonly hosts = new Map<string, History>();
  /** The windows the sensor saw outbound traffic in, ascending, the last `windows + 2`. */
  private readonly seen: number[] = [];

  constructor(private readonly options: BaselineOptions) {}

  /** Adds `bytes` sent by `src` to an external address in `window`. */
  add(src: string, window: number, bytes: number): void {
    this.markSeen(window);
    let h = this.hosts.get(src);
    if (h === undefined) {
      if (this.hosts.size >= this.options.maxHosts) {
        this.dropped++;
        return;
      }
      h = { first: window, windows: [], bytes: [] };
      this.hosts.set(src, h);
    }
    if (window < h.first) h.first = window;
    if (bytes === 0) return;
    const w = h.windows;
    let i = w.length - 1;
    // Connections come in end order, give or take one window: the search ends at once.
    while (i >= 0 && w[i]! > window) i--;
    if (i >= 0 && w[i] === window) h.bytes[i]! += bytes;
    else {
      w.splice(i + 1, 0, window);
      h.bytes.splice(i + 1, 0, bytes);
      const oldest = this.seen[0]!;
      while (w.length > 0 && w[0]! < oldest) {
        w.shift();
        h.bytes.shift();
      }
    }
  }

  private markSeen(window: number): void {
    const s = this.seen;
    let i = s.length - 1;
    while (i >= 0 && s[i]! > window) i--;
    if (i >= 0 && s[i] === window) return;
    s.splice(i + 1, 0, window);
    if (s.length > this.options.windows + 2) s.shift();
  }

  /**
   * The baseline of `src` over the windows up to `upTo` (those before the window being judged),
   * or null when the host has fewer than `minWindows` of them.
   */
  baseline(src: string, upTo: number): Baseline | null {
    const h = this.hosts.get(src);
    if (h === undefined) return null;
    const values: number[] = [];
    let j = h.windows.length - 1;
    for (let i = this.seen.length - 1; i >= 0 && values.length < this.options.windows; i--) {
      const window = this.seen[i]!;
      if (window > upTo) continue;
      if (window < h.first) break;
      while (j >= 0 && h.windows[j]! > window) j--;
      values.push(j >= 0 && h.windows[j] === window ? h.bytes[j]! : 0);
    }
    if (values.length < this.options.minWindows) return null;
    const m = median(values);
    const mad = median(values.map((v) => Math.abs(v - m)));
    const { deviations, factor, minBytesOut } = this.options;
    return {
      median: m,
      mad,
      windows: values.length,
      threshold: Math.max(minBytesOut, m + (deviations * mad) / MAD_TO_SIGMA, factor * m),
    };
  }

  /** Forgets everything (another capture, earlier than the one held, begins). */
  clear(): void {
    this.hosts.clear();
    this.seen.length = 0;
  }
}
