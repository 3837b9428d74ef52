import type { FastifyInstance } from "fastify";
import { SECTORS } from "../../assets/index.js";
import { MX_STATES, type MxState, parseMxState } from "../../i18n/index.js";
import { callerOf } from "../context.js";
import { adminError, type Field, oneOf, readBody, requireAdmin, text } from "./input.js";
import { ADMIN_ERRORS, bodyOf, ORG } from "./schemas.js";

/** POST /api/v1/orgs — an administrator adds an organization, with its sector and state (both or neither). */

const stateField: Field<MxState> = {
  required: false,
  hint: "admin:hint.state",
  read: (value) => {
    const state = typeof value === "string" ? parseMxState(value) : null;
    return state ? { value: state } : null;
  },
};

/** Registers the organization routes of the administration. */
export async function registerAdminOrgRoutes(app: FastifyInstance): Promise<void> {
  const { store } = app.exposureApi;
  app.post(
    "/orgs",
    {
      attachValidation: true,
      schema: {
        summary: "Add an organization (administrators)",
        body: bodyOf(
          {
            name: { type: "string", minLength: 1, maxLength: 200 },
            sector: { enum: [...SECTORS] },
            state: { type: "string", description: `ISO 3166-2:MX code or name: ${Object.keys(MX_STATES).join(", ")}` },
          },
          ["name"],
        ),
        response: { 201: ORG, ...ADMIN_ERRORS },
      },
    },
    async (request, reply) => {
      const caller = callerOf(request);
      requireAdmin(caller);
      const body = readBody(request.body, {
        name: text("admin:hint.orgName", { max: 200 }),
        sector: oneOf(SECTORS, false),
        state: stateField,
      });
      const name = body.name as string;
      if (Boolean(body.sector) !== Boolean(body.state)) throw adminError("API_BAD_REQUEST", "admin:org.sectorAndState");
      if (await store.directory.findOrganization(name)) throw adminError("API_CONFLICT", "admin:org.exists", { name });
      const org = await store.directory.createOrganization(caller.actor, name);
      if (body.sector && body.state) {
        await store.inventory.setOrgProfile(caller.actor, {
          orgId: org.id,
          sector: body.sector,
          state: body.state,
          tlp: "amber",
        });
      }
      return reply.code(201).send({ ...org, sector: body.sector ?? null, state: body.state ?? null });
    },
  );
}
