import { useState } from "react";
import { useTranslation } from "react-i18next";
import { type ActionItem, ActionList } from "../components/action-list.tsx";
import { MAP_STATES, MexicoMap } from "../components/mexico-map.tsx";
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

/** Panorama: the exposure of the organization, or of the country for the national CSIRT. */
export function PanoramaPage() {
  const { t } = useTranslation();
  const f = useFormat();
  const session = useSignedIn();
  const [summary] = useApi<Summary>("/api/v1/exposure/summary?top=5");
  const [state, setState] = useState<string | null>(null);

  return (
    <>
      <h1>
        {session.capabilities.national
          ? t("panorama.titleNational")
          : t("panorama.titleOrg", { org: session.organization.name })}
      </h1>
      <Status loaded={summary}>
        {(s) => {
          const exposure = new Map(s.byState.map((g) => [g.state, g.kev + g.designated]));
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
              <div className="columns">
                <section aria-labelledby="next-h" className="next">
                  <h2 id="next-h">{t("panorama.next")}</h2>
                  <ActionList items={s.top} headingId="next-h" />
                  {s.actions > s.top.length && session.capabilities.readInventory && (
                    <Link href="/activos#acciones">{t("panorama.allActions", { count: s.actions })}</Link>
                  )}
                </section>
                <section aria-labelledby="map-h" className="map-section">
                  <h2 id="map-h">{t("panorama.map")}</h2>
                  <p className="hint">{t("panorama.mapHint")}</p>
                  <MexicoMap
                    values={exposure}
                    label={t("panorama.mapLabel")}
                    selected={state}
                    onSelect={setState}
                    describe={(_code, name, value) => t("panorama.stateLabel", { state: name, count: value })}
                  />
                  <div aria-live="polite" className="state-detail">
                    {state && (
                      <>
                        <h3>{chosenName}</h3>
                        {chosen ? (
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
