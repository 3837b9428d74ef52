import type { FastifyInstance } from "fastify";
import { fromCatalog, PROBLEM_SCHEMA } from "../errors/index.js";
import type { Store } from "../store/index.js";
import { toProblem } from "./error-format.js";
import { ServerError } from "./errors.js";

/**
 * The probes a service manager or load balancer asks, without credentials: `/healthz` says the
 * process answers (liveness: restart it when this fails), `/readyz` that it can serve (the store
 * answers and its migrations are applied; 503 with the reason otherwise: send it no traffic).
 * While the server shuts down, Fastify answers 503 to both, so a balancer drains it.
 */

/** Path of the liveness probe. */
export const HEALTH_PATH = "/healthz";
/** Path of the readiness probe. */
export const READY_PATH = "/readyz";

const ALIVE = {
  type: "object",
  properties: { status: { type: "string", const: "ok" } },
  required: ["status"],
  additionalProperties: false,
} as const;

const READY = {
  type: "object",
  properties: {
    status: { type: "string", const: "ready" },
    migrations: { type: "integer", description: "Migrations applied to the store." },
  },
  required: ["status", "migrations"],
  additionalProperties: false,
} as const;

/** Registers /healthz and /readyz on the host's root (public; described in the OpenAPI document). */
export function registerHealthRoutes(app: FastifyInstance, store: Store): void {
  app.get(
    HEALTH_PATH,
    {
      config: { public: true, describe: true, probe: true },
      schema: {
        summary: "Liveness: the server process answers",
        tags: ["operations"],
        response: { 200: ALIVE },
      },
    },
    async () => ({ status: "ok" as const }),
  );
  app.get(
    READY_PATH,
    {
      config: { public: true, describe: true, probe: true },
      schema: {
        summary: "Readiness: the store answers and its migrations are applied (503 with the reason if not)",
        tags: ["operations"],
        response: { 200: READY, 503: { ...PROBLEM_SCHEMA, description: "Not ready, and why." } },
      },
    },
    async (_request, reply) => {
      const readiness = await store.readiness();
      if (readiness.ready) return { status: "ready" as const, migrations: readiness.migrations };
      // Answered here, not thrown: a failing probe every few seconds is not a server error to log.
      const problem = toProblem(
        new ServerError("SERVER_UNAVAILABLE", fromCatalog("errors:server.notReady", { reason: readiness.reason })),
      );
      return reply.code(503).type("application/problem+json").send(problem);
    },
  );
}
