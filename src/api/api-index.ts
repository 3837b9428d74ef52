import { OPENAPI_PATH } from "./openapi.js";

/**
 * GET /api/v1: the front door of the REST API for a person with curl or a script finding its way
 * — the resources under /api/v1, each with its operations and what they do, and where the full
 * OpenAPI document is. Made from that same document, so it lists exactly what is served.
 */

/** Prefix of the REST API (the plugin's). */
const PREFIX = "/api/v1";

/** One resource: the first path segment under /api/v1 and every operation beneath it. */
export interface ApiResource {
  name: string;
  href: string;
  operations: { method: string; path: string; summary: string }[];
}

/** The answer of GET /api/v1. */
export interface ApiIndex {
  title: string;
  version: string;
  openapi: string;
  taxii: string;
  resources: ApiResource[];
}

const STR = { type: "string" } as const;
const OPERATION = { type: "object", properties: { method: STR, path: STR, summary: STR } } as const;
const RESOURCE = {
  type: "object",
  properties: { name: STR, href: STR, operations: { type: "array", items: OPERATION } },
} as const;

/** The JSON schema of the answer. */
export const API_INDEX_SCHEMA = {
  type: "object",
  properties: {
    title: STR,
    version: STR,
    openapi: { ...STR, description: "The OpenAPI 3.1 document of every route." },
    taxii: { ...STR, description: "The TAXII 2.1 discovery document (not described by the OpenAPI document)." },
    resources: { type: "array", items: RESOURCE },
  },
} as const;

interface Document {
  info?: { title?: string; version?: string };
  paths?: Record<string, Record<string, { summary?: string } | unknown>>;
}

const METHODS = new Set(["get", "post", "put", "patch", "delete"]);

/** The index of an OpenAPI document: its /api/v1 paths grouped by their first segment. */
export function apiIndex(document: Record<string, unknown>): ApiIndex {
  const doc = document as Document;
  const byName = new Map<string, ApiResource>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    if (!path.startsWith(`${PREFIX}/`)) continue;
    const name = path.slice(PREFIX.length + 1).split("/")[0] ?? "";
    // The document itself is linked on its own below.
    if (name === "" || path === OPENAPI_PATH) continue;
    let resource = byName.get(name);
    if (!resource) {
      resource = { name, href: `${PREFIX}/${name}`, operations: [] };
      byName.set(name, resource);
    }
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const summary = (operation as { summary?: string }).summary ?? "";
      resource.operations.push({ method: method.toUpperCase(), path, summary });
    }
  }
  return {
    title: doc.info?.title ?? "Centinela REST API",
    version: doc.info?.version ?? "",
    openapi: OPENAPI_PATH,
    taxii: "/taxii2/",
    resources: [...byName.values()].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}
