/**
 * JSON schemas of the TAXII resources and URL parameters, registered once on the server and
 * referenced by `$ref` from every route. They are code: nothing here is built from input.
 */

/** The error message resource. */
export const errorSchema = {
  $id: "taxii-error",
  type: "object",
  properties: {
    title: { type: "string" },
    description: { type: "string" },
    error_id: { type: "string" },
    error_code: { type: "string" },
    http_status: { type: "string" },
    details: { type: "object", additionalProperties: true },
  },
  required: ["title"],
} as const;

/** An envelope (the GET response and the POST body). */
export const envelopeSchema = {
  $id: "taxii-envelope",
  type: "object",
  properties: {
    more: { type: "boolean" },
    next: { type: "string" },
    objects: { type: "array", items: { type: "object", additionalProperties: true } },
  },
} as const;

const statusDetails = {
  type: "array",
  items: {
    type: "object",
    properties: { id: { type: "string" }, version: { type: "string" }, message: { type: "string" } },
    required: ["id", "version"],
  },
} as const;

/** A status resource. */
export const statusSchema = {
  $id: "taxii-status",
  type: "object",
  properties: {
    id: { type: "string" },
    status: { type: "string", enum: ["pending", "complete"] },
    request_timestamp: { type: "string" },
    total_count: { type: "integer" },
    success_count: { type: "integer" },
    successes: statusDetails,
    failure_count: { type: "integer" },
    failures: statusDetails,
    pending_count: { type: "integer" },
    pendings: statusDetails,
  },
  required: ["id", "status", "total_count", "success_count", "failure_count", "pending_count"],
} as const;

/** A collection resource. */
export const collectionSchema = {
  $id: "taxii-collection",
  type: "object",
  properties: {
    id: { type: "string" },
    title: { type: "string" },
    description: { type: "string" },
    can_read: { type: "boolean" },
    can_write: { type: "boolean" },
    media_types: { type: "array", items: { type: "string" } },
  },
  required: ["id", "title", "can_read", "can_write"],
} as const;

/** A manifest resource. */
export const manifestSchema = {
  $id: "taxii-manifest",
  type: "object",
  properties: {
    more: { type: "boolean" },
    next: { type: "string" },
    objects: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          date_added: { type: "string" },
          version: { type: "string" },
          media_type: { type: "string" },
        },
        required: ["id", "date_added", "version"],
      },
    },
  },
} as const;

/** A versions resource. */
export const versionsSchema = {
  $id: "taxii-versions",
  type: "object",
  properties: {
    more: { type: "boolean" },
    next: { type: "string" },
    versions: { type: "array", items: { type: "string" } },
  },
} as const;

const param = { type: "string", maxLength: 8192 } as const;

/** The URL parameters of object, manifest and versions requests. */
export const filterQuerySchema = {
  $id: "taxii-filter-query",
  type: "object",
  properties: {
    added_after: { type: "string", maxLength: 64 },
    limit: { type: "string", maxLength: 12 },
    next: { type: "string", maxLength: 1024 },
    "match[id]": param,
    "match[type]": param,
    "match[version]": param,
    "match[spec_version]": { type: "string", maxLength: 256 },
  },
} as const;

/** Every shared schema, for registration. */
export const SHARED_SCHEMAS = [
  errorSchema,
  envelopeSchema,
  statusSchema,
  collectionSchema,
  manifestSchema,
  versionsSchema,
  filterQuerySchema,
] as const;

/** Error responses every authenticated route may give. */
export const ERROR_RESPONSES = {
  "4xx": { $ref: "taxii-error#" },
  "5xx": { $ref: "taxii-error#" },
} as const;
