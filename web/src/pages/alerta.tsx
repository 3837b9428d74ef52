import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, query } from "../api.ts";
import { Status } from "../components/status.tsx";
import { useFormat } from "../format.ts";
import { useApi } from "../hooks.ts";
import { Link } from "../router.tsx";
import { type SignedIn, useSignedIn } from "../session.tsx";

/**
 * One alert (/alertas/ID): its log record as detection kept it — file, line, log, field, value,
 * source, destination, the event's own time and what an analytic measured — its status with who
 * set it, when and the note; acknowledge, dismiss or reopen it with a note (only for a role the
 * server lets change it), and turn it into an incident (the report form, filled from the alert).
 */

/** An alert as GET /api/v1/alerts answers it. */
export interface Alert {
  id: string;
  orgId: string;
  orgName: string | null;
  kind: string;
  event: string;
  indicatorId: string | null;
  value: string | null;
  field: string | null;
  log: string;
  file: string;
  line: number;
  ts: string | null;
  src: string | null;
  dst: string | null;
  details: Record<string, unknown> | null;
  status: "new" | "acknowledged" | "dismissed";
  statusBy: string | null;
  statusAt: string | null;
  note: string | null;
  recorded: string;
  /** The sighting an indicator match counts in; null for an analytic's alert. */
  sighting: string | null;
}

/** May this session change the alert's status (the server's capabilities, from access's rulebook)? */
export function mayUpdate(session: SignedIn, alert: Alert): boolean {
  const c = session.capabilities;
  return c.updateAlerts && (c.allAlerts || alert.orgId === session.organization.id);
}

/** What the alert points at, for a heading or a link: the value, else the destination. */
export function alertSubject(alert: Alert): string {
  return alert.value ?? alert.dst ?? alert.src ?? alert.id.slice(0, 8);
}

/** A value from an analytic's details, shown as text (numbers in the locale). */
function detailText(v: unknown, number: (n: number) => string): string {
  if (typeof v === "number") return number(v);
  if (typeof v === "string" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}

const STATUS_ACTIONS = [
  { status: "acknowledged", key: "alerts.act.acknowledge" },
  { status: "dismissed", key: "alerts.act.dismiss" },
  { status: "new", key: "alerts.act.reopen" },
] as const;

function StatusForm({ alert, onChanged }: { alert: Alert; onChanged: (a: Alert) => void }) {
  const { t } = useTranslation();
  const [note, setNote] = useState("");
  const [state, setState] = useState<"idle" | "busy" | string>("idle");
  const send = async (e: FormEvent, status: Alert["status"]) => {
    e.preventDefault();
    setState("busy");
    try {
      const changed = await api<Alert>(`/api/v1/alerts/${encodeURIComponent(alert.id)}`, {
        method: "PATCH",
        body: { status, note: note.trim() === "" ? null : note },
      });
      setNote("");
      setState("idle");
      onChanged(changed);
    } catch (err) {
      setState((err as Error).message);
    }
  };
  return (
    <form className="alert-status" onSubmit={(e) => void send(e, "acknowledged")}>
      <h2>{t("alerts.act.title")}</h2>
      <label htmlFor="alert-note">{t("alerts.act.note")}</label>
      <textarea id="alert-note" rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} />
      <div className="buttons">
        {STATUS_ACTIONS.filter((a) => a.status !== alert.status).map((a) => (
          <button
            key={a.status}
            type={a.status === "acknowledged" ? "submit" : "button"}
            className={a.status === "acknowledged" ? undefined : "secondary"}
            disabled={state === "busy"}
            onClick={a.status === "acknowledged" ? undefined : (e) => void send(e, a.status)}
          >
            {t(a.key)}
          </button>
        ))}
      </div>
      {state !== "idle" && state !== "busy" ? (
        <p className="error" role="alert">
          {state}
        </p>
      ) : null}
    </form>
  );
}

/** The detail of one alert. */
export function AlertDetail({ id }: { id: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  const [loaded] = useApi<Alert>(`/api/v1/alerts/${encodeURIComponent(id)}`);
  // The alert as the last change answered it (the server's word on status, by, at and note).
  const [changed, setChanged] = useState<Alert | null>(null);
  return (
    <Status loaded={loaded}>
      {(first) => {
        const a = changed ?? first;
        const row = (label: string, value: ReactNode) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value ?? "—"}</dd>
          </div>
        );
        return (
          <>
            <p>
              <Link href="/alertas">{t("alerts.back")}</Link>
            </p>
            <h1>{t("alerts.detail.title", { kind: t(`alerts.kind.${a.kind}`), subject: alertSubject(a) })}</h1>
            <p aria-live="polite">
              <span className={`alert-status-badge status-${a.status}`}>{t(`alerts.status.${a.status}`)}</span>{" "}
              {a.statusBy && a.statusAt ? (
                <span>{t("alerts.detail.statusBy", { user: a.statusBy, at: f.dateTime(a.statusAt) })}</span>
              ) : null}
              {a.note ? (
                <>
                  <br />
                  <span>{t("alerts.detail.note", { note: a.note })}</span>
                </>
              ) : null}
            </p>
            <h2>{t("alerts.detail.record")}</h2>
            <dl className="record">
              {row(t("alerts.col.time"), a.ts ? f.dateTime(a.ts) : null)}
              {row(t("alerts.col.org"), a.orgName ?? a.orgId)}
              {row(t("alerts.detail.file"), <code>{`${a.file}:${a.line}`}</code>)}
              {row(t("alerts.detail.log"), <code>{a.log}</code>)}
              {row(t("alerts.detail.field"), a.field ? <code>{a.field}</code> : null)}
              {row(t("alerts.col.value"), a.value ? <code>{a.value}</code> : null)}
              {row(t("alerts.detail.src"), a.src ? <code>{a.src}</code> : null)}
              {row(t("alerts.detail.dst"), a.dst ? <code>{a.dst}</code> : null)}
              {row(
                t("alerts.detail.indicator"),
                a.indicatorId ? (
                  <Link href={`/inteligencia/${encodeURIComponent(a.indicatorId)}`}>{a.indicatorId}</Link>
                ) : null,
              )}
              {row(t("alerts.detail.sighting"), a.sighting ? <code>{a.sighting}</code> : null)}
              {row(t("alerts.detail.recorded"), f.dateTime(a.recorded))}
              {row(t("alerts.detail.event"), <code>{a.event}</code>)}
            </dl>
            <p className="muted">{t("alerts.detail.rawHint", { file: a.file, line: String(a.line) })}</p>
            {a.details ? (
              <>
                <h2>{t("alerts.detail.details")}</h2>
                <dl className="record">
                  {Object.entries(a.details).map(([k, v]) => (
                    <div key={k}>
                      <dt>
                        <code>{k}</code>
                      </dt>
                      <dd>{detailText(v, f.number)}</dd>
                    </div>
                  ))}
                </dl>
              </>
            ) : null}
            {mayUpdate(session, a) ? <StatusForm alert={a} onChanged={setChanged} /> : null}
            {session.capabilities.reportIncident ? (
              <p>
                <Link className="button" href={`/incidentes${query({ alert: a.id })}`}>
                  {t("alerts.toIncident")}
                </Link>
              </p>
            ) : null}
          </>
        );
      }}
    </Status>
  );
}
