import type { Principal } from "../access/index.js";

/**
 * What the host adds to every Fastify request and route, declared once here (the plugins declare
 * the same fields alike, since they cannot import the host: TypeScript merges identical ones).
 */

declare module "fastify" {
  interface FastifyInstance {
    /** The host's sign-in (HTTP Basic or token, with the failed-sign-in limit), for plugins that sign users in. */
    authenticator: { authenticate(authorization: string | undefined, address: string): Promise<Principal> };
  }
  interface FastifyRequest {
    /** The signed-in caller; null on public routes and unknown paths. */
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** A route any caller may use without signing in (TAXII discovery, OpenAPI, health). */
    public?: boolean;
    /** A route outside /api/v1 that the OpenAPI document describes all the same (health, metrics). */
    describe?: boolean;
    /** A health probe: answered without a client certificate even under mutual TLS (load balancers probe without one). */
    probe?: boolean;
  }
}
