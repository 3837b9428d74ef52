import { closestName, MX_STATES, type MxState, parseMxState } from "../i18n/index.js";
import { IncidentError, suggest } from "./errors.js";
import { parseRegime, type RegimeId } from "./regimes.js";
import { DETERMINATIONS, type Determination, INCIDENT_TYPES, RECOVERABILITIES, type Recoverability } from "./types.js";
import { checkTimeZone, parseTime, stixTime } from "./zoned-time.js";

/**
 * Checking what a person gives to report or change an incident, before anything is written:
 * each field is read as people write it and refused with a message naming the field.
 */

/** A report as given (CLI flags or a JSON body); strings as typed. */
export interface ReportInput {
  title: string;
  description?: string | null;
  types: readonly string[];
  awareAt: string;
  criticality?: string | number | null;
  regime?: string | null;
  timeZone?: string | null;
  determination?: string | null;
  detectionMethods?: readonly string[];
  availability?: string | number | null;
  recoverability?: string | null;
  ransomPaidAt?: string | null;
  assignee?: string | null;
  mitigation?: string | null;
  rootCause?: string | null;
  crossBorder?: string | null;
}

/** A checked report. */
export interface CheckedReport {
  title: string;
  description: string | null;
  types: string[];
  awareAt: string;
  criticality: number | null;
  regime: RegimeId;
  timeZone: string;
  determination: Determination;
  detectionMethods: string[];
  availability: number | null;
  recoverability: Recoverability | null;
  ransomPaidAt: string | null;
  assignee: string | null;
  mitigation: string | null;
  rootCause: string | null;
  crossBorder: string | null;
}

/** The zone of an organization's clocks unless it says otherwise. */
export const DEFAULT_TIME_ZONE = "America/Mexico_City";

/** A whole number in [min, max] from a flag or a JSON value; throws `code` otherwise. */
export function readInteger(
  field: string,
  value: string | number,
  min: number,
  max: number,
  code: "INCIDENT_CRITICALITY_RANGE" | "INCIDENT_BAD_NUMBER" = "INCIDENT_BAD_NUMBER",
): number {
  const n = typeof value === "number" ? value : /^\s*-?\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isInteger(n) || n < min || n > max)
    throw new IncidentError(code, { field, value: String(value), min, max });
  return n;
}

/** An incident type from the accepted list (any case); throws INCIDENT_UNKNOWN_TYPE with the nearest. */
export function readIncidentType(value: string): string {
  const v = value.trim().toLowerCase();
  if ((INCIDENT_TYPES as readonly string[]).includes(v)) return v;
  throw new IncidentError("INCIDENT_UNKNOWN_TYPE", {
    value,
    allowed: INCIDENT_TYPES.join(", "),
    suggestion: suggest(v, INCIDENT_TYPES),
  });
}

/**
 * A Mexican state as people write it ("Nuevo Leon", "CDMX", "Ciudad de México", "MX-JAL", "jal")
 * as its ISO 3166-2:MX code; throws INCIDENT_UNKNOWN_STATE with the nearest name.
 */
export function readState(value: string): MxState {
  const code = parseMxState(value.trim());
  if (code) return code;
  const suggestion = closestName(value, Object.values(MX_STATES)) ?? "";
  throw new IncidentError("INCIDENT_UNKNOWN_STATE", { value, suggestion });
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(v)) return v as T;
  throw new IncidentError("INCIDENT_BAD_VALUE", { field, value, allowed: allowed.join(", ") });
}

/** Reads a time and refuses one in the future (beyond a minute of clock skew). */
export function readPastTime(field: string, value: string, timeZone: string, now: number): string {
  const at = parseTime(value, timeZone, field);
  if (at > now + 60_000) throw new IncidentError("INCIDENT_AWARENESS_IN_FUTURE", { field, value, now: stixTime(now) });
  return stixTime(at);
}

/** Checks a report; throws the first problem as an IncidentError. */
export function checkReport(input: ReportInput, now: number): CheckedReport {
  const title = input.title?.trim() ?? "";
  if (!title) throw new IncidentError("INCIDENT_EMPTY", { field: "--title" });
  const regime = parseRegime(input.regime ?? "mx-apf");
  const timeZone = checkTimeZone(input.timeZone?.trim() || DEFAULT_TIME_ZONE);
  if (input.types.length === 0) throw new IncidentError("INCIDENT_EMPTY", { field: "--type" });
  const types = [...new Set(input.types.map(readIncidentType))];
  const criticality =
    input.criticality === undefined || input.criticality === null || input.criticality === ""
      ? null
      : readInteger("--criticality", input.criticality, 0, 100, "INCIDENT_CRITICALITY_RANGE");
  const availability =
    input.availability === undefined || input.availability === null || input.availability === ""
      ? null
      : readInteger("--availability", input.availability, 0, 100);
  const awareAt = readPastTime("--aware-at", input.awareAt ?? "", timeZone, now);
  const ransomPaidAt = input.ransomPaidAt ? readPastTime("--ransom-paid-at", input.ransomPaidAt, timeZone, now) : null;
  return {
    title,
    description: input.description?.trim() || null,
    types,
    awareAt,
    criticality,
    regime,
    timeZone,
    determination: input.determination ? oneOf("--determination", input.determination, DETERMINATIONS) : "suspected",
    detectionMethods: [...new Set((input.detectionMethods ?? []).map((d) => d.trim()).filter(Boolean))],
    availability,
    recoverability: input.recoverability ? oneOf("--recoverability", input.recoverability, RECOVERABILITIES) : null,
    ransomPaidAt,
    assignee: input.assignee?.trim() || null,
    mitigation: input.mitigation?.trim() || null,
    rootCause: input.rootCause?.trim() || null,
    crossBorder: input.crossBorder?.trim() || null,
  };
}
