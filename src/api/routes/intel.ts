import type { FastifyInstance } from "fastify";
import type { Principal } from "../../access/index.js";
import { fromCatalog } from "../../errors/index.js";
import { t } from "../../i18n/index.js";
import type { Store, StoredObject } from "../../store/index.js";
import { callerOf, requireAction } from "../context.js";
import { ApiError } from "../errors.js";
import { INTEL_SUMMARY, type IntelSummary, parsed, summarize } from "../intel-summary.js";
import { ERROR_SCHEMA, LIMIT, limitOf } from "../schemas.js";
import { buildGraph, GRAPH } from "./intel-graph.js";

/**
 * /api/v1/intel — the console's intelligence: a search by value, name, ATT&CK or CVE id, or STIX
 * id (the store's term index), a list by type, and one object's detail (last version, every
 * version, where it came from, and its relationships as a small graph). Every read goes through
 * the store with the caller's AccessContext, so TLP decides inside the query what exists.
 */

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };
const STIX_TYPE = { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,62}$" } as const;
const STIX_ID = { type: "string", pattern: "^[a-z0-9][a-z0-9-]{0,62}--[0-9a-fA-F-]{36}$" } as const;
/** Hits of the first page whose referrers (reports, sightings…) the search also lists. */
const RELATED_OF = 10;
/** Referrers listed per hit. */
const RELATED_EACH = 20;

const SEARCH_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    q: { type: "string", minLength: 1, maxLength: 200 },
    match: { enum: ["prefix", "exact"] },
    type: STIX_TYPE,
    limit: LIMIT,
    after: { type: "string", maxLength: 1000 },
  },
} as const;

const HIT = { ...INTEL_SUMMARY, properties: { ...INTEL_SUMMARY.properties, term: { type: "string" } } } as const;
const RELATED = { ...INTEL_SUMMARY, properties: { ...INTEL_SUMMARY.properties, via: { type: "string" } } } as const;

const SEARCH_RESPONSE = {
  type: "object",
  properties: {
    objects: { type: "array", items: HIT },
    related: { type: "array", items: RELATED },
    next: { type: ["string", "null"] },
  },
  required: ["objects", "related", "next"],
} as const;

const DETAIL_RESPONSE = {
  type: "object",
  properties: {
    object: INTEL_SUMMARY,
    raw: { type: "string" },
    versions: {
      type: "array",
      items: {
        type: "object",
        properties: {
          versionKey: { type: "string" },
          dateAdded: { type: "string" },
          tlp: { type: ["string", "null"] },
          revoked: { type: "boolean" },
        },
      },
    },
    provenance: {
      type: "object",
      properties: {
        organization: { type: ["string", "null"] },
        createdBy: { type: ["string", "null"] },
        firstAdded: { type: "string" },
        externalReferences: {
          type: "array",
          items: {
            type: "object",
            properties: {
              sourceName: { type: ["string", "null"] },
              externalId: { type: ["string", "null"] },
              url: { type: ["string", "null"] },
            },
          },
        },
      },
    },
    mentionedBy: { type: "array", items: INTEL_SUMMARY },
    graph: GRAPH,
  },
  required: ["object", "raw", "versions", "provenance", "mentionedBy", "graph"],
} as const;

type SearchQuery = { q?: string; match?: "prefix" | "exact"; type?: string; limit?: string; after?: string };

/** The referrers of the first hits (reports, sightings, relationships naming them), each once. */
async function relatedOf(store: Store, caller: Principal, hits: readonly StoredObject[]) {
  const seen = new Set(hits.map((h) => h.id));
  const related: Array<IntelSummary & { via: string }> = [];
  for (const hit of hits.slice(0, RELATED_OF)) {
    const page = await store.searchObjects(caller.read, { text: hit.id, match: "exact" }, { limit: RELATED_EACH });
    for (const r of page.objects) {
      if (seen.has(r.id)) continue;
      seen.add(r.id);
      related.push({ ...summarize(r), via: hit.id });
    }
  }
  return related;
}

/** The external references of an object, as provenance shows them. */
function externalReferences(o: Record<string, unknown>) {
  if (!Array.isArray(o.external_references)) return [];
  return o.external_references.slice(0, 50).map((ref) => {
    const r = (ref && typeof ref === "object" ? ref : {}) as Record<string, unknown>;
    const s = (v: unknown) => (typeof v === "string" ? v : null);
    return { sourceName: s(r.source_name), externalId: s(r.external_id), url: s(r.url) };
  });
}

/** Registers the intelligence routes. */
export async function registerIntelRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get<{ Querystring: SearchQuery }>(
    "/intel/search",
    { schema: { querystring: SEARCH_QUERY, response: { 200: SEARCH_RESPONSE, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      requireAction(caller, "intelligence.read", t("errors:access.refused.intelligence"));
      const { q, match, type, after } = request.query;
      const page = { limit: limitOf(request.query.limit, 25), after: after ?? null };
      const types = type ? [type] : undefined;
      if (q === undefined || q.trim() === "") {
        if (!types) {
          throw new ApiError(
            "API_BAD_REQUEST",
            "give ?q= (a value, name, ATT&CK id or STIX id) or ?type= (a STIX type)",
          );
        }
        const listed = await store.queryObjects(caller.read, { types }, page);
        return { objects: listed.objects.map((o) => summarize(o)), related: [], next: listed.next };
      }
      const found = await store.searchObjects(caller.read, { text: q, match, types }, page);
      const related = after ? [] : await relatedOf(store, caller, found.objects);
      return { objects: found.objects.map((o) => ({ ...summarize(o), term: o.term })), related, next: found.next };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/intel/objects/:id",
    {
      schema: {
        params: { type: "object", properties: { id: STIX_ID }, required: ["id"] },
        response: { 200: DETAIL_RESPONSE, ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      requireAction(caller, "intelligence.read", t("errors:access.refused.intelligence"));
      const id = request.params.id.toLowerCase();
      const versions = await store.getVersions(caller.read, id);
      const last = versions[versions.length - 1];
      if (!last) throw new ApiError("API_NOT_FOUND", fromCatalog("errors:api.noObject", { id }));
      const o = parsed(last);
      const referrers = await store.searchObjects(caller.read, { text: id, match: "exact" }, { limit: 50 });
      const graph = await buildGraph(store, caller.read, last, o, referrers.objects);
      const createdByRef = typeof o.created_by_ref === "string" ? o.created_by_ref : null;
      const createdBy = createdByRef ? (await store.getVersions(caller.read, createdByRef)).at(-1) : undefined;
      const org = last.producerOrg ? await store.directory.findOrganization(last.producerOrg) : null;
      return {
        object: summarize(last, o),
        raw: last.raw,
        versions: versions.map((v) => ({
          versionKey: v.versionKey,
          dateAdded: v.dateAdded,
          tlp: v.tlp,
          revoked: parsed(v).revoked === true,
        })),
        provenance: {
          organization: org?.name ?? null,
          createdBy: createdBy ? summarize(createdBy).title : null,
          firstAdded: versions[0]?.dateAdded ?? last.dateAdded,
          externalReferences: externalReferences(o),
        },
        mentionedBy: referrers.objects.filter((r) => r.type !== "relationship").map((r) => summarize(r)),
        graph,
      };
    },
  );
}
