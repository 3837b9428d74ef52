import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api.ts";
import { IncidentSubmit, type Submission } from "../components/incident-submit.tsx";
import { Status } from "../components/status.tsx";
import { TableWrap } from "../components/table-wrap.tsx";
import { useFormat } from "../format.ts";
import { useApi, useKeysetPages } from "../hooks.ts";
import { Link, useRouter } from "../router.tsx";
import { useSignedIn } from "../session.tsx";
import { type Alert, alertSubject } from "./alerta.tsx";

/**
 * Incidentes: the incidents the user's organization may read (the API applies TLP in the
 * store), each with the clock of its next reporting stage; a report form whose deadlines start
 * from the moment the incident became known; and one incident's page with every stage's clock,
 * the workflow (only the statuses the server allows next) and each stage's printable report.
 * What the role may not do (report, change) is not offered.
 */

type Text = { es: string; en: string };

interface Clock {
  stage: string;
  name: Text;
  rule: Text;
  state: "pending" | "late" | "submitted" | "submitted-late" | "immediate" | "waiting" | "not-required";
  due: string | null;
  msLeft: number | null;
  msLate: number | null;
  submittedAt: string | null;
  late: boolean;
}

interface Incident {
  id: string;
  title: string;
  description: string | null;
  types: string[];
  status: string;
  criticality: number | null;
  regime: string;
  awareAt: string;
  org: { id: string; name: string };
  clocks: Clock[];
  assignee: string | null;
  submissions: Submission[];
}

/** The statuses in workflow order; the server answers which may follow (nextStatuses). */
const STATUSES = ["new", "triage", "contained", "eradicated", "recovered", "closed"] as const;
/** Incident types the API accepts (src/incidents/types.ts). */
const TYPES = [
  "ransomware",
  "malware",
  "phishing",
  "data-breach",
  "exfiltration",
  "denial-of-service",
  "unauthorized-access",
  "account-compromise",
  "defacement",
  "supply-chain",
  "insider",
  "espionage",
  "fraud",
  "vulnerability-exploitation",
  "other",
] as const;

function nextStatuses(from: string): string[] {
  if (from === "closed") return ["triage"];
  const i = STATUSES.indexOf(from as (typeof STATUSES)[number]);
  return i < 0 ? [] : STATUSES.slice(i + 1);
}

/** Hours and minutes, for a clock. */
function span(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  const h = Math.floor(minutes / 60);
  return h > 0 ? `${h} h ${minutes % 60} min` : `${minutes} min`;
}

/** The stage whose deadline comes first among those still open. */
function nextClock(clocks: Clock[]): Clock | null {
  const open = clocks.filter((c) => c.state === "pending" || c.state === "late" || c.state === "immediate");
  open.sort((a, b) => (a.due ?? "").localeCompare(b.due ?? ""));
  return open[0] ?? null;
}

function ClockText({ clock }: { clock: Clock }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const name = i18n.language === "en" ? clock.name.en : clock.name.es;
  if (clock.state === "late")
    return <span className="late">{t("incidents.clock.late", { name, late: span(clock.msLate ?? 0) })}</span>;
  if (clock.state === "pending")
    return (
      <span>
        {t("incidents.clock.pending", {
          name,
          left: span(clock.msLeft ?? 0),
          due: clock.due ? f.dateTime(clock.due) : "",
        })}
      </span>
    );
  if (clock.state === "immediate") return <span className="late">{t("incidents.clock.immediate", { name })}</span>;
  if (clock.state === "submitted" || clock.state === "submitted-late")
    return (
      <span>
        {t(`incidents.clock.${clock.state}`, { name, at: clock.submittedAt ? f.dateTime(clock.submittedAt) : "" })}
      </span>
    );
  return <span className="muted">{t(`incidents.clock.${clock.state}`, { name })}</span>;
}

function IncidentList({ version }: { version: number }) {
  const { t } = useTranslation();
  const f = useFormat();
  // From the first page again after a report.
  const { rows, next, state, more } = useKeysetPages<Incident, { incidents: Incident[]; next: string | null }>(
    String(version),
    (after) => `/api/v1/incidents${query({ limit: 50, after })}`,
    (page) => page.incidents,
  );
  if (state !== "loading" && state !== "done") {
    return (
      <p className="error" role="alert">
        {t("common.failed", { message: state })}
      </p>
    );
  }
  if (state === "done" && rows.length === 0) return <p>{t("incidents.none")}</p>;
  return (
    <>
      <TableWrap label={t("incidents.caption")}>
        <table>
          <caption>{t("incidents.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("incidents.col.title")}</th>
              <th scope="col">{t("incidents.col.org")}</th>
              <th scope="col">{t("incidents.col.status")}</th>
              <th scope="col">{t("incidents.col.next")}</th>
              <th scope="col">{t("incidents.col.aware")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const clock = nextClock(r.clocks);
              return (
                <tr key={r.id}>
                  <th scope="row">
                    <Link href={`/incidentes/${encodeURIComponent(r.id)}`}>{r.title}</Link>
                  </th>
                  <td>{r.org.name}</td>
                  <td>{t(`incidents.status.${r.status}`)}</td>
                  <td>
                    {clock ? <ClockText clock={clock} /> : <span className="muted">{t("incidents.noDeadline")}</span>}
                  </td>
                  <td>{f.dateTime(r.awareAt)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
      {next ? (
        <button type="button" onClick={more} disabled={state === "loading"}>
          {t("common.more")}
        </button>
      ) : null}
    </>
  );
}

/**
 * `datetime-local` gives a wall-clock time without a zone; it is the browser's own clock, which
 * may not be the organization's zone, so the form sends it as an instant (with the browser's
 * offset), never as a bare local time.
 */
function nowLocal(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function ReportForm({ onReported }: { onReported: (id: string) => void }) {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  const { location } = useRouter();
  // From Avistamientos: the sighting the incident comes from, and a title to start with.
  // From an alert (?alert=ID): its log record fills the form, and its sighting is the reference.
  const alertId = location.search.get("alert");
  const [alert, setAlert] = useState<Alert | null>(null);
  const sighting = location.search.get("sighting") ?? alert?.sighting ?? null;
  const [title, setTitle] = useState(() =>
    location.search.get("sighting")
      ? t("incidents.form.fromSighting", { title: location.search.get("title") ?? "" })
      : "",
  );
  const [types, setTypes] = useState<string[]>([]);
  const [awareAt, setAwareAt] = useState(nowLocal);
  const [criticality, setCriticality] = useState("");
  const [description, setDescription] = useState("");
  const [state, setState] = useState<"idle" | "busy" | string>("idle");
  // biome-ignore lint/correctness/useExhaustiveDependencies: filled once per alert, then the user's to edit
  useEffect(() => {
    if (!alertId) return;
    api<Alert>(`/api/v1/alerts/${encodeURIComponent(alertId)}`)
      .then((a) => {
        setAlert(a);
        const kind = t(`alerts.kind.${a.kind}`);
        setTitle(t("incidents.form.fromAlert", { kind, subject: alertSubject(a) }));
        setDescription(
          t("incidents.form.alertRecord", {
            kind,
            id: a.id,
            file: a.file,
            line: String(a.line),
            log: a.log,
            field: a.field ?? "—",
            value: a.value ?? "—",
            src: a.src ?? "—",
            dst: a.dst ?? "—",
            ts: a.ts ? f.dateTime(a.ts) : "—",
          }),
        );
        if (a.kind === "exfiltration") setTypes(["exfiltration"]);
      })
      .catch((err: Error) => setState(err.message));
  }, [alertId]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (types.length === 0) {
      setState(t("incidents.form.needType"));
      return;
    }
    setState("busy");
    try {
      const body: Record<string, unknown> = { title, types, awareAt: new Date(awareAt).toISOString() };
      if (criticality !== "") body.criticality = Number(criticality);
      if (description.trim() !== "") body.description = description;
      if (sighting) body.sightings = [sighting];
      // The national CSIRT turning another organization's alert into an incident reports it for that organization.
      if (alert && alert.orgId !== session.organization.id && session.capabilities.allAlerts) body.org = alert.orgId;
      const made = await api<Incident>("/api/v1/incidents", { method: "POST", body });
      setState("idle");
      setTitle("");
      setTypes([]);
      setDescription("");
      onReported(made.id);
    } catch (err) {
      setState((err as Error).message);
    }
  };
  return (
    <form className="report" onSubmit={(e) => void submit(e)}>
      <h2>{t("incidents.form.title")}</h2>
      <p className="muted">{t("incidents.form.hint")}</p>
      {alert ? (
        <p className="info">
          {t("incidents.form.alert", { subject: alertSubject(alert), org: alert.orgName ?? alert.orgId })}{" "}
          <Link href={`/alertas/${alert.id}`}>{t("incidents.form.seeAlert")}</Link>
        </p>
      ) : null}
      {sighting ? <p>{t("incidents.form.sighting", { id: sighting })}</p> : null}
      <label htmlFor="incident-title">{t("incidents.form.name")}</label>
      <input id="incident-title" required maxLength={300} value={title} onChange={(e) => setTitle(e.target.value)} />
      <fieldset>
        <legend>{t("incidents.form.types")}</legend>
        {TYPES.map((type) => (
          <label key={type} className="check">
            <input
              type="checkbox"
              checked={types.includes(type)}
              onChange={(e) => setTypes(e.target.checked ? [...types, type] : types.filter((x) => x !== type))}
            />
            {t(`incidents.type.${type}`)}
          </label>
        ))}
      </fieldset>
      <label htmlFor="incident-aware">{t("incidents.form.aware")}</label>
      <input
        id="incident-aware"
        type="datetime-local"
        required
        value={awareAt}
        onChange={(e) => setAwareAt(e.target.value)}
      />
      <label htmlFor="incident-criticality">{t("incidents.form.criticality")}</label>
      <input
        id="incident-criticality"
        type="number"
        min={0}
        max={100}
        value={criticality}
        onChange={(e) => setCriticality(e.target.value)}
      />
      <label htmlFor="incident-description">{t("incidents.form.description")}</label>
      <textarea
        id="incident-description"
        rows={4}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
      />
      <button type="submit" disabled={state === "busy"}>
        {t("incidents.form.submit")}
      </button>
      {state !== "idle" && state !== "busy" ? (
        <p className="error" role="alert">
          {state}
        </p>
      ) : null}
    </form>
  );
}

function IncidentDetail({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  const [loaded, reload] = useApi<Incident>(`/api/v1/incidents/${encodeURIComponent(id)}`);
  const [status, setStatus] = useState("");
  const [message, setMessage] = useState<string | null>(null);
  const change = async (e: FormEvent) => {
    e.preventDefault();
    if (status === "") return;
    try {
      await api(`/api/v1/incidents/${encodeURIComponent(id)}`, { method: "PATCH", body: { status } });
      setMessage(null);
      setStatus("");
      reload();
    } catch (err) {
      setMessage((err as Error).message);
    }
  };
  const lang = i18n.language === "en" ? "en" : "es";
  return (
    <Status loaded={loaded}>
      {(r) => (
        <>
          <p>
            <Link href="/incidentes">{t("incidents.back")}</Link>
          </p>
          <h1>{r.title}</h1>
          <p>
            {r.org.name} · {t(`incidents.status.${r.status}`)} ·{" "}
            {r.types.map((x) => t(`incidents.type.${x}`)).join(", ")}
          </p>
          <p>{t("incidents.awareAt", { when: f.dateTime(r.awareAt) })}</p>
          {r.description ? <p>{r.description}</p> : null}
          <h2>{t("incidents.clocks")}</h2>
          <ul className="clocks">
            {r.clocks.map((c) => (
              <li key={c.stage}>
                <ClockText clock={c} />{" "}
                <a
                  href={`/api/v1/incidents/${encodeURIComponent(r.id)}/reports/${encodeURIComponent(c.stage)}?lang=${lang}`}
                >
                  {t("incidents.printable")}
                </a>
                <br />
                <small className="muted">{lang === "en" ? c.rule.en : c.rule.es}</small>
              </li>
            ))}
          </ul>
          {session.capabilities.updateIncident &&
          session.organization.id === r.org.id &&
          nextStatuses(r.status).length > 0 ? (
            <form className="workflow" onSubmit={(e) => void change(e)}>
              <label htmlFor="incident-status">{t("incidents.move")}</label>
              <select id="incident-status" value={status} onChange={(e) => setStatus(e.target.value)}>
                <option value="">{t("incidents.choose")}</option>
                {nextStatuses(r.status).map((s) => (
                  <option key={s} value={s}>
                    {t(`incidents.status.${s}`)}
                  </option>
                ))}
              </select>
              <button type="submit">{t("incidents.apply")}</button>
              {message ? (
                <p className="error" role="alert">
                  {message}
                </p>
              ) : null}
            </form>
          ) : null}
          {session.capabilities.submitIncident && session.organization.id === r.org.id ? (
            <IncidentSubmit
              id={r.id}
              stages={r.clocks
                .filter((c) => c.state !== "not-required")
                .map((c) => ({ stage: c.stage, name: lang === "en" ? c.name.en : c.name.es }))}
              submissions={r.submissions ?? []}
              onSent={reload}
            />
          ) : null}
        </>
      )}
    </Status>
  );
}

/** /incidentes (list and report form) and /incidentes/ID (one incident). */
export function IncidentesPage() {
  const { t } = useTranslation();
  const { location, navigate } = useRouter();
  const session = useSignedIn();
  const [version, setVersion] = useState(0);
  const id = location.path.startsWith("/incidentes/")
    ? decodeURIComponent(location.path.slice("/incidentes/".length))
    : "";
  if (id !== "") return <IncidentDetail id={id} />;
  return (
    <>
      <h1>{t("incidents.title")}</h1>
      <IncidentList version={version} />
      {session.capabilities.reportIncident ? (
        <ReportForm
          onReported={(made) => {
            setVersion((v) => v + 1);
            navigate(`/incidentes/${encodeURIComponent(made)}`);
          }}
        />
      ) : null}
    </>
  );
}
