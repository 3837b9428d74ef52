import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { query } from "../api.ts";
import { useFormat } from "../format.ts";
import { useApi } from "../hooks.ts";
import { Link } from "../router.tsx";
import { useSignedIn } from "../session.tsx";
import { AlertHistogram, type BucketSize, type HistogramBucket } from "./alert-histogram.tsx";
import { Status } from "./status.tsx";
import { TableWrap } from "./table-wrap.tsx";

/**
 * The Panorama's sightings: every match of an indicator in the logs over time (the indicator
 * alerts, by the event's own time, GET /api/v1/alerts/histogram?kind=indicator), and the
 * indicators seen most (GET /api/v1/alerts/top-indicators, counted in the store). The API's
 * scope is the organization's, or every organization's for the national CSIRT.
 */

/** One indicator as GET /api/v1/alerts/top-indicators answers it. */
interface TopIndicator {
  id: string;
  /** Null when TLP does not let the user's organization read the indicator itself. */
  title: string | null;
  count: number;
  organizations: number;
  lastSeen: string | null;
}

/** Sightings over time: by day, or by hour (then minute) when they all fall on one day. */
export function SightingsOverTime() {
  const { t } = useTranslation();
  const [bucket, setBucket] = useState<BucketSize>("day");
  const [loaded] = useApi<{ bucket: BucketSize; buckets: HistogramBucket[] }>(
    `/api/v1/alerts/histogram${query({ kind: "indicator", bucket })}`,
  );
  const distinct = loaded.state === "done" ? new Set(loaded.data.buckets.map((b) => b.bucket)).size : 0;
  useEffect(() => {
    if (loaded.state !== "done" || distinct !== 1) return;
    if (loaded.data.bucket === "day") setBucket("hour");
    else if (loaded.data.bucket === "hour") setBucket("minute");
  }, [loaded, distinct]);
  return (
    <section aria-labelledby="sightings-h" className="panorama-sightings">
      <h2 id="sightings-h">{t("panorama.sightingsChart.title")}</h2>
      <p className="hint">{t("panorama.sightingsChart.hint")}</p>
      <Status loaded={loaded}>
        {(d) =>
          d.buckets.length === 0 ? (
            <p>{t("panorama.sightingsChart.empty")}</p>
          ) : (
            <AlertHistogram buckets={d.buckets} bucket={d.bucket} words="panorama.sightingsChart" />
          )
        }
      </Status>
    </section>
  );
}

/** The ten indicators seen most, with their matches as bars and the numbers in the table. */
export function TopIndicators() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  const [loaded] = useApi<{ indicators: TopIndicator[] }>("/api/v1/alerts/top-indicators?limit=10");
  return (
    <section aria-labelledby="top-indicators-h">
      <h2 id="top-indicators-h">{t("panorama.top.title")}</h2>
      <Status loaded={loaded}>
        {({ indicators }) => {
          if (indicators.length === 0) return <p>{t("panorama.top.empty")}</p>;
          const max = Math.max(1, ...indicators.map((x) => x.count));
          return (
            <TableWrap label={t("panorama.top.title")}>
              <table className="bars top-indicators">
                <caption className="visually-hidden">{t("panorama.top.title")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("panorama.top.indicator")}</th>
                    <th scope="col">{t("panorama.top.count")}</th>
                    {session.capabilities.national ? <th scope="col">{t("panorama.top.organizations")}</th> : null}
                    <th scope="col">{t("panorama.top.lastSeen")}</th>
                  </tr>
                </thead>
                <tbody>
                  {indicators.map((x) => (
                    <tr key={x.id}>
                      <th scope="row">
                        {x.title ? (
                          <Link href={`/inteligencia/${encodeURIComponent(x.id)}`}>{x.title}</Link>
                        ) : (
                          <span className="muted">{t("panorama.top.unreadable")}</span>
                        )}
                      </th>
                      <td>
                        {/* In rem, not %: the cell's width comes from its content. */}
                        <span
                          className="bar kev"
                          style={{ width: `${Math.max(0.2, (6 * x.count) / max)}rem` }}
                          aria-hidden="true"
                        />
                        <Link href={`/alertas${query({ indicator: x.id })}`}>
                          {t("panorama.top.matches", { count: x.count, shown: f.number(x.count) })}
                        </Link>
                      </td>
                      {session.capabilities.national ? <td>{f.number(x.organizations)}</td> : null}
                      <td>{x.lastSeen ? f.dateTime(x.lastSeen) : "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          );
        }}
      </Status>
    </section>
  );
}
