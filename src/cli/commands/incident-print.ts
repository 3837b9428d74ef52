import { getLocale } from "../../i18n/index.js";
import {
  clocksOf,
  DETERMINATION_NAMES,
  describeClock,
  formatLocal,
  INCIDENT_TYPE_NAMES,
  type IncidentComment,
  type IncidentRecord,
  type Lang,
  langOf,
  type NationalPicture,
  nameOf,
  type Redaction,
  STATUS_NAMES,
  sectorName,
} from "../../incidents/index.js";

/**
 * What the `incident` and `national` commands print for people: short, one fact a line, in
 * Spanish unless --lang en or the locale says English.
 */

/** The output language: --lang, else the process's locale. */
export function outputLang(flag: string | undefined): Lang {
  if (flag === undefined) return langOf(getLocale());
  const v = flag.trim().toLowerCase();
  if (v.startsWith("en")) return "en";
  if (v.startsWith("es")) return "es";
  throw new Error(
    getLocale() === "en" ? `--lang must be es or en, not "${flag}"` : `--lang debe ser es o en, no «${flag}»`,
  );
}

const L = {
  org: { es: "Organización", en: "Organization" },
  status: { es: "Estado", en: "Status" },
  aware: { es: "Conocimiento", en: "Awareness" },
  regime: { es: "Régimen", en: "Regime" },
  crit: { es: "Criticidad", en: "Criticality" },
  types: { es: "Tipo", en: "Type" },
  assets: { es: "Activos", en: "Assets" },
  actor: { es: "Actor", en: "Actor" },
  assignee: { es: "Asignado a", en: "Assigned to" },
  clocks: { es: "Plazos", en: "Deadlines" },
  submitted: { es: "Envíos", en: "Submissions" },
  files: { es: "Archivos", en: "Files" },
  comments: { es: "Comentarios", en: "Comments" },
  none: { es: "ninguno", en: "none" },
};

/** The full description of one incident, with its clocks at `now` and, when given, its comments. */
export function describeIncident(
  r: IncidentRecord,
  lang: Lang,
  now: number,
  comments: readonly IncidentComment[] = [],
): string {
  const lines = [
    `${r.id}  ${r.title}`,
    `  ${L.org[lang]}: ${r.org.name}${r.org.sector ? ` (${sectorName(r.org.sector, lang)}${r.org.state ? `, ${r.org.state}` : ""})` : ""} · TLP:${r.org.tlp.toUpperCase()}`,
    `  ${L.status[lang]}: ${STATUS_NAMES[r.status][lang]} · ${nameOf(DETERMINATION_NAMES, r.determination, lang)}`,
    `  ${L.types[lang]}: ${r.types.map((t) => nameOf(INCIDENT_TYPE_NAMES, t, lang)).join(", ")} · ${L.crit[lang]}: ${r.criticality ?? "—"}`,
    `  ${L.aware[lang]}: ${formatLocal(Date.parse(r.awareAt), r.timeZone)} (${r.timeZone}) · ${L.regime[lang]}: ${r.regime}`,
  ];
  if (r.assets.length > 0) lines.push(`  ${L.assets[lang]}: ${r.assets.map((a) => a.name).join(", ")}`);
  if (r.actor) lines.push(`  ${L.actor[lang]}: ${r.actor.name} (${r.actor.id})`);
  if (r.assignee) lines.push(`  ${L.assignee[lang]}: ${r.assignee}`);
  const clocks = clocksOf(r, now);
  if (clocks.length > 0) {
    lines.push(`  ${L.clocks[lang]}:`);
    for (const c of clocks) lines.push(`    ${c.stage} — ${c.name[lang]}: ${describeClock(c, lang)}`);
  }
  if (r.submissions.length > 0) {
    lines.push(`  ${L.submitted[lang]}:`);
    for (const s of r.submissions)
      lines.push(
        `    ${s.stage} → ${s.to} ${s.at}${s.anonymized ? (lang === "es" ? " (anonimizado)" : " (anonymized)") : ""}`,
      );
  }
  if (comments.length > 0) {
    lines.push(`  ${L.comments[lang]}:`);
    for (const c of comments)
      lines.push(`    ${formatLocal(Date.parse(c.created), r.timeZone)} ${c.author}: ${c.text}`);
  }
  if (r.attachments.length > 0) {
    lines.push(`  ${L.files[lang]}:`);
    for (const a of r.attachments) lines.push(`    sha256:${a.sha256}  ${a.name}  ${a.size} B`);
  }
  return `${lines.join("\n")}\n`;
}

/** One line per incident: id, status, the most urgent clock, organization and title. */
export function incidentLine(r: IncidentRecord, lang: Lang, now: number): string {
  const clocks = clocksOf(r, now);
  const urgent =
    clocks.find((c) => c.state === "late" || c.state === "immediate") ?? clocks.find((c) => c.state === "pending");
  const clock = urgent ? `${urgent.stage}: ${describeClock(urgent, lang)}` : "—";
  return `${r.id}\t${STATUS_NAMES[r.status][lang]}\t${r.org.name}\t${r.title}\t${clock}\n`;
}

/** The anonymization changes, shown before sending. */
export function describeRedactions(redactions: readonly Redaction[], lang: Lang): string {
  const head =
    lang === "es" ? "Anonimización (política en docs/incidents.md):" : "Anonymization (policy in docs/incidents.md):";
  const lines = [head];
  for (const r of redactions) lines.push(`  ${r.field} [${r.rule}]: «${r.before}» → «${r.after}»`);
  if (redactions.length === 0) lines.push(`  ${L.none[lang]}`);
  return `${lines.join("\n")}\n`;
}

/** The national picture as tables. */
export function describePicture(p: NationalPicture, lang: Lang): string {
  const es = lang === "es";
  const out: string[] = [
    es
      ? `Incidentes: ${p.totals.incidents} (${p.totals.detailed} con detalle, ${p.totals.countedOnly} solo como conteo) · avistamientos: ${p.totals.sightings} · activos: ${p.totals.assets} (${p.totals.internetExposed} expuestos a internet, ${p.totals.critical} críticos)`
      : `Incidents: ${p.totals.incidents} (${p.totals.detailed} in detail, ${p.totals.countedOnly} as counts only) · sightings: ${p.totals.sightings} · assets: ${p.totals.assets} (${p.totals.internetExposed} internet-exposed, ${p.totals.critical} critical)`,
  ];
  const table = (
    title: string,
    rows: NationalPicture["bySector"],
    withExposure: boolean,
    name: (key: string) => string = (key) => key,
  ) => {
    out.push("", title);
    for (const b of rows)
      out.push(
        `  ${name(b.key).padEnd(24)} ${String(b.incidents).padStart(5)} ${String(b.sightings).padStart(7)}${withExposure ? ` ${String(b.assets).padStart(7)} ${String(b.internetExposed).padStart(7)}` : ""}`,
      );
    if (rows.length === 0) out.push(`  ${L.none[lang]}`);
  };
  const head = es ? "incid.  avist." : "incid.  sight.";
  const exp = es ? "  activos  expuestos" : "  assets  exposed";
  table(`${es ? "Por sector" : "By sector"}            ${head}${exp}`, p.bySector, true, (key) =>
    sectorName(key, lang),
  );
  table(`${es ? "Por entidad" : "By state"}             ${head}${exp}`, p.byState, true);
  table(`${es ? "Por semana" : "By week"} (${p.timeZone})  ${head}`, p.byWeek, false);
  table(`${es ? "Por tipo" : "By type"}               ${head}`, p.byType, false);
  table(`${es ? "Por actor atribuido" : "By attributed actor"}    ${head}`, p.byActor, false);
  out.push("", es ? "Incidentes con detalle:" : "Incidents in detail:");
  for (const r of p.incidents) out.push(`  ${r.week}  ${r.id}  ${r.organization}  ${r.title}`);
  if (p.incidents.length === 0) out.push(`  ${L.none[lang]}`);
  return `${out.join("\n")}\n`;
}
