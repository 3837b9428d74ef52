import { useTranslation } from "react-i18next";
import { query } from "../api.ts";
import { TableWrap } from "../components/table-wrap.tsx";
import { useFormat } from "../format.ts";
import { useKeysetPages } from "../hooks.ts";
import { Link } from "../router.tsx";
import { useSignedIn } from "../session.tsx";
import { TlpBadge } from "./inteligencia.tsx";

/**
 * Avistamientos (a tab of Alertas): what detection (`centinela scan`, `hunt`) found in the organizations' own
 * logs, as the STIX sightings it recorded — one per indicator and organization, with how many
 * events and when first and last — each linked to its indicator and, for a role that may
 * report, turned into an incident in one click (the incident refers to the sighting), and for
 * a role that reads alerts, a link to the alerts (the log records) the sighting counts.
 */

interface Sighting {
  id: string;
  tlp: string | null;
  count: number | null;
  firstSeen: string | null;
  lastSeen: string | null;
  sightingOf: { id: string; type: string; title: string | null; pattern: string | null };
  where: { identity: string; orgId: string | null; name: string | null }[];
}

const PAGE = 50;

/** The sightings the organization may see (TLP in the store), in keyset pages. */
export function SightingsView() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  // The first page once, at open.
  const { rows, next, state, more } = useKeysetPages<Sighting, { sightings: Sighting[]; next: string | null }>(
    "",
    (after) => `/api/v1/sightings${query({ limit: PAGE, after })}`,
    (page) => page.sightings,
  );
  return (
    <>
      <h2>{t("sightings.title")}</h2>
      <p className="muted">{t("sightings.hint")}</p>
      {state !== "loading" && state !== "done" ? (
        <p className="error" role="alert">
          {t("common.failed", { message: state })}
        </p>
      ) : null}
      {state === "done" && rows.length === 0 ? <p>{t("sightings.none")}</p> : null}
      {rows.length > 0 ? (
        <TableWrap label={t("sightings.caption")}>
          <table>
            <caption>{t("sightings.caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("sightings.col.indicator")}</th>
                <th scope="col">{t("sightings.col.count")}</th>
                <th scope="col">{t("sightings.col.first")}</th>
                <th scope="col">{t("sightings.col.last")}</th>
                <th scope="col">{t("sightings.col.where")}</th>
                <th scope="col">{t("sightings.col.tlp")}</th>
                {session.capabilities.reportIncident ? <th scope="col">{t("sightings.col.act")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link href={`/inteligencia/${encodeURIComponent(s.sightingOf.id)}`}>
                      {s.sightingOf.title ?? s.sightingOf.id}
                    </Link>
                    {s.sightingOf.pattern ? (
                      <>
                        <br />
                        <code>{s.sightingOf.pattern}</code>
                      </>
                    ) : null}
                    {session.capabilities.readAlerts && s.sightingOf.type === "indicator" ? (
                      <>
                        <br />
                        <Link href={`/alertas${query({ indicator: s.sightingOf.id })}`}>{t("sightings.alerts")}</Link>
                      </>
                    ) : null}
                  </th>
                  <td>{s.count === null ? "—" : f.number(s.count)}</td>
                  <td>{s.firstSeen ? f.dateTime(s.firstSeen) : "—"}</td>
                  <td>{s.lastSeen ? f.dateTime(s.lastSeen) : "—"}</td>
                  <td>{s.where.map((w) => w.name ?? w.identity).join(", ")}</td>
                  <td>
                    <TlpBadge tlp={s.tlp} />
                  </td>
                  {session.capabilities.reportIncident ? (
                    <td>
                      <Link href={`/incidentes${query({ sighting: s.id, title: s.sightingOf.title ?? "" })}`}>
                        {t("sightings.report")}
                      </Link>
                    </td>
                  ) : null}
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
    </>
  );
}
