import type { FastifyInstance } from "fastify";
import { type ExposureSummary, summarizeExposure } from "../../vulns/index.js";
import { callerOf, orgFor, scopeOf } from "../context.js";
import { GenerationCache } from "../generation-cache.js";
import { ACTION_ITEM, ERROR_SCHEMA } from "../schemas.js";

/**
 * GET /api/v1/exposure/summary — the exposure picture the console's Panorama draws: counts of
 * the action list (known-exploited, ransomware, overdue, designated-vendor equipment) in all, by
 * state and by sector, and its first items. The same numbers and items as the whole action list of
 * /orgs/:org/actions gives; a member sees its organization, an administrator the country (or `?org=`).
 */

const COUNTS = {
  organizations: { type: "integer" },
  assets: { type: "integer" },
  actions: { type: "integer" },
  kev: { type: "integer" },
  ransomware: { type: "integer" },
  overdue: { type: "integer" },
  designated: { type: "integer" },
} as const;

const GROUP = (key: string) =>
  ({
    type: "array",
    items: { type: "object", properties: { [key]: { type: "string" }, ...COUNTS } },
  }) as const;

const SUMMARY = {
  type: "object",
  properties: {
    scope: { type: "string" },
    organization: { type: ["string", "null"] },
    today: { type: "string" },
    ...COUNTS,
    byState: GROUP("state"),
    bySector: GROUP("sector"),
    top: { type: "array", items: ACTION_ITEM },
  },
} as const;

const QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    org: { type: "string", minLength: 1, maxLength: 200 },
    top: { type: "string", pattern: "^[1-9][0-9]?$" },
  },
} as const;

/** Most first items a request may ask for (`?top=`, two digits). */
const MAX_TOP = 99;

/**
 * Registers the summary route. A summary is read from the store's exposure lines (the assets
 * changed since are derived first: vulns/exposure-lines.ts); each is also kept (GenerationCache)
 * by the caller's scope and the organization asked for, and read again only on another day or
 * when the store's generation token says something it is computed from changed.
 */
export async function registerExposureSummaryRoute(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  const summaries = new GenerationCache<ExposureSummary>();

  app.get<{ Querystring: { org?: string; top?: string } }>(
    "/exposure/summary",
    {
      schema: {
        querystring: QUERY,
        response: { 200: SUMMARY, 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 404: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const scope = scopeOf(caller);
      const orgParam = request.query.org ?? (scope.kind === "org" ? scope.orgId : null);
      const org = orgParam === null ? null : await orgFor(store, caller, orgParam, false);
      const orgId = org?.id ?? null;
      const today = new Date().toISOString().slice(0, 10);
      // What decides what the summary may show: the caller's scope and the organization asked for.
      const key = JSON.stringify([scope, orgId]);
      const token = `${today}|${await store.inventory.planGeneration()}`;
      const summary = await summaries.get(key, token, () => summarizeExposure(store, scope, orgId, today, MAX_TOP));
      const top = Number(request.query.top ?? 5);
      return { ...summary, top: summary.top.slice(0, top) };
    },
  );
}
