/**
 * The JSON schema of a problem document (RFC 9457) with the error's code, as the HTTP host writes
 * every error outside TAXII: here, at the bottom, so that every module's routes can reference it
 * in their response schemas (and the OpenAPI document) without importing the host.
 */
export const PROBLEM_SCHEMA = {
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
