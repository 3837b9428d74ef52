import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../api.ts";
import { useFormat } from "../format.ts";

/**
 * "Enviar al CSIRT Nacional" on an incident's page: POST /api/v1/incidents/:id/submissions sends
 * the incident's current version (or its anonymized copy) to the national hub's collection for a
 * reporting stage — the first not yet submitted unless one is chosen — and that stage's clock
 * stops. "Vista previa" asks the same with preview, which sends nothing and answers what would
 * leave and what anonymizing would change. The submissions made are listed with when and where.
 */

/** A stage of the incident's regime, as its clock names it. */
export interface SubmitStage {
  stage: string;
  name: string;
}

/** A submission the incident records. */
export interface Submission {
  stage: string;
  at: string;
  to: string;
  anonymized: boolean;
}

interface Answer {
  stage: string;
  to: string;
  anonymized: boolean;
  sent: boolean;
  objects: unknown[];
  redactions: { field: string; rule: string; before: string; after: string }[];
}

/** The panel: the stage, anonymization, preview and send; `onSent` reloads the incident. */
export function IncidentSubmit(props: {
  id: string;
  stages: SubmitStage[];
  submissions: Submission[];
  onSent: () => void;
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const [stage, setStage] = useState("");
  const [anonymize, setAnonymize] = useState(false);
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [state, setState] = useState<"idle" | "busy" | string>("idle");
  const stageName = (id: string) => props.stages.find((s) => s.stage === id)?.name ?? id;
  const send = async (preview: boolean) => {
    setState("busy");
    try {
      const body: Record<string, unknown> = { anonymize, preview };
      if (stage !== "") body.stage = stage;
      const made = await api<Answer>(`/api/v1/incidents/${encodeURIComponent(props.id)}/submissions`, {
        method: "POST",
        body,
      });
      setAnswer(made);
      setState("idle");
      if (made.sent) props.onSent();
    } catch (err) {
      setState((err as Error).message);
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void send(false);
  };
  return (
    <section aria-labelledby="submit-h" className="submit-panel">
      <h2 id="submit-h">{t("incidents.submit.title")}</h2>
      <p className="muted">{t("incidents.submit.hint")}</p>
      {props.submissions.length > 0 ? (
        <ul className="submissions">
          {props.submissions.map((s) => (
            <li key={`${s.stage}-${s.at}`}>
              {s.anonymized
                ? t("incidents.submit.doneAnonymized", { stage: stageName(s.stage), at: f.dateTime(s.at), to: s.to })
                : t("incidents.submit.done", { stage: stageName(s.stage), at: f.dateTime(s.at), to: s.to })}
            </li>
          ))}
        </ul>
      ) : null}
      <form className="workflow" onSubmit={submit}>
        <label htmlFor="submit-stage">{t("incidents.submit.stage")}</label>
        <select id="submit-stage" value={stage} onChange={(e) => setStage(e.target.value)}>
          <option value="">{t("incidents.submit.nextStage")}</option>
          {props.stages.map((s) => (
            <option key={s.stage} value={s.stage}>
              {s.name}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" checked={anonymize} onChange={(e) => setAnonymize(e.target.checked)} />
          {t("incidents.submit.anonymize")}
        </label>
        <div className="buttons">
          <button type="button" className="secondary" disabled={state === "busy"} onClick={() => void send(true)}>
            {t("incidents.submit.preview")}
          </button>
          <button type="submit" disabled={state === "busy"}>
            {t("incidents.submit.send")}
          </button>
        </div>
      </form>
      <div aria-live="polite">
        {answer ? (
          <p className={answer.sent ? "info" : undefined}>
            {answer.sent
              ? t("incidents.submit.sent", {
                  count: answer.objects.length,
                  stage: stageName(answer.stage),
                  to: answer.to,
                })
              : t("incidents.submit.would", {
                  count: answer.objects.length,
                  stage: stageName(answer.stage),
                  to: answer.to,
                })}
          </p>
        ) : null}
        {answer && answer.redactions.length > 0 ? (
          <ul className="redactions">
            {answer.redactions.map((r) => (
              <li key={`${r.field}-${r.before}`}>
                <code>{r.field}</code>: «{r.before}» → «{r.after}»
              </li>
            ))}
          </ul>
        ) : null}
        {state !== "idle" && state !== "busy" ? (
          <p className="error" role="alert">
            {state}
          </p>
        ) : null}
      </div>
    </section>
  );
}
