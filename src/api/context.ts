import type { FastifyRequest } from "fastify";
import { type Action, decide, inventoryScope, type Principal, whoMay } from "../access/index.js";
import { fromCatalog } from "../errors/index.js";
import type { InventoryScope, Organization, Store } from "../store/index.js";
import { ApiError } from "./errors.js";

/**
 * What the API's routes share: the store, the caller's principal (set by the host's sign-in), and
 * the organization scope, asked of access's rulebook: a member reads only its own organization's
 * inventory (another organization is "not found"); readers and partners read, analysts also
 * change; an admin is the national CSIRT's: every organization, and the national action list.
 */

/** Decorated once on the API's scope. */
export interface ApiSettings {
  store: Store;
}

declare module "fastify" {
  interface FastifyInstance {
    exposureApi: ApiSettings;
  }
  interface FastifyRequest {
    /** The signed-in caller (the host's sign-in sets it). Declared alike by server/. */
    principal: Principal | null;
  }
}

/** The authenticated caller (every API route is behind the host's sign-in). */
export function callerOf(request: FastifyRequest): Principal {
  // The host signs in every route not marked public before its handler runs.
  if (!request.principal) throw new Error("an API route ran without a signed-in caller; mark it public or sign in");
  return request.principal;
}

/** The inventory scope of a caller. */
export function scopeOf(principal: Principal): InventoryScope {
  return inventoryScope(principal);
}

/**
 * The organization of the `:org` parameter (id or name), as the caller may see it: an
 * organization outside the caller's scope is answered exactly like one that does not exist.
 */
export async function orgFor(store: Store, principal: Principal, param: string, write: boolean): Promise<Organization> {
  const org = await store.directory.findOrganization(param);
  const action: Action = write ? "inventory.write" : "inventory.read";
  const decision = org ? decide(principal, action, { kind: "organization", orgId: org.id }) : null;
  if (!org || !decision || (!decision.allowed && decision.hidden)) {
    throw new ApiError("API_NOT_FOUND", fromCatalog("errors:api.orgNotFound", { name: param }));
  }
  if (!decision.allowed) {
    throw new ApiError(
      "API_FORBIDDEN",
      fromCatalog("errors:api.inventoryReadOnly", { role: principal.user.role, who: whoMay(action) }),
    );
  }
  return org;
}

/** Refuses (403, `message`) a caller that may not do `action`, an action on no organization (the national list). */
export function requireAction(principal: Principal, action: Action, message: string): void {
  const decision = decide(principal, action);
  if (!decision.allowed) throw new ApiError("API_FORBIDDEN", `${message}; ${decision.reason}`);
}
