import type { FastifyInstance } from "fastify";
import { checkMember } from "../persist.js";
import { reportingDefaults, setReportingDefaults } from "../reporting.js";
import { callerActor } from "./request.js";
import { ERRORS } from "./schemas.js";

/**
 * /api/v1/incidents/settings/:org — an organization's reporting defaults (the regime its new
 * incidents are reported under, its clock's zone). Those who may report for the organization
 * (access's incident.report) read and set them.
 */

const PARAMS = {
  type: "object",
  additionalProperties: false,
  properties: { org: { type: "string", minLength: 1, maxLength: 200, description: "organization id or name" } },
  required: ["org"],
} as const;

const PARTNER = {
  type: "object",
  properties: {
    apiRoot: { type: "string", maxLength: 2000, description: "TAXII 2.1 API root URL" },
    collection: { type: "string", maxLength: 200 },
  },
} as const;

const SETTINGS = {
  type: "object",
  properties: {
    orgId: { type: "string" },
    regime: { type: "string" },
    timeZone: { type: "string" },
    submitTo: { ...PARTNER, type: ["object", "null"] },
    configured: { type: "boolean", description: "false: the product's defaults (mx-apf, America/Mexico_City)" },
  },
} as const;

const BODY = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    regime: { type: "string", maxLength: 20, description: "mx-apf, nis2, circia or none" },
    timeZone: { type: "string", maxLength: 60, description: "IANA zone (America/Mexico_City, Europe/Madrid, …)" },
    submitTo: {
      anyOf: [{ ...PARTNER, additionalProperties: false, required: ["apiRoot", "collection"] }, { type: "null" }],
      description: "the national CSIRT's TAXII collection `centinela incident submit` sends to; null: the local hub",
    },
  },
} as const;

/** Registers GET and PUT of the settings. */
export async function registerSettingsRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.incidentsApi;
  app.get<{ Params: { org: string } }>(
    "/settings/:org",
    { schema: { params: PARAMS, response: { 200: SETTINGS, ...ERRORS } } },
    async (request) => {
      const settings = await reportingDefaults(store, request.params.org);
      checkMember(callerActor(request), settings.orgId, "report");
      return settings;
    },
  );
  app.put<{ Params: { org: string }; Body: Parameters<typeof setReportingDefaults>[3] }>(
    "/settings/:org",
    { schema: { params: PARAMS, body: BODY, response: { 200: SETTINGS, ...ERRORS } } },
    async (request) => setReportingDefaults(store, callerActor(request), request.params.org, request.body),
  );
}
