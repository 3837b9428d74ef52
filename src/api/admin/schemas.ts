import { ERROR_SCHEMA } from "../schemas.js";

/** JSON schemas of the administration routes (they document the routes; the handlers read bodies with input.ts). */

/** The error answers of every administration route. */
export const ADMIN_ERRORS = {
  400: ERROR_SCHEMA,
  401: ERROR_SCHEMA,
  403: ERROR_SCHEMA,
  404: ERROR_SCHEMA,
  409: ERROR_SCHEMA,
} as const;

const str = (maxLength: number) => ({ type: "string", maxLength }) as const;
const nstr = { type: ["string", "null"] } as const;

/** An organization with its profile. */
export const ORG = {
  type: "object",
  properties: { id: str(200), name: str(200), created: str(40), sector: nstr, state: nstr },
} as const;

/** A user account (never its password hash). */
export const USER = {
  type: "object",
  properties: {
    id: str(200),
    username: str(100),
    orgId: str(200),
    orgName: nstr,
    role: str(20),
    active: { type: "boolean" },
    created: str(40),
  },
} as const;

/** An API token's metadata (never its text). */
export const TOKEN = {
  type: "object",
  properties: {
    id: str(200),
    userId: str(200),
    username: nstr,
    name: str(100),
    created: str(40),
    expires: nstr,
    revoked: nstr,
  },
} as const;

/** An organization's grant on a collection. */
export const GRANT = {
  type: "object",
  properties: { orgId: str(200), orgName: nstr, read: { type: "boolean" }, write: { type: "boolean" } },
} as const;

/** A collection with its grants. */
export const COLLECTION = {
  type: "object",
  properties: {
    id: str(100),
    title: str(200),
    description: nstr,
    created: str(40),
    grants: { type: "array", items: GRANT },
  },
} as const;

/** A remote feed and its health: what it pulls, where to, when it last ran and how. Never its credentials. */
export const FEED = {
  type: "object",
  properties: {
    id: str(300),
    kind: str(40),
    /** Where it pulls from: a URL or path (TAXII: the API root). */
    source: str(4096),
    /** TAXII: the remote collection. */
    collection: nstr,
    localCollection: nstr,
    everySeconds: { type: ["integer", "null"] },
    lastSync: nstr,
    lastError: nstr,
    failures: { type: "integer" },
    nextRun: nstr,
  },
} as const;

/** A body of named fields, documented (the handler reads it and names the field that is wrong). */
export function bodyOf(properties: Record<string, object>, required: string[]) {
  return { type: "object", additionalProperties: false, properties, required } as const;
}
