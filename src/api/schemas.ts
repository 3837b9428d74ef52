import { ASSET_ROLES, CRITICALITIES, MX_STATES } from "../assets/index.js";

/**
 * JSON schemas of the API's requests and responses. Written as code from the inventory's own
 * vocabularies; never built from input. Responses are serialized from these schemas, so a field
 * not listed here never leaves the server.
 */

const str = { type: "string", maxLength: 1000 } as const;
const nstr = { type: ["string", "null"], maxLength: 1000 } as const;
const strList = { type: "array", maxItems: 1000, items: { type: "string", maxLength: 300 } } as const;

/**
 * A page size in a query string: a string of digits, read by the route, so the schema holds
 * whether or not the host server's validator coerces types (the TAXII server does not).
 */
export const LIMIT = { type: "string", pattern: "^[1-9][0-9]{0,3}$" } as const;

/** The number of a LIMIT parameter, or the default. */
export function limitOf(value: string | undefined, fallback: number): number {
  return value === undefined ? fallback : Number(value);
}

/** The query string of a keyset-paged list: limit, after, and the list's own filters. */
export function pagedQuery<T extends Record<string, object>>(filters: T) {
  return {
    type: "object",
    additionalProperties: false,
    properties: { limit: LIMIT, after: { type: "string", maxLength: 200 }, ...filters },
  } as const;
}

/** A page of a list: its items under `key`, and the cursor of the next page (null at the end). */
export function pageOf<K extends string, I extends object>(key: K, item: I) {
  return {
    type: "object",
    properties: { [key]: { type: "array", items: item }, next: { type: ["string", "null"] } },
  } as const;
}

/** Error responses: a JSON problem document (RFC 9457) with the error's code (the host writes them). */
export const ERROR_SCHEMA = {
  type: "object",
  properties: {
    type: { type: "string" },
    title: { type: "string" },
    status: { type: "integer" },
    detail: { type: "string" },
    code: { type: "string" },
    message: { type: "string" },
  },
  required: ["code", "message"],
} as const;

/** `:org` parameter. */
export const ORG_PARAMS = {
  type: "object",
  properties: { org: { type: "string", minLength: 1, maxLength: 200 } },
  required: ["org"],
} as const;

/** `:org/:id` parameters. */
export const ITEM_PARAMS = {
  type: "object",
  properties: { org: ORG_PARAMS.properties.org, id: { type: "string", minLength: 1, maxLength: 200 } },
  required: ["org", "id"],
} as const;

/** A software item in a request. */
export const SOFTWARE_INPUT = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1, maxLength: 300 },
    version: nstr,
    vendor: nstr,
    kind: { enum: ["application", "operating-system", "firmware", "hardware", "library"] },
    cpe: { type: ["string", "null"], maxLength: 2048 },
    purl: { type: ["string", "null"], maxLength: 4096 },
  },
} as const;

/** A stored software item. */
export const SOFTWARE = {
  type: "object",
  properties: {
    id: str,
    assetId: str,
    orgId: str,
    origin: str,
    name: str,
    version: nstr,
    vendor: nstr,
    kind: str,
    cpe: { type: ["string", "null"] },
    purl: { type: ["string", "null"] },
  },
} as const;

const PORT = {
  type: "object",
  properties: { protocol: str, port: { type: "integer" }, service: nstr, product: nstr, version: nstr },
} as const;

/** A stored asset. */
export const ASSET = {
  type: "object",
  properties: {
    id: str,
    orgId: str,
    key: str,
    name: str,
    siteId: nstr,
    addresses: strList,
    macs: strList,
    hostnames: strList,
    role: str,
    /** confirmed, inferred (by an importer, see roleEvidence) or default. */
    roleSource: str,
    roleEvidence: strList,
    criticality: str,
    internetExposed: { type: "boolean" },
    owner: nstr,
    vendor: nstr,
    ports: { type: "array", items: PORT },
    software: { type: "array", items: SOFTWARE },
    provenance: { type: "object", properties: { source: str, input: str, observedAt: nstr } },
    created: str,
    updated: str,
  },
} as const;

const ASSET_FIELDS = {
  name: { type: "string", minLength: 1, maxLength: 300 },
  siteId: nstr,
  addresses: strList,
  macs: strList,
  hostnames: strList,
  role: { enum: [...ASSET_ROLES] },
  criticality: { enum: [...CRITICALITIES] },
  internetExposed: { type: "boolean" },
  owner: nstr,
  vendor: nstr,
} as const;

/** POST body of an asset. */
export const ASSET_INPUT = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: {
    ...ASSET_FIELDS,
    software: { type: "array", maxItems: 10_000, items: { ...SOFTWARE_INPUT, required: ["name"] } },
  },
} as const;

/** PATCH body of an asset. */
export const ASSET_PATCH = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: ASSET_FIELDS,
} as const;

const STATE = { type: ["string", "null"], enum: [...Object.keys(MX_STATES), null] } as const;

/** A site. */
export const SITE = { type: "object", properties: { id: str, orgId: str, name: str, state: nstr } } as const;

/** POST body of a site. */
export const SITE_INPUT = {
  type: "object",
  additionalProperties: false,
  required: ["name"],
  properties: { name: { type: "string", minLength: 1, maxLength: 300 }, state: STATE },
} as const;

/** PATCH body of a site. */
export const SITE_PATCH = { ...SITE_INPUT, required: [], minProperties: 1 } as const;

const REASON = {
  type: "object",
  properties: { factor: str, points: { type: "number" }, en: str, es: str },
} as const;

/** One line of the action list. */
export const ACTION_ITEM = {
  type: "object",
  properties: {
    rank: { type: "integer" },
    id: str,
    kind: str,
    organizationId: nstr,
    assetKey: str,
    assetName: str,
    cveId: nstr,
    /** Every CVE of the line: one, none, or every KEV CVE of a product matched by name only. */
    cveIds: strList,
    score: { type: "number" },
    dueDate: nstr,
    reasons: { type: "array", items: REASON },
    action: { type: "object", properties: { en: str, es: str } },
    /** On the national list: whose line it is, with the organization's sector and state (null until set). */
    organization: {
      type: ["object", "null"],
      properties: { id: str, name: str, sector: nstr, state: nstr },
    },
  },
} as const;

/** Query of the action lists. */
export const ACTIONS_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    limit: LIMIT,
    today: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$" },
  },
} as const;

/** Query of the national action list: the organization-list query and its filters. */
export const NATIONAL_ACTIONS_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...ACTIONS_QUERY.properties,
    /** A sector id or its name in Spanish or English. */
    sector: { type: "string", maxLength: 100 },
    /** An ISO 3166-2:MX code or a state's name ("Nuevo León", "CDMX"). */
    state: { type: "string", maxLength: 100 },
    /** An organization id, or (part of) its name, accents and capitals aside. */
    org: { type: "string", maxLength: 300 },
  },
} as const;

/** An action list response. */
export const ACTIONS_RESPONSE = {
  type: "object",
  properties: { total: { type: "integer" }, items: { type: "array", items: ACTION_ITEM } },
} as const;
