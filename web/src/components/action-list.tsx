import { useTranslation } from "react-i18next";
import { useFormat } from "../format.ts";

/** One line of the action list as the API returns it (reasons in both languages). */
export interface ActionItem {
  rank: number;
  id: string;
  kind: "vulnerability" | "designated-vendor" | "unconfirmed-version";
  organizationId: string | null;
  assetName: string;
  cveId: string | null;
  score: number;
  dueDate: string | null;
  reasons: { factor: string; points: number; en: string; es: string }[];
  action: { en: string; es: string };
}

/** The action list: what to do, on which asset, why (in the chosen language), and by when. */
export function ActionList({ items, headingId }: { items: ActionItem[]; headingId: string }) {
  const { t, i18n } = useTranslation();
  const f = useFormat();
  const lang = i18n.language === "en" ? "en" : "es";
  if (items.length === 0) return <p className="empty">{t("actions.none")}</p>;
  return (
    <ol className="actions" aria-labelledby={headingId}>
      {items.map((item) => (
        <li key={item.id}>
          <div className="action-head">
            <span className={`kind ${item.kind}`}>{t(`actions.kind.${item.kind}`)}</span>
            <strong>{item.action[lang]}</strong>
          </div>
          <div className="action-meta">
            <span>{t("actions.asset", { name: item.assetName })}</span>
            {item.cveId && <span>{item.cveId}</span>}
            <span>{t("actions.score", { score: f.number(item.score) })}</span>
            {item.dueDate && <span>{t("actions.due", { date: f.day(item.dueDate) })}</span>}
          </div>
          <details>
            <summary>{t("actions.why")}</summary>
            <ul>
              {item.reasons.map((r) => (
                <li key={r.factor}>
                  {r[lang]} <span className="points">(+{f.number(r.points)})</span>
                </li>
              ))}
            </ul>
          </details>
        </li>
      ))}
    </ol>
  );
}
