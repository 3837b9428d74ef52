import { IncidentError } from "./errors.js";
import type { Text } from "./lang.js";

/**
 * The reporting regimes and their stages. Each stage says when it is due and which fields its
 * report carries; deadlines.ts turns them into clocks.
 *
 *   mx-apf  Política General de Ciberseguridad para la APF (DOF 17-12-2025): to the CSIRT Nacional,
 *           critical incidents immediately, serious ones within 24 h of awareness
 *   nis2    Directive (EU) 2022/2555 art. 23: early warning 24 h, incident notification 72 h,
 *           final report one month after the notification
 *   circia  Cyber Incident Reporting for Critical Infrastructure Act of 2022: covered incident 72 h,
 *           ransom payment 24 h after the payment
 *   none    no legal reporting duty
 */

/** A reporting regime's id. */
export type RegimeId = "mx-apf" | "nis2" | "circia" | "none";

/** Every regime, in the order help texts list them. */
export const REGIMES: readonly RegimeId[] = ["mx-apf", "nis2", "circia", "none"];

/** A field a stage report asks for (the HTML report fills one row per field). */
export type ReportField =
  | "organization"
  | "sector_state"
  | "awareness"
  | "title"
  | "types"
  | "criticality"
  | "determination"
  | "status"
  | "description"
  | "assets"
  | "impacts"
  | "actor"
  | "indicators"
  | "malicious_suspected"
  | "cross_border"
  | "mitigation"
  | "root_cause"
  | "ransom"
  | "contact";

/** When a stage is due. */
export type DueRule =
  | { kind: "immediate" }
  | { kind: "hours"; hours: number; from: "awareness" | "ransom-payment" }
  | { kind: "months-after-stage"; months: number; stage: string };

/** One stage of a regime. */
export interface StageDef {
  id: string;
  name: Text;
  /** The rule in words, shown beside the clock. */
  rule: Text;
  due: DueRule;
  fields: readonly ReportField[];
}

/** Criticality (0-100) at or above which mx-apf treats an incident as critical. */
export const MX_APF_CRITICAL = 80;
/** Criticality at or above which mx-apf treats an incident as serious; unknown counts as serious. */
export const MX_APF_SERIOUS = 50;

const BASE: readonly ReportField[] = ["organization", "sector_state", "awareness", "title", "types", "criticality"];

const MX_FIELDS: readonly ReportField[] = [
  ...BASE,
  "determination",
  "status",
  "description",
  "assets",
  "impacts",
  "actor",
  "indicators",
  "mitigation",
  "contact",
];

/** The stages of each regime. mx-apf has one stage whose rule depends on criticality (see deadlines.ts). */
export const REGIME_STAGES: Readonly<Record<RegimeId, readonly StageDef[]>> = {
  "mx-apf": [
    {
      id: "notification",
      name: { es: "Notificación al CSIRT Nacional", en: "Notification to the CSIRT Nacional" },
      rule: {
        es: "crítico (criticidad ≥ 80): de inmediato; grave (50–79 o sin dato): 24 h desde el conocimiento; menor: sin obligación",
        en: "critical (criticality ≥ 80): immediately; serious (50–79 or not given): 24 h from awareness; minor: no duty",
      },
      due: { kind: "hours", hours: 24, from: "awareness" },
      fields: MX_FIELDS,
    },
  ],
  nis2: [
    {
      id: "early-warning",
      name: { es: "Alerta temprana", en: "Early warning" },
      rule: { es: "24 h desde el conocimiento (art. 23.4.a)", en: "24 h from awareness (art. 23(4)(a))" },
      due: { kind: "hours", hours: 24, from: "awareness" },
      fields: [...BASE, "malicious_suspected", "cross_border", "contact"],
    },
    {
      id: "notification",
      name: { es: "Notificación del incidente", en: "Incident notification" },
      rule: { es: "72 h desde el conocimiento (art. 23.4.b)", en: "72 h from awareness (art. 23(4)(b))" },
      due: { kind: "hours", hours: 72, from: "awareness" },
      fields: [...BASE, "determination", "impacts", "indicators", "malicious_suspected", "cross_border", "contact"],
    },
    {
      id: "final-report",
      name: { es: "Informe final", en: "Final report" },
      rule: {
        es: "un mes después de enviar la notificación (art. 23.4.d); mientras no se envíe, un mes después de su plazo",
        en: "one month after the notification is submitted (art. 23(4)(d)); until it is, one month after its deadline",
      },
      due: { kind: "months-after-stage", months: 1, stage: "notification" },
      fields: [
        ...BASE,
        "determination",
        "description",
        "impacts",
        "root_cause",
        "mitigation",
        "cross_border",
        "contact",
      ],
    },
  ],
  circia: [
    {
      id: "covered-incident",
      name: { es: "Reporte de incidente cubierto", en: "Covered cyber incident report" },
      rule: {
        es: "72 h desde que se cree razonablemente que ocurrió",
        en: "72 h after reasonably believing it occurred",
      },
      due: { kind: "hours", hours: 72, from: "awareness" },
      fields: [
        ...BASE,
        "determination",
        "description",
        "assets",
        "impacts",
        "actor",
        "indicators",
        "mitigation",
        "contact",
      ],
    },
    {
      id: "ransom-payment",
      name: { es: "Reporte de pago de rescate", en: "Ransom payment report" },
      rule: { es: "24 h después de pagar un rescate", en: "24 h after a ransom payment" },
      due: { kind: "hours", hours: 24, from: "ransom-payment" },
      fields: [...BASE, "ransom", "actor", "indicators", "contact"],
    },
  ],
  none: [],
};

/** Reads a regime id (any case, surrounding spaces ignored); throws INCIDENT_UNKNOWN_REGIME otherwise. */
export function parseRegime(value: string): RegimeId {
  const v = value.trim().toLowerCase();
  if ((REGIMES as readonly string[]).includes(v)) return v as RegimeId;
  throw new IncidentError("INCIDENT_UNKNOWN_REGIME", { value, allowed: REGIMES.join(", ") });
}

/** The stage `id` of `regime`; throws INCIDENT_UNKNOWN_STAGE otherwise. */
export function stageOf(regime: RegimeId, id: string): StageDef {
  const stage = REGIME_STAGES[regime].find((s) => s.id === id);
  if (!stage)
    throw new IncidentError("INCIDENT_UNKNOWN_STAGE", {
      value: id,
      regime,
      allowed: REGIME_STAGES[regime].map((s) => s.id).join(", ") || "—",
    });
  return stage;
}
