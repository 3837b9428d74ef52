import type { FastifyInstance } from "fastify";
import { alertScope, decide } from "../../access/index.js";
import { sightingId } from "../../detect/index.js";
import {
  ALERT_BUCKET_SIZES,
  ALERT_KINDS,
  ALERT_STATUSES,
  type AlertBucketSize,
  type AlertFilter,
  type AlertKind,
  type AlertStatus,
  type Store,
  type StoredAlert,
} from "../../store/index.js";
import { adminError } from "../admin/input.js";
import { callerOf } from "../context.js";
import { summarize } from "../intel-summary.js";
import { ERROR_SCHEMA, LIMIT, limitOf } from "../schemas.js";
import { badField, instant, localizeErrors, visibleOrg, wordList } from "./alert-input.js";

/**
 * The alerts detection raised (scan, hunt, POST /logs), as the store's alerts area keeps them:
 *
 *   GET   /api/v1/alerts?kind=&status=&indicator=&value=&org=&from=&to=&limit=&after=   newest event first, keyset pages
 *   GET   /api/v1/alerts/histogram?bucket=day|hour|minute&…same filters        alerts per day (hour, minute) and kind
 *   GET   /api/v1/alerts/top-indicators?limit=10&…same filters                   the indicators matched most often
 *   GET   /api/v1/alerts/:id                                                    one alert: its log record
 *   PATCH /api/v1/alerts/:id  {"status": "acknowledged"|"dismissed"|"new", "note": "…"}
 *
 * A member reads its organization's alerts, the national CSIRT (admin) every organization's
 * (access's rulebook: alert.read); an analyst of the organization, or an admin, changes their
 * status (alert.update), kept with who and when and audited. Another organization's alert is
 * "not found". Refusals name the parameter and are in the caller's language.
 */

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };

const word = (description: string) => ({ type: "string", minLength: 1, maxLength: 200, description }) as const;

const FILTERS = {
  kind: word(`alert kinds, comma-separated: ${ALERT_KINDS.join(", ")}`),
  status: word(`statuses, comma-separated: ${ALERT_STATUSES.join(", ")}`),
  indicator: {
    type: "string",
    pattern: "^indicator--[0-9a-fA-F-]{36}$",
    description: "only the alerts of this indicator (its STIX id)",
  },
  value: word("only the alerts on this observed value (an address or a domain, exactly as logged)"),
  org: word("only this organization's (its id or name), among those the caller may see"),
  from: { type: "string", maxLength: 40, description: "events at or after this ISO 8601 date or instant" },
  to: { type: "string", maxLength: 40, description: "events before this ISO 8601 date or instant" },
} as const;

const LIST_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: { ...FILTERS, limit: LIMIT, after: { type: "string", maxLength: 200 } },
} as const;

const HISTOGRAM_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...FILTERS,
    bucket: { enum: [...ALERT_BUCKET_SIZES], description: "day (default), hour or minute (UTC)" },
  },
} as const;

const TOP_QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    ...FILTERS,
    limit: {
      type: "string",
      pattern: "^[1-9][0-9]?$|^100$",
      description: "how many indicators (1 to 100, default 10)",
    },
  },
} as const;

const ID_PARAMS = {
  type: "object",
  properties: { id: { type: "string", pattern: "^[0-9a-f]{32}$" } },
  required: ["id"],
} as const;

const STATUS_BODY = {
  type: "object",
  additionalProperties: false,
  properties: {
    status: { enum: [...ALERT_STATUSES] },
    note: { type: ["string", "null"], maxLength: 2000 },
  },
  required: ["status"],
} as const;

const nstr = { type: ["string", "null"] } as const;

const ALERT = {
  type: "object",
  properties: {
    id: { type: "string" },
    orgId: { type: "string" },
    orgName: nstr,
    kind: { enum: [...ALERT_KINDS] },
    event: { type: "string", description: "the event's identity (hash of its log line, or of what an analytic found)" },
    indicatorId: nstr,
    value: nstr,
    field: { ...nstr, description: "the log field that matched (query, id.resp_h, server_name…)" },
    log: { type: "string", description: "zeek:dns, suricata:alert, conn…" },
    file: { type: "string" },
    line: { type: "integer" },
    ts: { ...nstr, description: "the event's own time (ISO 8601)" },
    src: nstr,
    dst: nstr,
    details: {
      type: ["object", "null"],
      additionalProperties: true,
      description: "what an analytic measured (bytes, destinations, score, window end); null for a match",
    },
    status: { enum: [...ALERT_STATUSES] },
    statusBy: nstr,
    statusAt: nstr,
    note: nstr,
    recorded: { type: "string" },
    sighting: {
      ...nstr,
      description:
        "the STIX sighting an indicator match counts in (sighting--…, for an incident's report); null for an analytic's",
    },
  },
} as const;

const LIST_RESPONSE = {
  type: "object",
  properties: { alerts: { type: "array", items: ALERT }, next: nstr },
  required: ["alerts", "next"],
} as const;

const HISTOGRAM_RESPONSE = {
  type: "object",
  properties: {
    bucket: { enum: [...ALERT_BUCKET_SIZES] },
    buckets: {
      type: "array",
      items: {
        type: "object",
        properties: { bucket: { type: "string" }, kind: { enum: [...ALERT_KINDS] }, count: { type: "integer" } },
      },
    },
  },
  required: ["bucket", "buckets"],
} as const;

const TOP_RESPONSE = {
  type: "object",
  properties: {
    indicators: {
      type: "array",
      items: {
        type: "object",
        properties: {
          id: { type: "string" },
          title: { ...nstr, description: "null when the caller may not read the indicator (TLP)" },
          pattern: nstr,
          tlp: nstr,
          count: { type: "integer", description: "its matches (indicator alerts) the filters select" },
          organizations: { type: "integer", description: "how many organizations it was seen at" },
          lastSeen: { ...nstr, description: "the latest event time among them" },
        },
      },
    },
  },
  required: ["indicators"],
} as const;

/** The parameters each part of a request may have, named when an unknown one is refused. */
const FIELDS = {
  querystring: [...Object.keys(LIST_QUERY.properties), "bucket"],
  body: Object.keys(STATUS_BODY.properties),
  params: ["id"],
};

type FilterQuery = Partial<Record<keyof typeof FILTERS, string>>;

/** The store's filter from a query, each value checked (400 naming the parameter). */
async function filterOf(store: Store, caller: ReturnType<typeof callerOf>, q: FilterQuery): Promise<AlertFilter> {
  const filter: AlertFilter = {};
  const kinds = wordList<AlertKind>("kind", q.kind, ALERT_KINDS);
  if (kinds.length > 0) filter.kinds = kinds;
  const statuses = wordList<AlertStatus>("status", q.status, ALERT_STATUSES);
  if (statuses.length > 0) filter.statuses = statuses;
  if (q.indicator !== undefined) filter.indicatorId = q.indicator.toLowerCase();
  if (q.value !== undefined && q.value.trim() !== "") filter.value = q.value.trim();
  const from = instant("from", q.from);
  const to = instant("to", q.to);
  if (from !== undefined) filter.from = from;
  if (to !== undefined) filter.to = to;
  if (q.org !== undefined)
    filter.orgId = (await visibleOrg(store, caller, q.org, "alert.read", "detect:api.forbiddenUpdate")).id;
  return filter;
}

/** Registers the alert routes. */
export async function registerAlertRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  localizeErrors(app, FIELDS);
  // The organizations' names, for the alerts' `orgName` (few rows; read per request), and the
  // sighting each indicator match was counted in (detection writes one per indicator and organization).
  const named = async (alerts: StoredAlert[]) => {
    const names = new Map((await store.directory.listOrganizations()).map((o) => [o.id, o.name] as const));
    return alerts.map((a) => ({
      ...a,
      orgName: names.get(a.orgId) ?? null,
      sighting: a.kind === "indicator" && a.indicatorId ? sightingId(a.orgId, a.indicatorId) : null,
    }));
  };

  app.get<{ Querystring: FilterQuery & { limit?: string; after?: string } }>(
    "/alerts",
    {
      schema: {
        summary: "Detection alerts the caller may see, newest event first (keyset pages)",
        querystring: LIST_QUERY,
        response: { 200: LIST_RESPONSE, ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const filter = await filterOf(store, caller, request.query);
      let page: Awaited<ReturnType<Store["alerts"]["list"]>>;
      try {
        page = await store.alerts.list(alertScope(caller), filter, {
          limit: limitOf(request.query.limit, 50),
          after: request.query.after ?? null,
        });
      } catch (error) {
        if ((error as { code?: string }).code === "STORE_BAD_CURSOR") throw badField("after");
        if ((error as { code?: string }).code === "STORE_BAD_PAGE") throw badField("limit");
        throw error;
      }
      return { alerts: await named(page.alerts), next: page.next };
    },
  );

  app.get<{ Querystring: FilterQuery & { bucket?: AlertBucketSize } }>(
    "/alerts/histogram",
    {
      schema: {
        summary: "Alerts per day (or hour, or minute) and kind, by the events' own time, for a chart",
        querystring: HISTOGRAM_QUERY,
        response: { 200: HISTOGRAM_RESPONSE, ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { bucket = "day", ...rest } = request.query;
      const filter = await filterOf(store, caller, rest);
      return { bucket, buckets: await store.alerts.histogram(alertScope(caller), filter, bucket) };
    },
  );

  app.get<{ Querystring: FilterQuery & { limit?: string } }>(
    "/alerts/top-indicators",
    {
      schema: {
        summary: "The indicators matched most often in the alerts the caller may see (counted in the store)",
        querystring: TOP_QUERY,
        response: { 200: TOP_RESPONSE, ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const { limit, ...rest } = request.query;
      const tallies = await store.alerts.topIndicators(
        alertScope(caller),
        await filterOf(store, caller, rest),
        limitOf(limit, 10),
      );
      // Named through the store with the caller's context: TLP decides which indicators it may read.
      const ids = tallies.map((x) => x.indicatorId);
      const found =
        ids.length > 0 ? (await store.queryObjects(caller.read, { ids }, { limit: ids.length })).objects : [];
      const byId = new Map(found.map((o) => [o.id, summarize(o)] as const));
      return {
        indicators: tallies.map((x) => {
          const s = byId.get(x.indicatorId);
          return {
            id: x.indicatorId,
            title: s?.title ?? null,
            pattern: s?.pattern ?? null,
            tlp: s?.tlp ?? null,
            count: x.count,
            organizations: x.organizations,
            lastSeen: x.lastSeen,
          };
        }),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    "/alerts/:id",
    {
      schema: {
        summary: "One alert: its log record (file, line, fields) and status",
        params: ID_PARAMS,
        response: { 200: ALERT, ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const alert = await store.alerts.get(alertScope(caller), request.params.id);
      if (!alert) throw adminError("API_NOT_FOUND", "detect:api.alertNotFound", { id: request.params.id });
      const [shown] = await named([alert]);
      return shown;
    },
  );

  app.patch<{ Params: { id: string }; Body: { status: AlertStatus; note?: string | null } }>(
    "/alerts/:id",
    {
      schema: {
        summary: "Acknowledge or dismiss an alert (or make it new again), with a note",
        params: ID_PARAMS,
        body: STATUS_BODY,
        response: { 200: ALERT, ...ERRORS },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const scope = alertScope(caller);
      const alert = await store.alerts.get(scope, request.params.id);
      if (!alert) throw adminError("API_NOT_FOUND", "detect:api.alertNotFound", { id: request.params.id });
      const decision = decide(caller, "alert.update", { kind: "organization", orgId: alert.orgId });
      if (!decision.allowed)
        throw adminError("API_FORBIDDEN", "detect:api.forbiddenUpdate", { role: caller.user.role });
      const note = request.body.note?.trim() ? request.body.note.trim() : null;
      const changed = await store.alerts.setStatus(scope, caller.actor, alert.id, {
        status: request.body.status,
        by: caller.user.username,
        note,
      });
      if (!changed) throw adminError("API_NOT_FOUND", "detect:api.alertNotFound", { id: request.params.id });
      const [shown] = await named([changed]);
      return shown;
    },
  );
}
