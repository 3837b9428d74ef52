import type { FastifyRequest } from "fastify";
import type { InventoryScope, Organization, Store } from "../store/index.js";
import type { Authenticator, Principal } from "../taxii/index.js";
import { ApiError } from "./errors.js";

/**
 * What the API's routes share: the store and the authenticator (the TAXII server's own, not a
 * second one), the caller's principal, and the rules of organization scope:
 * - a member reads only its own organization's inventory; another organization is "not found";
 * - readers and partners read, analysts and admins also change;
 * - an admin is the national CSIRT's: every organization, and the national action list.
 */

/** Decorated once on the API's scope. */
export interface ApiSettings {
  store: Store;
  auth: Authenticator;
}

declare module "fastify" {
  interface FastifyInstance {
    exposureApi: ApiSettings;
  }
  interface FastifyRequest {
    apiPrincipal: Principal | null;
  }
}

/** The authenticated caller (every API route is behind authentication). */
export function callerOf(request: FastifyRequest): Principal {
  if (!request.apiPrincipal) throw new ApiError("API_UNAUTHORIZED", "this resource needs credentials");
  return request.apiPrincipal;
}

/** The inventory scope of a caller. */
export function scopeOf(principal: Principal): InventoryScope {
  return principal.user.role === "admin" ? { kind: "all" } : { kind: "org", orgId: principal.user.orgId };
}

/**
 * The organization of the `:org` parameter (id or name), as the caller may see it: an
 * organization outside the caller's scope is answered exactly like one that does not exist.
 */
export async function orgFor(store: Store, principal: Principal, param: string, write: boolean): Promise<Organization> {
  const org = await store.directory.findOrganization(param);
  const scope = scopeOf(principal);
  if (!org || (scope.kind === "org" && scope.orgId !== org.id)) {
    throw new ApiError("API_NOT_FOUND", `organization "${param}" was not found`);
  }
  if (write && principal.user.role !== "admin" && principal.user.role !== "analyst") {
    throw new ApiError(
      "API_FORBIDDEN",
      `the ${principal.user.role} role may read the inventory but not change it; ask an analyst`,
    );
  }
  return org;
}
