import { computeClocks, describeClock } from "./deadlines.js";
import { IncidentError } from "./errors.js";
import { type Lang, sectorName, type Text } from "./lang.js";
import { REGIME_STAGES, type ReportField, stageOf } from "./regimes.js";
import type { IncidentRecord } from "./types.js";
import { DETERMINATION_NAMES, INCIDENT_TYPE_NAMES, nameOf, RECOVERABILITY_NAMES } from "./vocabulary.js";
import { STATUS_NAMES } from "./workflow.js";
import { formatLocal } from "./zoned-time.js";

/**
 * The printable report of one stage: a self-contained HTML page (no scripts, no external files)
 * with the fields that stage asks for, filled from the incident, and the stage's clock. Fields
 * the incident does not have yet are shown as pending so the reporter sees what is missing.
 */

const LABELS: Readonly<Record<ReportField, Text>> = {
  organization: { es: "Organización", en: "Organization" },
  sector_state: { es: "Sector y entidad", en: "Sector and state" },
  awareness: { es: "Momento de conocimiento", en: "Time of awareness" },
  title: { es: "Título", en: "Title" },
  types: { es: "Tipo de incidente", en: "Incident type" },
  criticality: { es: "Criticidad (0–100)", en: "Criticality (0–100)" },
  determination: { es: "Determinación", en: "Determination" },
  status: { es: "Estado de la atención", en: "Response status" },
  description: { es: "Descripción", en: "Description" },
  assets: { es: "Activos afectados", en: "Affected assets" },
  impacts: { es: "Impacto", en: "Impact" },
  actor: { es: "Actor atribuido", en: "Attributed actor" },
  indicators: { es: "Indicadores y avistamientos", en: "Indicators and sightings" },
  malicious_suspected: { es: "¿Se sospecha acto ilícito o malicioso?", en: "Suspected unlawful or malicious act?" },
  cross_border: { es: "Impacto transfronterizo", en: "Cross-border impact" },
  mitigation: { es: "Medidas de mitigación", en: "Mitigation measures" },
  root_cause: { es: "Causa raíz / tipo de amenaza", en: "Root cause / type of threat" },
  ransom: { es: "Pago de rescate", en: "Ransom payment" },
  contact: { es: "Contacto", en: "Contact" },
};

const PENDING: Text = { es: "— pendiente —", en: "— to be completed —" };

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);

function value(field: ReportField, r: IncidentRecord, lang: Lang): string | null {
  const es = lang === "es";
  switch (field) {
    case "organization":
      return r.org.name || null;
    case "sector_state":
      return (
        [r.org.sector ? sectorName(r.org.sector, lang) : null, r.org.stateName ?? r.org.state]
          .filter(Boolean)
          .join(" · ") || null
      );
    case "awareness":
      return formatLocal(Date.parse(r.awareAt), r.timeZone);
    case "title":
      return r.title;
    case "types":
      return r.types.map((t) => nameOf(INCIDENT_TYPE_NAMES, t, lang)).join(", ") || null;
    case "criticality":
      return r.criticality === null ? null : String(r.criticality);
    case "determination":
      return nameOf(DETERMINATION_NAMES, r.determination, lang);
    case "status":
      return STATUS_NAMES[r.status][lang];
    case "description":
      return r.description;
    case "assets":
      return r.assets.map((a) => a.name).join(", ") || null;
    case "impacts": {
      const parts: string[] = [];
      if (r.availability !== null) parts.push(`${es ? "disponibilidad" : "availability"} ${r.availability}/100`);
      if (r.recoverability)
        parts.push(
          `${es ? "recuperabilidad" : "recoverability"}: ${nameOf(RECOVERABILITY_NAMES, r.recoverability, lang)}`,
        );
      if (r.assets.length > 0) parts.push(`${r.assets.length} ${es ? "sistemas" : "systems"}`);
      return parts.join("; ") || null;
    }
    case "actor":
      return r.actor ? `${r.actor.name} (${r.actor.source})` : null;
    case "indicators":
      return r.sightingRefs.join(", ") || null;
    case "malicious_suspected":
      return r.determination === "false-positive" ? (es ? "No" : "No") : es ? "Sí" : "Yes";
    case "ransom":
      return r.ransomPaidAt ? formatLocal(Date.parse(r.ransomPaidAt), r.timeZone) : null;
    case "contact":
      return r.assignee;
    case "cross_border":
      return r.crossBorder;
    case "mitigation":
      return r.mitigation;
    case "root_cause":
      return r.rootCause;
  }
}

/** The HTML report of `stage` of the incident's regime, in `lang`, with the clock as of `now`. */
export function stageReportHtml(r: IncidentRecord, stageId: string, lang: Lang, now: number): string {
  if (REGIME_STAGES[r.regime].length === 0)
    throw new IncidentError("INCIDENT_UNKNOWN_STAGE", { value: stageId, regime: r.regime, allowed: "—" });
  const stage = stageOf(r.regime, stageId);
  const clock = computeClocks(
    {
      regime: r.regime,
      awareAt: Date.parse(r.awareAt),
      criticality: r.criticality,
      ransomPaidAt: r.ransomPaidAt ? Date.parse(r.ransomPaidAt) : null,
      submitted: Object.fromEntries(r.submissions.map((s) => [s.stage, Date.parse(s.at)])),
      timeZone: r.timeZone,
    },
    now,
  ).find((c) => c.stage === stage.id);
  const rows = stage.fields
    .map((f) => {
      const v = value(f, r, lang);
      return `<tr><th>${esc(LABELS[f][lang])}</th><td${v === null ? ' class="pending"' : ""}>${esc(v ?? PENDING[lang])}</td></tr>`;
    })
    .join("\n");
  // Late, or due at once and not yet sent: flagged (never blocked).
  const late = clock?.late || clock?.state === "immediate" ? ' class="late"' : "";
  const title = `${stage.name[lang]} — ${r.regime}`;
  return `<!DOCTYPE html>
<html lang="${lang === "es" ? "es-MX" : "en"}">
<head>
<meta charset="utf-8">
<title>${esc(title)}</title>
<style>
body { font: 11pt/1.4 system-ui, sans-serif; margin: 2cm; color: #111; }
h1 { font-size: 16pt; margin: 0 0 .2em; } .meta { color: #444; margin: 0 0 1em; }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid #999; padding: .35em .5em; vertical-align: top; text-align: left; }
th { width: 32%; background: #f2f2f2; } td.pending { color: #777; font-style: italic; }
p.clock { padding: .5em; border: 1px solid #999; } p.late { border: 2px solid #b00; color: #b00; font-weight: bold; }
@media print { body { margin: 1cm; } }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
<p class="meta">${esc(r.id)} · ${esc(lang === "es" ? "Regla" : "Rule")}: ${esc(stage.rule[lang])} · ${esc(lang === "es" ? "Generado" : "Generated")} ${esc(formatLocal(now, r.timeZone))}</p>
<p${late || ' class="clock"'}>${esc(clock ? describeClock(clock, lang) : "")}</p>
<table>
${rows}
</table>
</body>
</html>
`;
}
