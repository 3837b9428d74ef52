import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { query } from "../api.ts";
import type { Org } from "../components/admin-kit.tsx";
import { ALERT_KINDS, AlertHistogram, type BucketSize, type HistogramBucket } from "../components/alert-histogram.tsx";
import { Status } from "../components/status.tsx";
import { TableWrap } from "../components/table-wrap.tsx";
import { useFormat } from "../format.ts";
import { useApi, useKeysetPages } from "../hooks.ts";
import { Link, useRouter } from "../router.tsx";
import { useSignedIn } from "../session.tsx";
import { type Alert, AlertDetail, alertSubject } from "./alerta.tsx";
import { SightingsView } from "./avistamientos.tsx";

/**
 * Alertas: what detection raised in the organization's logs (scan, hunt, POST /api/v1/logs) —
 * the alerts the caller may see (its organization's; every one for the national CSIRT), newest
 * event first in keyset pages, filtered by kind, status, observed value, indicator and days, with
 * a chart of them over time; each opens its log record (/alertas/ID). The filters live in the
 * address, so a filtered list can be bookmarked and the detail's "back" returns to it. The
 * sightings (one per indicator and organization) are the page's second tab (/avistamientos).
 */

const STATUSES = ["new", "acknowledged", "dismissed"] as const;
const PAGE = 50;

/** The filters of the address (?kind=&status=&value=&indicator=&from=&to=, days as YYYY-MM-DD). */
interface Filters {
  org: string;
  kind: string;
  status: string;
  value: string;
  indicator: string;
  from: string;
  to: string;
}

function filtersOf(search: URLSearchParams): Filters {
  const get = (k: string) => search.get(k) ?? "";
  return {
    org: get("org"),
    kind: get("kind"),
    status: get("status"),
    value: get("value"),
    indicator: get("indicator"),
    from: get("from"),
    to: get("to"),
  };
}

/** The API's query: "to" is a last day included, the API's `to` the instant after it. */
function apiQuery(f: Filters): Record<string, string> {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  const next = day.test(f.to) ? new Date(Date.parse(`${f.to}T00:00:00Z`) + 86_400_000).toISOString() : "";
  return {
    org: f.org,
    kind: f.kind,
    status: f.status,
    value: f.value.trim(),
    indicator: f.indicator,
    from: day.test(f.from) ? `${f.from}T00:00:00Z` : "",
    to: next,
  };
}

/** The organizations whose alerts the national CSIRT may pick (only it reads every one). */
function OrgFilter({ value, onChange }: { value: string; onChange: (e: { target: { value: string } }) => void }) {
  const { t } = useTranslation();
  const [orgs] = useApi<Org[]>("/api/v1/orgs");
  return (
    <div>
      <label htmlFor="alert-org">{t("alerts.filter.org")}</label>
      <select id="alert-org" value={value} onChange={onChange}>
        <option value="">{t("alerts.filter.anyOrg")}</option>
        {orgs.state === "done"
          ? orgs.data.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))
          : null}
      </select>
    </div>
  );
}

function FilterForm({ filters }: { filters: Filters }) {
  const { t } = useTranslation();
  const { navigate } = useRouter();
  const session = useSignedIn();
  const [draft, setDraft] = useState(filters);
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => setDraft({ ...draft, [k]: e.target.value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    navigate(`/alertas${query({ ...draft })}`);
  };
  return (
    <form className="alert-filters" onSubmit={submit} aria-label={t("alerts.filters")}>
      {session.capabilities.allAlerts ? <OrgFilter value={draft.org} onChange={set("org")} /> : null}
      <div>
        <label htmlFor="alert-kind">{t("alerts.filter.kind")}</label>
        <select id="alert-kind" value={draft.kind} onChange={set("kind")}>
          <option value="">{t("alerts.filter.any")}</option>
          {ALERT_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`alerts.kind.${k}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="alert-status">{t("alerts.filter.status")}</label>
        <select id="alert-status" value={draft.status} onChange={set("status")}>
          <option value="">{t("alerts.filter.any")}</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`alerts.status.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <label htmlFor="alert-value">{t("alerts.filter.value")}</label>
        <input
          id="alert-value"
          maxLength={200}
          value={draft.value}
          onChange={set("value")}
          placeholder="66.63.168.35"
          spellCheck={false}
        />
      </div>
      <div>
        <label htmlFor="alert-from">{t("alerts.filter.from")}</label>
        <input id="alert-from" type="date" value={draft.from} onChange={set("from")} />
      </div>
      <div>
        <label htmlFor="alert-to">{t("alerts.filter.to")}</label>
        <input id="alert-to" type="date" value={draft.to} min={draft.from || undefined} onChange={set("to")} />
      </div>
      <div className="buttons">
        <button type="submit">{t("alerts.filter.apply")}</button>
        <button type="button" className="secondary" onClick={() => navigate("/alertas")}>
          {t("alerts.filter.clear")}
        </button>
      </div>
      {filters.indicator ? (
        <p className="info">
          {t("alerts.filter.indicator", { id: filters.indicator })}{" "}
          <Link href={`/alertas${query({ ...filters, indicator: "" })}`}>{t("alerts.filter.drop")}</Link>
        </p>
      ) : null}
    </form>
  );
}

function Histogram({ q }: { q: Record<string, string> }) {
  const { t } = useTranslation();
  // By day; when every alert falls on one day (a capture of hours), by hour; in one hour, by minute.
  const [bucket, setBucket] = useState<BucketSize>("day");
  const key = query(q);
  // biome-ignore lint/correctness/useExhaustiveDependencies: back to days whenever the filters change
  useEffect(() => setBucket("day"), [key]);
  const [loaded] = useApi<{ bucket: BucketSize; buckets: HistogramBucket[] }>(
    `/api/v1/alerts/histogram${query({ ...q, bucket })}`,
  );
  const distinct = loaded.state === "done" ? new Set(loaded.data.buckets.map((b) => b.bucket)).size : 0;
  useEffect(() => {
    if (loaded.state !== "done" || distinct !== 1) return;
    if (loaded.data.bucket === "day") setBucket("hour");
    else if (loaded.data.bucket === "hour") setBucket("minute");
  }, [loaded, distinct]);
  return (
    <section aria-labelledby="alert-chart-h">
      <h2 id="alert-chart-h">{t("alerts.chart.title")}</h2>
      <Status loaded={loaded}>
        {(h) =>
          h.buckets.length === 0 ? (
            <p className="muted">{t("alerts.chart.empty")}</p>
          ) : (
            <AlertHistogram buckets={h.buckets} bucket={h.bucket} />
          )
        }
      </Status>
    </section>
  );
}

function AlertList({ q }: { q: Record<string, string> }) {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  const key = query(q);
  // The first page again whenever the filters change.
  const { rows, next, state, more } = useKeysetPages<Alert, { alerts: Alert[]; next: string | null }>(
    key,
    (after) => `/api/v1/alerts${query({ ...q, limit: PAGE, after })}`,
    (page) => page.alerts,
  );
  const everyOrg = session.capabilities.allAlerts;
  return (
    <section aria-labelledby="alert-list-h">
      <h2 id="alert-list-h">{t("alerts.list")}</h2>
      {state !== "loading" && state !== "done" ? (
        <p className="error" role="alert">
          {t("common.failed", { message: state })}
        </p>
      ) : null}
      {state === "done" && rows.length === 0 ? <p>{key === "" ? t("alerts.none") : t("alerts.noneFiltered")}</p> : null}
      {rows.length > 0 ? (
        <TableWrap label={t("alerts.caption")}>
          <table>
            <caption>{t("alerts.shown", { count: rows.length, shown: f.number(rows.length) })}</caption>
            <thead>
              <tr>
                <th scope="col">{t("alerts.col.value")}</th>
                <th scope="col">{t("alerts.col.kind")}</th>
                <th scope="col">{t("alerts.col.time")}</th>
                <th scope="col">{t("alerts.col.flow")}</th>
                <th scope="col">{t("alerts.col.where")}</th>
                {everyOrg ? <th scope="col">{t("alerts.col.org")}</th> : null}
                <th scope="col">{t("alerts.col.status")}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((a) => (
                <tr key={a.id}>
                  <th scope="row">
                    <Link href={`/alertas/${a.id}`}>{alertSubject(a)}</Link>
                  </th>
                  <td>{t(`alerts.kind.${a.kind}`)}</td>
                  <td>{a.ts ? f.dateTime(a.ts) : "—"}</td>
                  <td>
                    {a.src ?? "—"} → {a.dst ?? "—"}
                  </td>
                  <td>
                    <code>{`${a.file}:${a.line}`}</code>
                  </td>
                  {everyOrg ? <td>{a.orgName ?? a.orgId}</td> : null}
                  <td>
                    <span className={`alert-status-badge status-${a.status}`}>{t(`alerts.status.${a.status}`)}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {next ? (
        <button type="button" onClick={more} disabled={state === "loading"}>
          {t("common.more")}
        </button>
      ) : null}
    </section>
  );
}

function Tabs({ current }: { current: "alerts" | "sightings" }) {
  const { t } = useTranslation();
  const session = useSignedIn();
  const tabs = [
    { id: "alerts", href: "/alertas", label: t("alerts.tab.alerts"), shown: session.capabilities.readAlerts },
    {
      id: "sightings",
      href: "/avistamientos",
      label: t("alerts.tab.sightings"),
      shown: session.capabilities.readIntelligence,
    },
  ].filter((x) => x.shown);
  if (tabs.length < 2) return null;
  return (
    <nav className="tabs" aria-label={t("alerts.tab.label")}>
      <ul>
        {tabs.map((x) => (
          <li key={x.id}>
            <Link href={x.href} aria-current={x.id === current ? "page" : undefined}>
              {x.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** /alertas (the list), /alertas/ID (one alert) and /avistamientos (the sightings tab). */
export function AlertasPage() {
  const { t } = useTranslation();
  const { location } = useRouter();
  const session = useSignedIn();
  if (location.path.startsWith("/alertas/"))
    return <AlertDetail id={decodeURIComponent(location.path.slice("/alertas/".length))} />;
  const sightings = location.path === "/avistamientos" || !session.capabilities.readAlerts;
  const filters = filtersOf(location.search);
  const q = apiQuery(filters);
  return (
    <>
      <h1>{t("alerts.title")}</h1>
      <Tabs current={sightings ? "sightings" : "alerts"} />
      {sightings ? (
        <SightingsView />
      ) : (
        <>
          <p className="muted">{t("alerts.hint")}</p>
          <FilterForm key={location.search.toString()} filters={filters} />
          <Histogram q={q} />
          <AlertList q={q} />
        </>
      )}
    </>
  );
}
