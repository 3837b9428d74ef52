import type { FastifyInstance } from "fastify";
import { SECTORS } from "../../assets/index.js";
import { fromCatalog } from "../../errors/index.js";
import { type MessageKey, type MessageVars, parseMxState, t } from "../../i18n/index.js";
import {
  type ActionItem,
  computeActionPlan,
  loadLineOrganizations,
  matchOrganizations,
  type NationalFilter,
  nationalLines,
  parseSector,
} from "../../vulns/index.js";
import { adminError, inLanguage, localeOf } from "../admin/input.js";
import { callerOf, orgFor, requireAction, scopeOf } from "../context.js";
import { ApiError } from "../errors.js";
import {
  ACTIONS_QUERY,
  ACTIONS_RESPONSE,
  ERROR_SCHEMA,
  limitOf,
  NATIONAL_ACTIONS_QUERY,
  ORG_PARAMS,
} from "../schemas.js";

/**
 * The action lists: GET /api/v1/orgs/:org/actions for an organization's members, and
 * GET /api/v1/actions/national for the national CSIRT's administrators. Each line carries its
 * reasons in Spanish and English; a national line also its organization, sector and state, and
 * the national list filters on them (`?sector=&state=&org=`).
 */

interface NationalQuery {
  limit?: string;
  today?: string;
  sector?: string;
  state?: string;
  org?: string;
}

const ERRORS = { 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA };

function page(items: readonly ActionItem[], limit: number) {
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
      throw new ApiError("API_BAD_REQUEST", fromCatalog("errors:api.today", { value: q.today }));
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

  app.get<{ Querystring: NationalQuery }>(
    "/actions/national",
    { schema: { querystring: NATIONAL_ACTIONS_QUERY, response: { 200: ACTIONS_RESPONSE, ...ERRORS } } },
    async (request) => {
      const caller = callerOf(request);
      requireAction(caller, "national.read", t("errors:access.refused.nationalList"));
      const q = request.query;
      const refusal = (key: MessageKey, vars: MessageVars) =>
        inLanguage(adminError("API_BAD_REQUEST", key, vars), localeOf(request));
      const filter: NationalFilter = {};
      if (q.sector !== undefined) {
        const sector = parseSector(q.sector);
        if (!sector) throw refusal("exposure:api.badSector", { value: q.sector, allowed: SECTORS.join(", ") });
        filter.sector = sector;
      }
      if (q.state !== undefined) {
        const state = parseMxState(q.state.trim());
        if (!state) throw refusal("exposure:api.badState", { value: q.state });
        filter.state = state;
      }
      const orgs = await loadLineOrganizations(store);
      if (q.org !== undefined) {
        filter.orgIds = matchOrganizations(orgs.values(), q.org);
        if (filter.orgIds.size === 0) throw refusal("exposure:api.noOrg", { value: q.org });
      }
      const plan = await computeActionPlan(store, scopeOf(caller), { orgId: null, today: todayOf(q) });
      return page(nationalLines(plan.items, orgs, filter), limitOf(q.limit, 100));
    },
  );
}
