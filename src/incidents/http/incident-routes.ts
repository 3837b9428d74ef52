import type { FastifyInstance } from "fastify";
import type { StixObject } from "../../stix/index.js";
import { findStoredActor } from "../actors-store.js";
import { IncidentError } from "../errors.js";
import { loadIncident, resolveOrg } from "../persist.js";
import { clocksOf, type IncidentPatch, type ReportRequest, reportIncident, updateIncident } from "../service.js";
import { incidentFromStix } from "../stix-objects.js";
import type { IncidentRecord } from "../types.js";
import { parseStatus } from "../workflow.js";
import { callerActor } from "./request.js";
import { ERRORS, ID_PARAMS, INCIDENT, INCIDENT_PAGE, LIST_QUERY, PATCH_BODY, REPORT_BODY } from "./schemas.js";

/**
 * /api/v1/incidents — list (keyset pages of what TLP lets the caller read), report, show and
 * change one. The service asks access's rulebook who may report or change; the store's TLP
 * filter answers an incident the caller may not read exactly like one that does not exist.
 */

/** A record as answered: the record and its clocks at `now`. */
export function view(record: IncidentRecord, now: number): IncidentRecord & { clocks: ReturnType<typeof clocksOf> } {
  return { ...record, clocks: clocksOf(record, now) };
}

type ListQuery = { org?: string; status?: string; limit?: string; after?: string };

/** Registers list, report, show and change. */
export async function registerIncidentRoutes(app: FastifyInstance): Promise<void> {
  const { store, now } = app.incidentsApi;

  app.get<{ Querystring: ListQuery }>(
    "/",
    { schema: { querystring: LIST_QUERY, response: { 200: INCIDENT_PAGE, ...ERRORS } } },
    async (request) => {
      const who = callerActor(request);
      const q = request.query;
      const status = q.status ? parseStatus(q.status) : null;
      const orgId = q.org ? (await resolveOrg(store, q.org)).id : null;
      // One store page, filtered: a page may hold fewer than `limit` incidents; follow `next`.
      const page = await store.queryObjects(
        who.read,
        { types: ["incident"] },
        { limit: q.limit ? Number(q.limit) : 100, after: q.after ?? null },
      );
      const t = now();
      const incidents = [];
      for (const stored of page.objects) {
        let record: IncidentRecord;
        try {
          record = incidentFromStix(JSON.parse(stored.raw) as StixObject);
        } catch (error) {
          if (error instanceof IncidentError) continue; // an incident Centinela did not write
          throw error;
        }
        if ((orgId && record.org.id !== orgId) || (status && record.status !== status)) continue;
        incidents.push(view(record, t));
      }
      return { incidents, next: page.next };
    },
  );

  app.post<{ Body: Omit<ReportRequest, "org" | "actor"> & { org?: string; actor?: string } }>(
    "/",
    { schema: { body: REPORT_BODY, response: { 201: INCIDENT, ...ERRORS } } },
    async (request, reply) => {
      const who = callerActor(request);
      const t = now();
      // Without `org`, the caller's own organization.
      const org = request.body.org ?? (who.subject?.orgId as string);
      const actor = request.body.actor ? await findStoredActor(store, who.read, request.body.actor) : undefined;
      const record = await reportIncident(store, who, { ...request.body, org, actor }, t);
      return reply
        .code(201)
        .header("location", `${request.url.replace(/\/$/, "")}/${record.id}`)
        .send(view(record, t));
    },
  );

  app.get<{ Params: { id: string } }>(
    "/:id",
    { schema: { params: ID_PARAMS, response: { 200: INCIDENT, ...ERRORS } } },
    async (request) => {
      const { record } = await loadIncident(store, callerActor(request).read, request.params.id);
      return view(record, now());
    },
  );

  app.patch<{ Params: { id: string }; Body: Omit<IncidentPatch, "actor"> & { actor?: string } }>(
    "/:id",
    { schema: { params: ID_PARAMS, body: PATCH_BODY, response: { 200: INCIDENT, ...ERRORS } } },
    async (request) => {
      const t = now();
      const who = callerActor(request);
      const actor = request.body.actor ? await findStoredActor(store, who.read, request.body.actor) : undefined;
      const record = await updateIncident(store, who, request.params.id, { ...request.body, actor }, t);
      return view(record, t);
    },
  );
}
