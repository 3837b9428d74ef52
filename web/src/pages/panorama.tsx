import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ActionItem, ActionList } from "../components/action-list.tsx";
import { MAP_STATES, MexicoMap } from "../components/mexico-map.tsx";
import { OpenIncidents } from "../components/open-incidents.tsx";
import { SightingsOverTime, TopIndicators } from "../components/panorama-sightings.tsx";
import { Status } from "../components/status.tsx";
import { TableWrap } from "../components/table-wrap.tsx";
import { useFormat } from "../format.ts";
import { useApi } from "../hooks.ts";
import { Link } from "../router.tsx";
import { useSignedIn } from "../session.tsx";

/** Counts of the action list (GET /api/v1/exposure/summary). */
interface Counts {
  organizations: number;
  assets: number;
  actions: number;
  kev: number;
  ransomware: number;
  overdue: number;
  designated: number;
}

interface Summary extends Counts {
  scope: "national" | "organization";
  today: string;
  byState: (Counts & { state: string })[];
  bySector: (Counts & { sector: string })[];
  top: ActionItem[];
}

const CARDS = ["actions", "kev", "ransomware", "overdue", "designated", "assets"] as const;

/** The national CSIRT's picture (GET /api/v1/national): incidents and sightings by state. */
interface Picture {
  byState: { key: string; incidents: number; sightings: number }[];
  incidents: { id: string; title: string; organization: string; state: string | null; status: string }[];
}

/** What the map is coloured by: exposure (everyone), or incidents (the national CSIRT). */
type MapBy = "exposure" | "incidents";

/** The incidents of the state chosen on the map, from the national picture. */
function StateIncidents({ picture, state }: { picture: Picture; state: string }) {
  const { t } = useTranslation();
  const f = useFormat();
  const bucket = picture.byState.find((b) => b.key === state);
  const here = picture.incidents.filter((i) => i.state === state);
  return (
    <>
      <dl>
        <div>
          <dt>{t("panorama.incidents")}</dt>
          <dd>{f.number(bucket?.incidents ?? 0)}</dd>
        </div>
        <div>
          <dt>{t("panorama.sightings")}</dt>
          <dd>{f.number(bucket?.sightings ?? 0)}</dd>
        </div>
      </dl>
      {(bucket?.incidents ?? 0) > here.length ? (
        <p className="hint">{t("panorama.countedOnly", { count: (bucket?.incidents ?? 0) - here.length })}</p>
      ) : null}
      {here.length > 0 ? (
        <ul className="state-incidents">
          {here.map((i) => (
            <li key={i.id}>
              <Link href={`/incidentes/${encodeURIComponent(i.id)}`}>{i.title}</Link> · {i.organization} ·{" "}
              {t(`incidents.status.${i.status}`)}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

/**
 * Panorama: the organization's picture, or the country's for the national CSIRT — sightings over
 * time, the indicators seen most, open incidents and their deadlines, then exposure: the action
 * list's first items, the map of the 32 states and exposure by sector.
 */
export function PanoramaPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  const [summary] = useApi<Summary>("/api/v1/exposure/summary?top=5");
  const [state, setState] = useState<string | null>(null);
  const [mapBy, setMapBy] = useState<MapBy>("exposure");
  // Only the national CSIRT reads the national picture (access's national.read).
  const [picture] = useApi<Picture>(session.capabilities.national ? "/api/v1/national" : null);
  const byIncidents = mapBy === "incidents" && picture.state === "done" ? picture.data : null;

  return (
    <>
      <h1>
        {session.capabilities.national
          ? t("panorama.titleNational")
          : t("panorama.titleOrg", { org: session.organization.name })}
      </h1>
      <Status loaded={summary}>
        {(s) => {
          const exposure = byIncidents
            ? new Map(byIncidents.byState.map((g) => [g.key, g.incidents]))
            : new Map(s.byState.map((g) => [g.state, g.kev + g.designated]));
          const chosen = state ? s.byState.find((g) => g.state === state) : undefined;
          const chosenName = MAP_STATES.find((m) => m.code === state)?.name;
          const maxSector = Math.max(1, ...s.bySector.map((g) => g.kev + g.designated));
          return (
            <>
              <section aria-labelledby="counts-h">
                <h2 id="counts-h" className="visually-hidden">
                  {t("panorama.counts")}
                </h2>
                <ul className="cards">
                  {CARDS.map((c) => (
                    <li key={c} className={`card card-${c}`}>
                      <span className="value">{f.number(s[c])}</span>
                      <span className="label">{t(`panorama.card.${c}`)}</span>
                    </li>
                  ))}
                </ul>
              </section>
              {session.capabilities.readAlerts ? (
                <div className="columns">
                  <SightingsOverTime />
                  <TopIndicators />
                </div>
              ) : null}
              {session.capabilities.readIncidents ? <OpenIncidents /> : null}
              <div className="columns">
                <section aria-labelledby="next-h" className="next">
                  <h2 id="next-h">{t("panorama.next")}</h2>
                  <ActionList items={s.top} headingId="next-h" />
                  {s.actions > s.top.length && session.capabilities.readInventory && (
                    <Link href="/activos#acciones">{t("panorama.allActions", { count: s.actions })}</Link>
                  )}
                </section>
                <section aria-labelledby="map-h" className="map-section">
                  <h2 id="map-h">{byIncidents ? t("panorama.mapIncidents") : t("panorama.map")}</h2>
                  <p className="hint">{t("panorama.mapHint")}</p>
                  {session.capabilities.national ? (
                    <fieldset className="map-by">
                      <legend>{t("panorama.mapBy")}</legend>
                      {(["exposure", "incidents"] as const).map((m) => (
                        <label key={m} className="check">
                          <input
                            type="radio"
                            name="map-by"
                            value={m}
                            checked={mapBy === m}
                            onChange={() => setMapBy(m)}
                          />
                          {m === "exposure" ? t("panorama.mapBy.exposure") : t("panorama.mapBy.incidents")}
                        </label>
                      ))}
                    </fieldset>
                  ) : null}
                  {mapBy === "incidents" && picture.state === "failed" ? (
                    <p className="error" role="alert">
                      {t("common.failed", { message: picture.message })}
                    </p>
                  ) : null}
                  <MexicoMap
                    values={exposure}
                    label={byIncidents ? t("panorama.mapLabelIncidents") : t("panorama.mapLabel")}
                    selected={state}
                    onSelect={setState}
                    legend={byIncidents ? (max) => t("panorama.legendIncidents", { max }) : undefined}
                    describe={(_code, name, value) =>
                      byIncidents
                        ? t("panorama.stateIncidents", { state: name, count: value })
                        : t("panorama.stateLabel", { state: name, count: value })
                    }
                  />
                  <div aria-live="polite" className="state-detail">
                    {state && (
                      <>
                        <h3>{chosenName}</h3>
                        {byIncidents ? (
                          <StateIncidents picture={byIncidents} state={state} />
                        ) : chosen ? (
                          <dl>
                            {(["organizations", "assets", "actions", "kev", "designated"] as const).map((k) => (
                              <div key={k}>
                                <dt>{t(`panorama.card.${k}`)}</dt>
                                <dd>{f.number(chosen[k])}</dd>
                              </div>
                            ))}
                          </dl>
                        ) : (
                          <p>{t("panorama.stateEmpty")}</p>
                        )}
                      </>
                    )}
                  </div>
                </section>
              </div>
              {s.bySector.length > 0 && (
                <section aria-labelledby="sector-h">
                  <h2 id="sector-h">{t("panorama.bySector")}</h2>
                  <TableWrap label={t("panorama.bySector")}>
                    <table className="bars">
                      <thead>
                        <tr>
                          <th scope="col">{t("panorama.sector")}</th>
                          <th scope="col">{t("panorama.card.kev")}</th>
                          <th scope="col">{t("panorama.card.designated")}</th>
                          <th scope="col">{t("panorama.card.assets")}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {s.bySector.map((g) => (
                          <tr key={g.sector}>
                            <th scope="row">{t(`sector.${g.sector}`, { defaultValue: g.sector })}</th>
                            <td>
                              <span
                                className="bar kev"
                                style={{ width: `${(100 * g.kev) / maxSector}%` }}
                                aria-hidden="true"
                              />
                              {f.number(g.kev)}
                            </td>
                            <td>
                              <span
                                className="bar designated"
                                style={{ width: `${(100 * g.designated) / maxSector}%` }}
                                aria-hidden="true"
                              />
                              {f.number(g.designated)}
                            </td>
                            <td>{f.number(g.assets)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </TableWrap>
                </section>
              )}
              <p className="hint">{t("panorama.asOf", { date: f.day(s.today) })}</p>
            </>
          );
        }}
      </Status>
    </>
  );
}
