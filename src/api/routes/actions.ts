import type { FastifyInstance } from "fastify";
import { type ActionItem, computeActionPlan } from "../../vulns/index.js";
import { callerOf, orgFor, requireAction, scopeOf } from "../context.js";
import { ApiError } from "../errors.js";
import { ACTIONS_QUERY, ACTIONS_RESPONSE, ERROR_SCHEMA, limitOf, ORG_PARAMS } from "../schemas.js";

/**
 * The action lists: GET /api/v1/orgs/:org/actions for an organization's members, and
 * GET /api/v1/actions/national for the national CSIRT's administrators. Each line carries its
 * reasons in Spanish and English.
 */

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };

function page(items: ActionItem[], limit: number) {
  return { total: items.length, items: items.slice(0, limit).map((item, i) => ({ rank: i + 1, ...item })) };
}

/** Registers the action-list routes. */
export async function registerActionRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  // The schema checks the shape; a date such as 2026-13-45 would silently drop the due-date factor.
  const todayOf = (q: { today?: string }) => {
    if (q.today === undefined) return new Date().toISOString().slice(0, 10);
    const time = Date.parse(`${q.today}T00:00:00Z`);
    if (Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== q.today) {
      throw new ApiError("API_BAD_REQUEST", `today "${q.today}" is not a calendar date; give it as YYYY-MM-DD`);
    }
    return q.today;
  };

  app.get<{ Params: { org: string }; Querystring: { limit?: string; today?: string } }>(
    "/orgs/:org/actions",
    { schema: { params: ORG_PARAMS, querystring: ACTIONS_QUERY, response: { 200: ACTIONS_RESPONSE, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, false);
      const plan = await computeActionPlan(store, scopeOf(caller), { orgId: org.id, today: todayOf(request.query) });
      return page(plan.items, limitOf(request.query.limit, 100));
    },
  );

  app.get<{ Querystring: { limit?: string; today?: string } }>(
    "/actions/national",
    { schema: { querystring: ACTIONS_QUERY, response: { 200: ACTIONS_RESPONSE, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      requireAction(caller, "national.read", "the national action list is for the national CSIRT's administrators");
      const plan = await computeActionPlan(store, scopeOf(caller), { orgId: null, today: todayOf(request.query) });
      return page(plan.items, limitOf(request.query.limit, 100));
    },
  );
}
