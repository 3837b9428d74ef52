import { CodedError } from "../errors/index.js";
import { getLocale, type Locale, localize, type MessageKey, messageIn } from "../i18n/index.js";

/**
 * Errors of the incidents module: a code, its HTTP status, and a message from the catalogs
 * (src/i18n/locales/<lang>/incidents.json, key `incidents:errors.<CODE>`) in the process's
 * language; `messageIn(locale)` renders it again in another (an HTTP request's).
 */

/** Error codes with the HTTP status of each. */
export const INCIDENT_CODES = {
  INCIDENT_UNKNOWN_REGIME: 400,
  INCIDENT_BAD_TIME: 400,
  INCIDENT_AWARENESS_IN_FUTURE: 400,
  INCIDENT_UNKNOWN_STATE: 400,
  INCIDENT_CRITICALITY_RANGE: 400,
  INCIDENT_UNKNOWN_TYPE: 400,
  INCIDENT_ASSET_NOT_IN_ORG: 400,
  INCIDENT_UNKNOWN_ORG: 400,
  INCIDENT_UNKNOWN_ACTOR: 400,
  INCIDENT_ACTOR_NOT_STORED: 400,
  INCIDENT_UNKNOWN_STATUS: 400,
  INCIDENT_BAD_TRANSITION: 409,
  INCIDENT_UNKNOWN_STAGE: 400,
  INCIDENT_NOT_FOUND: 404,
  INCIDENT_BAD_TIMEZONE: 400,
  INCIDENT_BAD_NUMBER: 400,
  INCIDENT_BAD_VALUE: 400,
  INCIDENT_EMPTY: 400,
  INCIDENT_NOT_CENTINELA: 422,
  INCIDENT_SCHEMA_INVALID: 422,
  INCIDENT_FORBIDDEN: 403,
  INCIDENT_NO_HUB: 400,
  INCIDENT_WRITE_REJECTED: 500,
} as const;

/** One error code of the incidents module. */
export type IncidentErrorCode = keyof typeof INCIDENT_CODES;

/** Codes whose message has a "did you mean" form (`<CODE>_hint`, used when `suggestion` is given). */
const WITH_HINT = new Set<IncidentErrorCode>([
  "INCIDENT_UNKNOWN_STATE",
  "INCIDENT_UNKNOWN_TYPE",
  "INCIDENT_UNKNOWN_ACTOR",
  "INCIDENT_ACTOR_NOT_STORED",
]);

/** Values of a message. */
export type MessageParams = Record<string, string | number>;

/**
 * A failure of the incidents module; a CodedError, so the HTTP host answers it with its code and
 * status (the incidents routes render it again in the request's language first).
 */
export class IncidentError extends CodedError {
  declare readonly code: IncidentErrorCode;
  readonly params: MessageParams;

  constructor(code: IncidentErrorCode, params: MessageParams = {}, options?: { cause?: unknown }) {
    super(code, { status: INCIDENT_CODES[code], message: code }, code, options);
    this.name = "IncidentError";
    this.params = params;
    const hinted = WITH_HINT.has(code) && typeof params.suggestion === "string" && params.suggestion !== "";
    localize(this, `incidents:errors.${code}${hinted ? "_hint" : ""}` as MessageKey, params);
  }

  /** The message in `locale` (the process's language unless given). */
  messageIn(locale: Locale = getLocale()): string {
    return messageIn(this, locale);
  }
}

/** The closest of `candidates` to `value` (edit distance ≤ 2), or "" when none is close. */
export function suggest(value: string, candidates: readonly string[]): string {
  let best = "";
  let bestD = 3;
  const v = value.toLowerCase();
  for (const c of candidates) {
    const d = distance(v, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}
