import type { FastifyInstance } from "fastify";
import { decide } from "../../access/index.js";
import { IncidentError } from "../errors.js";
import { readState } from "../input.js";
import { nationalPictureFor } from "../national-store.js";
import { checkTimeZone } from "../zoned-time.js";
import { ERRORS } from "./schemas.js";

/**
 * /api/v1/national — the national CSIRT's picture: incidents, sightings and exposure by sector,
 * state, week, type and attributed actor. Who may read it is access's answer (national.read);
 * what it counts and lists is the store's TLP answer for the caller: incidents it may read in
 * detail, the others submitted to the hub (not TLP:RED) as counts only.
 */

const BUCKETS = {
  type: "array",
  items: {
    type: "object",
    properties: {
      key: { type: "string" },
      incidents: { type: "integer" },
      sightings: { type: "integer" },
      assets: { type: "integer" },
      internetExposed: { type: "integer" },
      critical: { type: "integer" },
    },
  },
} as const;

const N = { type: "integer" } as const;
const NS = { type: ["string", "null"] } as const;

/** The picture as answered. */
export const PICTURE = {
  type: "object",
  properties: {
    timeZone: { type: "string" },
    totals: {
      type: "object",
      properties: {
        incidents: N,
        detailed: N,
        countedOnly: N,
        sightings: N,
        assets: N,
        internetExposed: N,
        critical: N,
      },
    },
    bySector: BUCKETS,
    byState: BUCKETS,
    byWeek: BUCKETS,
    byType: BUCKETS,
    byActor: BUCKETS,
    incidents: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          organization: { type: "string" },
          title: { type: "string" },
          sector: NS,
          state: NS,
          week: { type: "string" },
          types: { type: "array", items: { type: "string" } },
          actor: NS,
          status: { type: "string" },
          criticality: { type: ["integer", "null"] },
        },
      },
    },
  },
} as const;

const QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    timeZone: {
      type: "string",
      maxLength: 60,
      description: "zone the weeks are counted in (default America/Mexico_City)",
    },
    state: {
      type: "string",
      maxLength: 60,
      description: "only this state: its name as people write it (Nuevo Leon, CDMX, Jalisco) or ISO code (MX-NLE)",
    },
  },
} as const;

/** Registers GET /api/v1/national. */
export async function registerNationalRoute(app: FastifyInstance): Promise<void> {
  const { store, hub } = app.incidentsApi;
  app.get<{ Querystring: { timeZone?: string; state?: string } }>(
    "/",
    { schema: { querystring: QUERY, response: { 200: PICTURE, ...ERRORS } } },
    async (request) => {
      const principal = request.principal;
      if (!principal || !decide(principal, "national.read").allowed)
        throw new IncidentError("INCIDENT_FORBIDDEN", { action: "national" });
      const timeZone = checkTimeZone(request.query.timeZone?.trim() || "America/Mexico_City");
      const state = request.query.state ? readState(request.query.state) : null;
      return nationalPictureFor(store, principal.read, { hub, timeZone, state });
    },
  );
}
