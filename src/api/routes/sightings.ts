import type { FastifyInstance } from "fastify";
import { t } from "../../i18n/index.js";
import { organizationIdentityId } from "../../stix/index.js";
import type { StoredObject } from "../../store/index.js";
import { callerOf, requireAction } from "../context.js";
import { parsed, summarize } from "../intel-summary.js";
import { ERROR_SCHEMA, LIMIT, limitOf } from "../schemas.js";

/**
 * GET /api/v1/sightings — the STIX sightings detection recorded (one per indicator and
 * organization, with its count and first and last time seen), in the order they were added
 * (keyset pages), each with the indicator it is a sighting of and the organizations where it was seen.
 * Read through the store with the caller's context: TLP decides inside the query which
 * sightings, and which indicators, exist for the caller.
 */

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA };

const QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    org: { type: "string", minLength: 1, maxLength: 200, description: "only sightings at this organization (its id)" },
    limit: LIMIT,
    after: { type: "string", maxLength: 1000 },
  },
} as const;

const SIGHTING = {
  type: "object",
  properties: {
    id: { type: "string" },
    tlp: { type: ["string", "null"] },
    count: { type: ["integer", "null"] },
    firstSeen: { type: ["string", "null"] },
    lastSeen: { type: ["string", "null"] },
    modified: { type: ["string", "null"] },
    sightingOf: {
      type: "object",
      properties: {
        id: { type: "string" },
        type: { type: "string" },
        title: { type: ["string", "null"], description: "null when the caller may not read the object" },
        pattern: { type: ["string", "null"] },
      },
    },
    where: {
      type: "array",
      items: {
        type: "object",
        properties: {
          identity: { type: "string" },
          orgId: { type: ["string", "null"] },
          name: { type: ["string", "null"] },
        },
      },
    },
  },
} as const;

const RESPONSE = {
  type: "object",
  properties: { sightings: { type: "array", items: SIGHTING }, next: { type: ["string", "null"] } },
  required: ["sightings", "next"],
} as const;

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);

/** Registers the sightings list. */
export async function registerSightingRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;

  app.get<{ Querystring: { org?: string; limit?: string; after?: string } }>(
    "/sightings",
    { schema: { querystring: QUERY, response: { 200: RESPONSE, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      requireAction(caller, "intelligence.read", t("errors:access.refused.sightings"));
      const page = await store.queryObjects(
        caller.read,
        { types: ["sighting"] },
        { limit: limitOf(request.query.limit, 50), after: request.query.after ?? null },
      );
      // The organizations' identities, to name where each was seen (the ids are derived, not stored).
      const orgs = new Map(
        (await store.directory.listOrganizations()).map((o) => [organizationIdentityId(o.id), o] as const),
      );
      const wanted = request.query.org ? organizationIdentityId(request.query.org) : null;
      const rows = page.objects
        .map((s) => ({ stored: s, o: parsed(s) }))
        .filter(
          ({ o }) => wanted === null || (Array.isArray(o.where_sighted_refs) && o.where_sighted_refs.includes(wanted)),
        );
      const refs = [...new Set(rows.map(({ o }) => str(o.sighting_of_ref)).filter((r): r is string => r !== null))];
      const targets = new Map<string, StoredObject>();
      if (refs.length > 0) {
        const found = await store.queryObjects(caller.read, { ids: refs }, { limit: refs.length });
        for (const t of found.objects) targets.set(t.id, t);
      }
      return {
        next: page.next,
        sightings: rows.map(({ stored, o }) => {
          const ref = str(o.sighting_of_ref) ?? "";
          const target = targets.get(ref);
          const summary = target ? summarize(target) : null;
          const where = Array.isArray(o.where_sighted_refs)
            ? o.where_sighted_refs.filter((w) => typeof w === "string")
            : [];
          return {
            id: stored.id,
            tlp: stored.tlp,
            count: typeof o.count === "number" ? o.count : null,
            firstSeen: str(o.first_seen),
            lastSeen: str(o.last_seen),
            modified: str(o.modified),
            sightingOf: {
              id: ref,
              type: ref.split("--")[0] ?? "",
              title: summary?.title ?? null,
              pattern: summary?.pattern ?? null,
            },
            where: where.map((identity: string) => {
              const org = orgs.get(identity);
              return { identity, orgId: org?.id ?? null, name: org?.name ?? null };
            }),
          };
        }),
      };
    },
  );
}
