import type { FastifyInstance } from "fastify";
import type { InventoryScope, Store } from "../../store/index.js";
import { type ActionItem, computeActionPlan } from "../../vulns/index.js";
import { callerOf, orgFor, scopeOf } from "../context.js";
import { GenerationCache } from "../generation-cache.js";
import { ACTION_ITEM, ERROR_SCHEMA } from "../schemas.js";

/**
 * GET /api/v1/exposure/summary — the exposure picture the console's Panorama draws: counts of
 * the action list (known-exploited, ransomware, overdue, designated-vendor equipment) in all, by
 * state and by sector, and its first items. Computed from the same action list as
 * /orgs/:org/actions; a member sees its organization, an administrator the country (or `?org=`).
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

interface Counts {
  organizations: number;
  assets: number;
  actions: number;
  kev: number;
  ransomware: number;
  overdue: number;
  designated: number;
}

const zero = (): Counts => ({
  organizations: 0,
  assets: 0,
  actions: 0,
  kev: 0,
  ransomware: 0,
  overdue: 0,
  designated: 0,
});

function addItem(c: Counts, item: ActionItem, today: string): void {
  c.actions++;
  if (item.kind === "designated-vendor") c.designated++;
  // A name-only line is a question (which version?), not a known-exploited flaw on the asset.
  if (item.kind === "unconfirmed-version") return;
  if (item.reasons.some((r) => r.factor === "kev")) c.kev++;
  if (item.reasons.some((r) => r.factor === "ransomware")) c.ransomware++;
  if (item.dueDate !== null && item.dueDate < today) c.overdue++;
}

/** Most first items a request may ask for (`?top=`, two digits). */
const MAX_TOP = 99;

interface Summary extends Counts {
  scope: "organization" | "national";
  organization: string | null;
  today: string;
  byState: ({ state: string } & Counts)[];
  bySector: ({ sector: string } & Counts)[];
  /** The first MAX_TOP items; a request gets as many as it asks for. */
  top: (ActionItem & { rank: number })[];
}

/** The summary of the action list of `orgId` (null: the country) as `scope` may see it. */
async function summarize(store: Store, scope: InventoryScope, orgId: string | null, today: string): Promise<Summary> {
  const plan = await computeActionPlan(store, scope, { orgId, today });
  const total = zero();
  const states = new Map<string, Counts>();
  const sectors = new Map<string, Counts>();
  const profiles = new Map<string, { state: string; sector: string }>();
  const profileOf = async (id: string) => {
    let p = profiles.get(id);
    if (!p) {
      const found = await store.inventory.getOrgProfile(id);
      p = { state: found?.state ?? "", sector: found?.sector ?? "" };
      profiles.set(id, p);
      for (const [map, key] of [
        [states, p.state],
        [sectors, p.sector],
      ] as const) {
        if (!key) continue;
        const c = map.get(key) ?? zero();
        c.organizations++;
        map.set(key, c);
      }
      total.organizations++;
    }
    return p;
  };
  for (const asset of plan.assets.values()) {
    const p = await profileOf(asset.organizationId ?? "");
    total.assets++;
    if (p.state) (states.get(p.state) as Counts).assets++;
    if (p.sector) (sectors.get(p.sector) as Counts).assets++;
  }
  for (const item of plan.items) {
    addItem(total, item, today);
    const p = await profileOf(item.organizationId ?? "");
    if (p.state) addItem(states.get(p.state) as Counts, item, today);
    if (p.sector) addItem(sectors.get(p.sector) as Counts, item, today);
  }
  return {
    scope: orgId ? "organization" : "national",
    organization: orgId,
    today,
    ...total,
    byState: [...states].map(([state, c]) => ({ state, ...c })),
    bySector: [...sectors].map(([sector, c]) => ({ sector, ...c })),
    top: plan.items.slice(0, MAX_TOP).map((item, i) => ({ rank: i + 1, ...item })),
  };
}

/**
 * Registers the summary route. Computing a summary reads the scope's whole inventory (for an
 * administrator, the country's), so each is kept (GenerationCache) by the caller's scope and the
 * organization asked for, and computed again only on another day or when the store's generation
 * token says an asset, a vulnerability record, a sighting or anything audited changed.
 */
export async function registerExposureSummaryRoute(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  const summaries = new GenerationCache<Summary>();

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
      const summary = await summaries.get(key, token, () => summarize(store, scope, orgId, today));
      const top = Number(request.query.top ?? 5);
      return { ...summary, top: summary.top.slice(0, top) };
    },
  );
}
