import type { FastifyInstance } from "fastify";
import { importInventory, readInventoryFile } from "../../assets/index.js";
import { refreshExposure } from "../../vulns/index.js";
import { callerOf, orgFor, scopeOf } from "../context.js";
import { ApiError } from "../errors.js";
import { ERROR_SCHEMA, ORG_PARAMS } from "../schemas.js";

/**
 * POST /api/v1/orgs/:org/imports — an inventory file (Nmap XML, CycloneDX JSON or the CSV
 * template, told from the content) sent as the request body, imported into the organization as
 * `centinela assets import` does: re-imports update the same assets, and every skipped host,
 * component or row (`skipped`), and every one kept without a part it could not read (`kept`),
 * comes back with its place and reason. `?name=` labels the provenance (the
 * file name), `?internet=true` marks an Nmap scan run from the internet.
 */

const QUERY = {
  type: "object",
  additionalProperties: false,
  properties: {
    name: { type: "string", minLength: 1, maxLength: 300 },
    internet: { enum: ["true", "false"] },
    asset: { type: "string", minLength: 1, maxLength: 300 },
  },
} as const;

const PROBLEM = {
  type: "object",
  properties: {
    code: { type: "string" },
    line: { type: "integer" },
    column: { type: "integer" },
    path: { type: "string" },
    message: { type: "string" },
    kept: { type: "boolean" },
  },
} as const;

const SUMMARY = {
  type: "object",
  properties: {
    format: { type: "string" },
    seen: { type: "integer" },
    new: { type: "integer" },
    updated: { type: "integer" },
    unchanged: { type: "integer" },
    skipped: { type: "array", items: PROBLEM },
    kept: { type: "array", items: PROBLEM },
  },
} as const;

/** Media types an inventory file may be sent as; the format is told from the content. */
const FILE_TYPES = ["application/xml", "text/xml", "text/csv", "text/plain", "application/octet-stream"];

/** Registers the import route. */
export async function registerImportRoute(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  // This scope only: the body of an import is the file's text, whatever it claims to be.
  app.addContentTypeParser(FILE_TYPES, { parseAs: "string" }, (_request, body, done) => done(null, body));

  app.post<{ Params: { org: string }; Querystring: { name?: string; internet?: string; asset?: string } }>(
    "/orgs/:org/imports",
    {
      schema: {
        params: ORG_PARAMS,
        querystring: QUERY,
        response: { 200: SUMMARY, 400: ERROR_SCHEMA, 401: ERROR_SCHEMA, 403: ERROR_SCHEMA, 404: ERROR_SCHEMA },
      },
    },
    async (request) => {
      const caller = callerOf(request);
      const org = await orgFor(store, caller, request.params.org, true);
      const body = request.body;
      const text = typeof body === "string" ? body : body === undefined || body === null ? "" : JSON.stringify(body);
      if (text.trim() === "") {
        throw new ApiError(
          "API_BAD_REQUEST",
          "the request body is empty; send the Nmap XML, CycloneDX JSON or CSV file as the body",
        );
      }
      const read = readInventoryFile(text, {
        input: request.query.name ?? "upload",
        internetExposed: request.query.internet === "true",
        ...(request.query.asset ? { assetName: request.query.asset } : {}),
      });
      const summary = await importInventory(store, caller.actor, scopeOf(caller), org, read);
      // The imported assets' exposure lines are derived now, so the next Panorama finds them
      // ready; a failure here leaves them marked, and the next summary derives them.
      await refreshExposure(store).catch((error: unknown) => request.log.warn({ err: error }, "exposure refresh"));
      return summary;
    },
  );
}
