import { useId } from "react";
import { useTranslation } from "react-i18next";
import { useFormat } from "../format.ts";

/**
 * Alerts over time as stacked bars, one colour per kind, drawn in SVG by hand (no charting
 * library, nothing from a CDN). Screen readers get the figure's summary and the same numbers as
 * a table inside a disclosure; each bar also carries its own title for pointer users.
 */

/** One bucket and kind as GET /api/v1/alerts/histogram answers them. */
export interface HistogramBucket {
  bucket: string;
  kind: string;
  count: number;
}

/** The alert kinds, in the order of the stack and the legend. */
export const ALERT_KINDS = ["indicator", "exfiltration", "lateral-movement", "beacon", "long-connection"] as const;

/** Most empty slots filled between the first and last bucket; beyond it only the buckets with alerts are drawn. */
const MAX_SLOTS = 400;

/** The width of the buckets the API counts by (UTC). */
export type BucketSize = "day" | "hour" | "minute";

/** A bucket's instant: "2023-02-22" is a day, "2023-02-22T14" an hour, "2023-02-22T14:05" a minute. */
function instantOf(b: string): string {
  return b.length === 10 ? `${b}T00:00:00Z` : b.length === 13 ? `${b}:00:00Z` : `${b}:00Z`;
}

/** The bucket after `b`, of the same width. */
function nextSlot(b: string): string {
  const step = b.length === 10 ? 86_400_000 : b.length === 13 ? 3_600_000 : 60_000;
  return new Date(Date.parse(instantOf(b)) + step).toISOString().slice(0, b.length);
}

/** Every slot from the first bucket to the last, gaps included (so time runs evenly along the axis). */
function slotsOf(buckets: string[]): string[] {
  const sorted = [...new Set(buckets)].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return [];
  const out: string[] = [];
  for (let s = first; s <= last && out.length <= MAX_SLOTS; s = nextSlot(s)) out.push(s);
  return out.length > MAX_SLOTS ? sorted : out;
}

/**
 * The chart of `buckets` (by day, hour or minute). `words` is the catalog prefix of its title,
 * bars, summary and data table ("alerts.chart" by default; the Panorama counts sightings).
 */
export function AlertHistogram({
  buckets,
  bucket,
  words = "alerts.chart",
}: {
  buckets: HistogramBucket[];
  bucket: BucketSize;
  words?: string;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const captionId = useId();
  const slots = slotsOf(buckets.map((b) => b.bucket));
  const counts = new Map<string, Map<string, number>>();
  for (const b of buckets) {
    const m = counts.get(b.bucket) ?? new Map<string, number>();
    m.set(b.kind, (m.get(b.kind) ?? 0) + b.count);
    counts.set(b.bucket, m);
  }
  const total = (s: string) => [...(counts.get(s)?.values() ?? [])].reduce((a, n) => a + n, 0);
  const max = Math.max(1, ...slots.map(total));
  const all = buckets.reduce((a, b) => a + b.count, 0);
  const kinds = ALERT_KINDS.filter((k) => buckets.some((b) => b.kind === k));
  const label = (s: string) => (bucket === "day" ? f.day(s) : f.dateTime(instantOf(s)));
  const W = 640;
  const H = 160;
  const barW = W / Math.max(1, slots.length);
  const peak = slots.reduce((p, s) => (total(s) > total(p) ? s : p), slots[0] ?? "");
  const summary = {
    count: all,
    total: f.number(all),
    peak: peak ? label(peak) : "—",
    peakCount: f.number(peak ? total(peak) : 0),
  };
  return (
    <figure className="histogram">
      <svg viewBox={`0 0 ${W} ${H + 20}`} role="img" aria-labelledby={captionId}>
        <title>{t(`${words}.title`)}</title>
        <line x1={0} y1={H} x2={W} y2={H} className="axis" />
        {slots.map((s, i) => {
          let y = H;
          return (
            <g key={s}>
              <title>{`${label(s)}: ${t(`${words}.bar`, { count: total(s) })}`}</title>
              {kinds.map((k) => {
                const n = counts.get(s)?.get(k) ?? 0;
                if (n === 0) return null;
                const h = (n / max) * (H - 8);
                y -= h;
                return (
                  <rect
                    key={k}
                    className={`kind-${k}`}
                    x={i * barW + barW * 0.1}
                    y={y}
                    width={Math.max(1, barW * 0.8)}
                    height={h}
                  />
                );
              })}
            </g>
          );
        })}
        {slots.length > 0 ? (
          <>
            <text x={0} y={H + 16} className="tick">
              {label(slots[0] as string)}
            </text>
            {slots.length > 1 ? (
              <text x={W} y={H + 16} className="tick" textAnchor="end">
                {label(slots[slots.length - 1] as string)}
              </text>
            ) : null}
          </>
        ) : null}
      </svg>
      <figcaption id={captionId}>
        {bucket === "day"
          ? t(`${words}.summaryDay`, summary)
          : bucket === "hour"
            ? t(`${words}.summaryHour`, summary)
            : t(`${words}.summaryMinute`, summary)}
      </figcaption>
      <ul className="legend">
        {kinds.map((k) => (
          <li key={k}>
            <span className={`swatch kind-${k}`} aria-hidden="true" /> {t(`alerts.kind.${k}`)}
          </li>
        ))}
      </ul>
      <details>
        <summary>{t(`${words}.data`)}</summary>
        <table>
          <caption className="visually-hidden">{t(`${words}.data`)}</caption>
          <thead>
            <tr>
              <th scope="col">
                {bucket === "day"
                  ? t("alerts.chart.day")
                  : bucket === "hour"
                    ? t("alerts.chart.hour")
                    : t("alerts.chart.minute")}
              </th>
              {kinds.map((k) => (
                <th key={k} scope="col">
                  {t(`alerts.kind.${k}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {slots
              .filter((s) => total(s) > 0)
              .map((s) => (
                <tr key={s}>
                  <th scope="row">{label(s)}</th>
                  {kinds.map((k) => (
                    <td key={k}>{f.number(counts.get(s)?.get(k) ?? 0)}</td>
                  ))}
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
