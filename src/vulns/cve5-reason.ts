import type { Reason } from "./action-item.js";
import type { Ssvc } from "./cve5.js";

/**
 * The ranking's reading of CISA's SSVC decision points: active exploitation (or a public proof
 * of concept), an attack that can be automated, and total technical impact each add points, and
 * the reason quotes the points as CISA gave them.
 */

const EXPLOITATION = { none: 0, poc: 3, active: 5 } as const;
const EXPLOITATION_ES = { none: "ninguna", poc: "prueba de concepto", active: "activa" } as const;

/** The "ssvc" reason of a CVE, or null when its decision points add nothing. */
export function ssvcReason(s: Ssvc): Reason | null {
  const points =
    (s.exploitation ? EXPLOITATION[s.exploitation] : 0) +
    (s.automatable === "yes" ? 5 : 0) +
    (s.technicalImpact === "total" ? 5 : 0);
  if (points === 0) return null;
  const by = [s.role ?? "CISA", s.timestamp?.slice(0, 10)].filter(Boolean).join(", ");
  const en = [
    s.exploitation && `Exploitation ${s.exploitation}`,
    s.automatable && `Automatable ${s.automatable}`,
    s.technicalImpact && `Technical Impact ${s.technicalImpact}`,
  ].filter(Boolean);
  const es = [
    s.exploitation && `explotación ${EXPLOITATION_ES[s.exploitation]}`,
    s.automatable && `automatizable ${s.automatable === "yes" ? "sí" : "no"}`,
    s.technicalImpact && `impacto técnico ${s.technicalImpact === "total" ? "total" : "parcial"}`,
  ].filter(Boolean);
  return {
    factor: "ssvc",
    points,
    en: `CISA's SSVC decision points (${by}): ${en.join(", ")}.`,
    es: `Puntos de decisión SSVC de CISA (${by}): ${es.join(", ")}.`,
  };
}
