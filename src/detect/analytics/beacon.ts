/**
 * Beacon scoring in the manner of RITA (Active Countermeasures): a programme that calls home
 * connects at steady intervals and sends steady sizes. Each series is scored by robust order
 * statistics — Bowley's quartile skewness (a symmetric spread, as jitter gives, scores high)
 * and the median absolute deviation about the median (MADM, small for steady series) — and
 * data sizes also by their smallness; the score is the mean of the interval and size scores,
 * from 0 to 1.
 */

/** The scores of one series of connections. */
export interface BeaconScore {
  score: number;
  intervalScore: number;
  sizeScore: number;
  /** Median seconds between connections. */
  interval: number;
  /** Median bytes sent per connection. */
  size: number;
}

function quantile(sorted: Float64Array, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

/** Bowley skewness score and MADM of a sorted series: 1 − |skew|, and the MADM itself. */
function shape(sorted: Float64Array): { skewScore: number; median: number; madm: number } {
  const q1 = quantile(sorted, 0.25);
  const q2 = quantile(sorted, 0.5);
  const q3 = quantile(sorted, 0.75);
  // As RITA: no skew when the quartiles coincide.
  const skew = q3 !== q1 && q2 !== q1 ? (q3 + q1 - 2 * q2) / (q3 - q1) : 0;
  const deviations = sorted.map((v) => Math.abs(v - q2)).sort();
  return { skewScore: 1 - Math.abs(skew), median: q2, madm: quantile(deviations, 0.5) };
}

/**
 * Many implants retry at two steady intervals (RemcosRAT: 0.5 s, 0.5 s, 1 s), which Bowley's
 * skew marks down; RITA 5 answers with its bimodal histogram score. Here: the sorted intervals
 * are split at their widest gap and each side is scored by its own MADM, weighted by size; a
 * side of fewer than a tenth of the intervals is too small to be a mode and scores 0.
 */
function bimodalScore(sorted: Float64Array): number {
  if (sorted.length < 6) return 0;
  let cut = 1;
  for (let i = 1; i < sorted.length; i++) if (sorted[i]! - sorted[i - 1]! > sorted[cut]! - sorted[cut - 1]!) cut = i;
  const low = sorted.subarray(0, cut);
  const high = sorted.subarray(cut);
  if (Math.min(low.length, high.length) < sorted.length / 10) return 0;
  const side = (part: Float64Array): number => {
    const s = shape(part);
    return s.median > 0 ? Math.max(0, 1 - s.madm / s.median) : 0;
  };
  return (side(low) * low.length + side(high) * high.length) / sorted.length;
}

/** Scores connection start times (seconds, ascending) and bytes sent; null with fewer than 3 connections. */
export function scoreBeacon(times: Float64Array, sizes: Float64Array): BeaconScore | null {
  if (times.length < 3) return null;
  const deltas = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) deltas[i - 1] = times[i]! - times[i - 1]!;
  deltas.sort();
  const ts = shape(deltas);
  const tsMadmScore = ts.median > 0 ? Math.max(0, 1 - ts.madm / ts.median) : 0;
  const intervalScore = Math.max((ts.skewScore + tsMadmScore) / 2, bimodalScore(deltas));
  const sorted = Float64Array.from(sizes).sort();
  const ds = shape(sorted);
  // RITA's constants: a MADM of 32 bytes or more is no consistency; 64 KiB or more is not small.
  const dsMadmScore = Math.max(0, 1 - ds.madm / 32);
  const smallness = Math.max(0, 1 - ds.median / 65535);
  const sizeScore = (ds.skewScore + dsMadmScore + smallness) / 3;
  return {
    score: (intervalScore + sizeScore) / 2,
    intervalScore,
    sizeScore,
    interval: ts.median,
    size: ds.median,
  };
}
