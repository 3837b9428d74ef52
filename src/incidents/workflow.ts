import { IncidentError } from "./errors.js";
import type { Text } from "./lang.js";

/**
 * The incident workflow: new → triage → contained → eradicated → recovered → closed. An incident
 * moves forward one or more steps (a small team may contain and eradicate in one go); a closed
 * incident may be reopened to triage. The status is the Incident Core `investigation_status`;
 * each change is a new version of the incident and an audit entry.
 */

/** Every workflow status, in order. */
export const STATUSES = ["new", "triage", "contained", "eradicated", "recovered", "closed"] as const;

/** One workflow status. */
export type IncidentStatus = (typeof STATUSES)[number];

/** Names of each status in Spanish and English. */
export const STATUS_NAMES: Readonly<Record<IncidentStatus, Text>> = {
  new: { es: "nuevo", en: "new" },
  triage: { es: "en triaje", en: "triage" },
  contained: { es: "contenido", en: "contained" },
  eradicated: { es: "erradicado", en: "eradicated" },
  recovered: { es: "recuperado", en: "recovered" },
  closed: { es: "cerrado", en: "closed" },
};

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/^en\s+/, "")
    .trim();

const BY_NAME = new Map<string, IncidentStatus>();
for (const s of STATUSES) {
  BY_NAME.set(s, s);
  BY_NAME.set(fold(STATUS_NAMES[s].es), s);
}
BY_NAME.set("triaje", "triage");
BY_NAME.set("nueva", "new");
BY_NAME.set("contenida", "contained");
BY_NAME.set("erradicada", "eradicated");
BY_NAME.set("recuperada", "recovered");
BY_NAME.set("cerrada", "closed");

/** Reads a status in English or Spanish, with or without accents ("Erradicado", "en triaje"). */
export function parseStatus(value: string): IncidentStatus {
  const s = BY_NAME.get(fold(value));
  if (s) return s;
  throw new IncidentError("INCIDENT_UNKNOWN_STATUS", { value });
}

/** The statuses an incident in `from` may move to. */
export function nextStatuses(from: IncidentStatus): IncidentStatus[] {
  if (from === "closed") return ["triage"];
  return STATUSES.slice(STATUSES.indexOf(from) + 1);
}

/** Checks a move; throws INCIDENT_BAD_TRANSITION naming where it may go instead. */
export function checkTransition(from: IncidentStatus, to: IncidentStatus): void {
  if (nextStatuses(from).includes(to)) return;
  const next = nextStatuses(from);
  // Both languages' names: the message is rendered again in an HTTP caller's language.
  throw new IncidentError("INCIDENT_BAD_TRANSITION", {
    from,
    to,
    allowed: next.join(", "),
    allowedEs: next.map((s) => STATUS_NAMES[s].es).join(", "),
  });
}
