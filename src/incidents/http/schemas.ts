import { PROBLEM_SCHEMA } from "../../errors/index.js";
import { REGIMES } from "../regimes.js";
import { DETERMINATIONS, INCIDENT_TYPES, RECOVERABILITIES } from "../types.js";
import { STATUSES } from "../workflow.js";

/**
 * JSON schemas of the incidents routes, written as code from the module's own vocabularies and
 * never built from input. Responses are serialized from them, so a field not listed here never
 * leaves the server. Request fields that a person types (regime, type, status, times, numbers)
 * are strings or numbers here and read by the module's own checks, so a mistake gets the
 * module's message in the caller's language rather than a validator's; their allowed values are
 * in each `description`.
 */

const str = (maxLength = 1000) => ({ type: "string", maxLength }) as const;
const nstr = { type: ["string", "null"], maxLength: 10_000 } as const;
const strList = { type: "array", maxItems: 100, items: { type: "string", maxLength: 300 } } as const;
const nint = { type: ["integer", "null"] } as const;
const numberish = { anyOf: [{ type: "integer" }, { type: "string", maxLength: 20 }, { type: "null" }] } as const;

/** A JSON problem document (RFC 9457) with the error's code, as the host writes errors. */
export const ERROR = PROBLEM_SCHEMA;

/** The error responses every route may give. */
export const ERRORS = { 400: ERROR, 401: ERROR, 403: ERROR, 404: ERROR, 409: ERROR, 422: ERROR } as const;

/** `:id` — an incident id. */
export const ID_PARAMS = {
  type: "object",
  additionalProperties: false,
  properties: { id: { type: "string", pattern: "^incident--[0-9a-fA-F-]{36}$" } },
  required: ["id"],
} as const;

/** `:id/reports/:stage`. */
export const REPORT_PARAMS = {
  type: "object",
  additionalProperties: false,
  properties: { id: ID_PARAMS.properties.id, stage: { type: "string", minLength: 1, maxLength: 60 } },
  required: ["id", "stage"],
} as const;

/** `?lang=` of anything printed in words. */
export const LANG = { type: "string", enum: ["es", "es-MX", "en"], description: "es (default) or en" } as const;

/** The query of the list. */
export const LIST_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    org: { ...str(200), description: "only this organization's (id or name)" },
    status: { ...str(40), description: `only in this status, in Spanish or English (${STATUSES.join(", ")})` },
    limit: { type: "string", pattern: "^[1-9][0-9]{0,3}$", description: "incidents a page, 1-1000 (default 100)" },
    after: { ...str(400), description: "the `next` of the previous page" },
  },
} as const;

const ASSET = {
  type: "object",
  properties: {
    id: { type: "string" },
    key: { type: "string" },
    name: { type: "string" },
    addresses: { type: "array", items: { type: "string" } },
    hostnames: { type: "array", items: { type: "string" } },
  },
} as const;

const ACTOR = {
  type: ["object", "null"],
  properties: {
    id: { type: "string" },
    name: { type: "string" },
    aliases: { type: "array", items: { type: "string" } },
    description: { type: ["string", "null"] },
    source: { type: "string" },
  },
} as const;

const TEXT = { type: "object", properties: { es: { type: "string" }, en: { type: "string" } } } as const;

/** One stage's deadline clock. */
export const CLOCK = {
  type: "object",
  properties: {
    stage: { type: "string" },
    name: TEXT,
    rule: TEXT,
    state: {
      type: "string",
      enum: ["pending", "late", "submitted", "submitted-late", "immediate", "waiting", "not-required"],
    },
    due: { type: ["string", "null"] },
    dueLocal: { type: ["string", "null"] },
    msLeft: { type: ["number", "null"] },
    msLate: { type: ["number", "null"] },
    msElapsed: { type: ["number", "null"] },
    submittedAt: { type: ["string", "null"] },
    late: { type: "boolean" },
  },
} as const;

/** A file attached by its SHA-256. */
export const ATTACHMENT = {
  type: "object",
  properties: {
    sha256: { type: "string" },
    name: { type: "string" },
    size: { type: "integer" },
    added: { type: "string" },
  },
} as const;

/** An incident as the API shows it: the decoded record and its clocks now. */
export const INCIDENT = {
  type: "object",
  properties: {
    id: { type: "string" },
    created: { type: "string" },
    modified: { type: "string" },
    org: {
      type: "object",
      properties: {
        id: { type: "string" },
        name: { type: "string" },
        sector: { type: ["string", "null"] },
        state: { type: ["string", "null"] },
        stateName: { type: ["string", "null"] },
        tlp: { type: "string" },
      },
    },
    title: { type: "string" },
    description: { type: ["string", "null"] },
    types: { type: "array", items: { type: "string" } },
    determination: { type: "string", enum: [...DETERMINATIONS] },
    status: { type: "string", enum: [...STATUSES] },
    criticality: nint,
    detectionMethods: { type: "array", items: { type: "string" } },
    recoverability: { type: ["string", "null"] },
    availability: nint,
    regime: { type: "string", enum: [...REGIMES] },
    timeZone: { type: "string" },
    awareAt: { type: "string" },
    ransomPaidAt: { type: ["string", "null"] },
    assignee: { type: ["string", "null"] },
    mitigation: { type: ["string", "null"] },
    rootCause: { type: ["string", "null"] },
    crossBorder: { type: ["string", "null"] },
    assets: { type: "array", items: ASSET },
    actor: ACTOR,
    sightingRefs: { type: "array", items: { type: "string" } },
    submissions: {
      type: "array",
      items: {
        type: "object",
        properties: {
          stage: { type: "string" },
          at: { type: "string" },
          to: { type: "string" },
          anonymized: { type: "boolean" },
        },
      },
    },
    attachments: { type: "array", items: ATTACHMENT },
    commentRefs: { type: "array", items: { type: "string" } },
    clocks: { type: "array", items: CLOCK },
  },
} as const;

/** A page of incidents. */
export const INCIDENT_PAGE = {
  type: "object",
  properties: { incidents: { type: "array", items: INCIDENT }, next: { type: ["string", "null"] } },
} as const;

/** The free-text facts the stage reports ask for. */
const FACTS = {
  mitigation: { ...str(10_000), description: "mitigation measures (NIS2, CIRCIA, mx-apf reports)" },
  rootCause: { ...str(10_000), description: "root cause or type of threat (NIS2 final report)" },
  crossBorder: { ...str(10_000), description: "cross-border impact (NIS2)" },
} as const;

/** An actor to attribute to, named as in the store. */
const ACTOR_NAME = {
  ...str(200),
  description: "threat actor or intrusion set in the store, by name or alias (Guacamaya, FIN13, …)",
} as const;

/** A new report. */
export const REPORT_BODY = {
  type: "object",
  additionalProperties: false,
  properties: {
    org: { ...str(200), description: "organization id or name (accents and capitals optional); default the caller's" },
    title: str(300),
    types: { ...strList, minItems: 1, description: `incident types: ${INCIDENT_TYPES.join(", ")}` },
    awareAt: {
      ...str(60),
      description: "when it became known: 2026-03-14T09:30:00-06:00, or local 2026-03-14 09:30; not in the future",
    },
    criticality: { ...numberish, description: "0-100; mx-apf: 80+ critical, 50-79 serious" },
    assets: { ...strList, description: "affected assets of the organization (id, key or name)" },
    regime: { ...str(20), description: REGIMES.join(", ") },
    timeZone: { ...str(60), description: "IANA zone of the organization's clock (default America/Mexico_City)" },
    description: nstr,
    determination: { ...str(40), description: DETERMINATIONS.join(", ") },
    detectionMethods: strList,
    availability: { ...numberish, description: "availability impact, 0-100" },
    recoverability: { ...str(40), description: RECOVERABILITIES.join(", ") },
    ransomPaidAt: { ...str(60), description: "when a ransom was paid (CIRCIA's 24 h clock)" },
    sightings: { ...strList, description: "sighting--… ids from detection" },
    actor: ACTOR_NAME,
    assignee: { type: ["string", "null"], maxLength: 200 },
    ...FACTS,
  },
  required: ["title", "types", "awareAt"],
} as const;

/** A change. */
export const PATCH_BODY = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    status: { ...str(40), description: `next status, Spanish or English: ${STATUSES.join(", ")}` },
    assignee: { type: ["string", "null"], maxLength: 200 },
    criticality: REPORT_BODY.properties.criticality,
    determination: REPORT_BODY.properties.determination,
    title: str(300),
    description: str(10_000),
    ransomPaidAt: REPORT_BODY.properties.ransomPaidAt,
    actor: ACTOR_NAME,
    ...FACTS,
  },
} as const;

/** A comment (a STIX note under the incident's TLP). */
export const COMMENT = {
  type: "object",
  properties: {
    id: { type: "string" },
    created: { type: "string" },
    author: { type: "string" },
    text: { type: "string" },
  },
} as const;

/** A new comment. */
export const COMMENT_BODY = {
  type: "object",
  additionalProperties: false,
  properties: { text: { type: "string", minLength: 1, maxLength: 10_000 } },
  required: ["text"],
} as const;

/** Files to attach: their hash, name and size (the files themselves stay with the reporter). */
export const ATTACH_BODY = {
  type: "object",
  additionalProperties: false,
  properties: {
    files: {
      type: "array",
      minItems: 1,
      maxItems: 100,
      items: {
        type: "object",
        additionalProperties: false,
        properties: {
          sha256: { type: "string", pattern: "^[0-9a-fA-F]{64}$" },
          name: { type: "string", minLength: 1, maxLength: 300 },
          size: { type: "integer", minimum: 0 },
        },
        required: ["sha256", "name", "size"],
      },
    },
  },
  required: ["files"],
} as const;

/** A submission to the national hub. */
export const SUBMIT_BODY = {
  type: "object",
  additionalProperties: false,
  properties: {
    stage: { ...str(60), description: "the stage reported (default: the first not yet submitted)" },
    anonymize: { type: "boolean", description: "remove the reporter's identity and scrub internal names" },
    preview: { type: "boolean", description: "answer what would be sent; send nothing" },
  },
} as const;

/** What a submission sent (or, with preview, would send). */
export const SUBMISSION = {
  type: "object",
  properties: {
    stage: { type: "string" },
    to: { type: "string" },
    anonymized: { type: "boolean" },
    sent: { type: "boolean" },
    objects: { type: "array", items: { type: "object", additionalProperties: true } },
    redactions: {
      type: "array",
      items: {
        type: "object",
        properties: {
          field: { type: "string" },
          rule: { type: "string" },
          before: { type: "string" },
          after: { type: "string" },
        },
      },
    },
  },
} as const;

/** A STIX 2.1 bundle, sent as the stored texts. */
export const BUNDLE = {
  type: "object",
  properties: {
    type: { type: "string", const: "bundle" },
    id: { type: "string" },
    objects: { type: "array", items: { type: "object", additionalProperties: true } },
  },
} as const;
