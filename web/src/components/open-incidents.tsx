import { useTranslation } from "react-i18next";
import { useApi } from "../hooks.ts";
import { Link } from "../router.tsx";
import { isLate, nextStage, RunningClock, type StageClock, useNow } from "./deadline-clock.tsx";
import { Status } from "./status.tsx";
import { TableWrap } from "./table-wrap.tsx";

/**
 * The Panorama's open incidents (every status but closed) with the clock of each one's next
 * reporting stage, soonest first, late ones flagged. Read from GET /api/v1/incidents (what TLP
 * lets the user's organization read; one page of the newest).
 */

/** The incident fields the list shows. */
interface OpenIncident {
  id: string;
  title: string;
  status: string;
  org: { id: string; name: string };
  clocks: StageClock[];
}

/** How many open incidents the Panorama lists; the rest are on Incidentes. */
const SHOWN = 10;

/** The open incidents and their deadlines. */
export function OpenIncidents() {
  const { t, i18n } = useTranslation();
  const now = useNow();
  const [loaded] = useApi<{ incidents: OpenIncident[]; next: string | null }>("/api/v1/incidents?limit=100");
  return (
    <section aria-labelledby="open-incidents-h">
      <h2 id="open-incidents-h">{t("panorama.open.title")}</h2>
      <Status loaded={loaded}>
        {({ incidents }) => {
          const open = incidents
            .filter((i) => i.status !== "closed")
            .map((i) => ({ incident: i, clock: nextStage(i.clocks) }));
          // Soonest deadline first (the late ones are the soonest); those without one last.
          open.sort((a, b) => (a.clock?.due ?? "\uffff").localeCompare(b.clock?.due ?? "\uffff"));
          if (open.length === 0) return <p>{t("panorama.open.none")}</p>;
          const late = open.filter((o) => o.clock && isLate(o.clock, now)).length;
          return (
            <>
              <p className={late > 0 ? "late" : undefined}>
                {t("panorama.open.summary", { count: open.length })}{" "}
                {late > 0 ? t("panorama.open.late", { count: late }) : null}
              </p>
              <TableWrap label={t("panorama.open.title")}>
                <table className="open-incidents">
                  <caption className="visually-hidden">{t("panorama.open.title")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("incidents.col.title")}</th>
                      <th scope="col">{t("incidents.col.org")}</th>
                      <th scope="col">{t("incidents.col.status")}</th>
                      <th scope="col">{t("panorama.open.stage")}</th>
                      <th scope="col">{t("panorama.open.clock")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {open.slice(0, SHOWN).map(({ incident: i, clock }) => (
                      <tr key={i.id} className={clock && isLate(clock, now) ? "is-late" : undefined}>
                        <th scope="row">
                          <Link href={`/incidentes/${encodeURIComponent(i.id)}`}>{i.title}</Link>
                        </th>
                        <td>{i.org.name}</td>
                        <td>{t(`incidents.status.${i.status}`)}</td>
                        <td>{clock ? (i18n.language === "en" ? clock.name.en : clock.name.es) : "—"}</td>
                        <td>
                          {clock ? (
                            <RunningClock clock={clock} now={now} />
                          ) : (
                            <span className="muted">{t("incidents.noDeadline")}</span>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </TableWrap>
              {open.length > SHOWN ? (
                <Link href="/incidentes">{t("panorama.open.all", { count: open.length })}</Link>
              ) : null}
            </>
          );
        }}
      </Status>
    </section>
  );
}
