import type { Reader } from "./tlp.js";

/**
 * Who is calling, as every transport (TAXII, REST API, later detection and incidents) sees it
 * once the server has signed the request in: the user, and the contexts the store takes for its
 * reads (TLP) and writes (producer, audit). The shapes are the store's AccessContext,
 * WriteContext and Actor, written here without importing the store (access sits below it).
 */

/** Roles of a user: what they may do beyond their organization's grants (see rules.ts). */
export type Role = "admin" | "analyst" | "reader" | "partner";

/** Every role, in order of power. */
export const ROLES: readonly Role[] = ["admin", "analyst", "reader", "partner"];

/** The signed-in user (the store's User; never the password hash). */
export interface PrincipalUser {
  id: string;
  username: string;
  orgId: string;
  role: Role;
  active: boolean;
  created: string;
}

/** An authenticated caller, with the contexts the store needs for its reads and writes. */
export interface Principal {
  user: PrincipalUser;
  /** The store's AccessContext of the caller: TLP is decided with it inside every read. */
  read: Reader;
  /** The store's WriteContext: the producer organization and the audit log's who and where. */
  write: { orgId: string | null; userId: string | null; source: string; address?: string };
  /** The store's Actor for directory and inventory changes. */
  actor: { userId: string | null; orgId: string | null; address: string };
}

/** The principal of a signed-in user calling from `address` over `source` ("taxii", "api"…). */
export function principalFor(user: PrincipalUser, address: string, source = "http"): Principal {
  return {
    user,
    read: { kind: "member", orgId: user.orgId, userId: user.id },
    write: { orgId: user.orgId, userId: user.id, source, address },
    actor: { userId: user.id, orgId: user.orgId, address },
  };
}

/** The same principal writing through another transport (the write context names its source). */
export function withSource(principal: Principal, source: string): Principal {
  return principal.write.source === source ? principal : { ...principal, write: { ...principal.write, source } };
}
