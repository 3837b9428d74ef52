import type { FastifyInstance, FastifyRequest } from "fastify";
import { alertScope, may, type Principal } from "../access/index.js";
import { CodedError } from "../errors/index.js";
import type { Store } from "../store/index.js";
import { readCookie, SESSION_COOKIE, sessionCookie } from "./cookie.js";
import { ConsoleError } from "./errors.js";
import { SESSION_TTL_SECONDS, type Sessions } from "./sessions.js";

/**
 * /api/v1/session — sign in (POST), who am I and what may I do (GET), sign out (DELETE).
 * Sign-in checks the password through the server's authenticator, so the console has the same
 * users, the same scrypt verification and the same limit on failed sign-ins as TAXII and the API.
 */

/** What the routes need. */
export interface SessionRouteOptions {
  store: Store;
  sessions: Sessions;
}

declare module "fastify" {
  interface FastifyInstance {
    /** The host's sign-in (declared alike by server/): the same scrypt check and failed-sign-in limit. */
    authenticator: { authenticate(authorization: string | undefined, address: string): Promise<Principal> };
  }
  interface FastifyContextConfig {
    /** A route any caller may use without signing in (declared alike by server/). */
    public?: boolean;
  }
}

/** What the role of `p` may do in its own organization, and beyond it, as access's rulebook says. */
function capabilitiesOf(p: Principal) {
  const own = { kind: "organization", orgId: p.user.orgId } as const;
  return {
    readInventory: may(p, "inventory.read", own),
    writeInventory: may(p, "inventory.write", own),
    national: may(p, "national.read"),
    administer: may(p, "administer"),
    readIntelligence: may(p, "intelligence.read"),
    readIncidents: may(p, "incident.read"),
    reportIncident: may(p, "incident.report", own),
    updateIncident: may(p, "incident.update", own),
    submitIncident: may(p, "incident.submit", own),
    readAlerts: may(p, "alert.read", own),
    updateAlerts: may(p, "alert.update", own),
    // Every organization's alerts, not only its own (the national CSIRT): read, and changed when updateAlerts.
    allAlerts: alertScope(p).kind === "all",
  };
}

const ERROR = {
  type: "object",
  properties: { code: { type: "string" }, message: { type: "string" } },
  required: ["code", "message"],
} as const;

const WHO = {
  type: "object",
  properties: {
    signedIn: { type: "boolean" },
    user: {
      type: "object",
      properties: { id: { type: "string" }, username: { type: "string" }, role: { type: "string" } },
    },
    organization: { type: "object", properties: { id: { type: "string" }, name: { type: "string" } } },
    capabilities: {
      type: "object",
      properties: {
        readInventory: { type: "boolean" },
        writeInventory: { type: "boolean" },
        national: { type: "boolean" },
        administer: { type: "boolean" },
        readIntelligence: { type: "boolean" },
        readIncidents: { type: "boolean" },
        reportIncident: { type: "boolean" },
        updateIncident: { type: "boolean" },
        submitIncident: { type: "boolean" },
        readAlerts: { type: "boolean" },
        updateAlerts: { type: "boolean" },
        allAlerts: { type: "boolean" },
      },
    },
    expires: { type: "string" },
  },
  required: ["signedIn"],
} as const;

const SIGN_IN = {
  type: "object",
  additionalProperties: false,
  required: ["username", "password"],
  properties: {
    username: { type: "string", minLength: 1, maxLength: 200 },
    password: { type: "string", minLength: 1, maxLength: 1024 },
  },
} as const;

async function whoAmI(store: Store, principal: Principal, expires?: Date) {
  const org = await store.directory.findOrganization(principal.user.orgId);
  return {
    signedIn: true,
    user: { id: principal.user.id, username: principal.user.username, role: principal.user.role },
    organization: { id: principal.user.orgId, name: org?.name ?? principal.user.orgId },
    capabilities: capabilitiesOf(principal),
    ...(expires ? { expires: expires.toISOString() } : {}),
  };
}

const secure = (request: FastifyRequest) => request.protocol === "https";

/** Registers the session routes (mount with prefix /api/v1/session). */
export async function registerSessionRoutes(app: FastifyInstance, options: SessionRouteOptions): Promise<void> {
  const { store, sessions } = options;
  const open = { config: { public: true } };

  app.get("/", { ...open, schema: { response: { 200: WHO } } }, async (request) => {
    const principal = await sessions.principal(request);
    return principal ? whoAmI(store, principal) : { signedIn: false };
  });

  app.post<{ Body: { username: string; password: string } }>(
    "/",
    { ...open, schema: { body: SIGN_IN, response: { 200: WHO, 400: ERROR, 401: ERROR, 429: ERROR } } },
    async (request, reply) => {
      const { username, password } = request.body;
      if (username.includes(":")) throw new ConsoleError("CONSOLE_UNAUTHORIZED");
      const basic = `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
      let principal: Principal;
      try {
        principal = await app.authenticator.authenticate(basic, request.ip);
      } catch (error) {
        if (error instanceof CodedError && error.status === 429) {
          throw new ConsoleError("CONSOLE_TOO_MANY_REQUESTS", error.message, { cause: error, headers: error.headers });
        }
        if (error instanceof CodedError && error.status === 401) {
          throw new ConsoleError("CONSOLE_UNAUTHORIZED", undefined, { cause: error });
        }
        throw error;
      }
      const issued = await sessions.issue(principal.user);
      reply.header("set-cookie", sessionCookie(issued.value, { maxAge: SESSION_TTL_SECONDS, secure: secure(request) }));
      return whoAmI(store, principal, issued.expires);
    },
  );

  app.delete("/", open, async (request, reply) => {
    const value = readCookie(request.headers.cookie, SESSION_COOKIE);
    if (value !== null) {
      // Checks the Origin of a cookie-carrying DELETE, as for every other change.
      await sessions.principal(request);
      sessions.revoke(value);
    }
    reply.header("set-cookie", sessionCookie("", { maxAge: 0, secure: secure(request) }));
    return reply.code(204).send();
  });
}
