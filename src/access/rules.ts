import { type MessageKey, t } from "../i18n/index.js";
import type { Principal, Role } from "./principal.js";

/**
 * The rulebook: what each role may do, as one pure function every transport asks. Nothing else
 * in the tree compares roles.
 *
 *   action             admin  analyst          reader           partner
 *   collection.read    yes    with read grant  with read grant  with read grant
 *   collection.write   yes    with write grant never            with write grant
 *   inventory.read     any    own organization own organization own organization
 *   inventory.write    any    own organization never            never
 *   incident.report    any    own organization never            never
 *   incident.read      any    any (TLP)        any (TLP)        any (TLP)
 *   intelligence.read  any    any (TLP)        any (TLP)        any (TLP)
 *   incident.update    any    own organization never            never
 *   incident.submit    any    own organization never            never
 *   detect.run         any    own organization never            never
 *   alert.read         any    own organization own organization own organization
 *   alert.update       any    own organization never            never
 *   outbox.queue       any    own organization never            never
 *   outbox.approve     own    never            never            never
 *   national.read      yes    never            never            never
 *   administer         yes    never            never            never
 *
 * A partner (another CSIRT, CISA AIS, a MISP or OpenCTI machine) shares by writing STIX objects
 * to the collections it is granted, but never changes an organization's inventory, reports
 * incidents or posts logs. A reader never writes anything. An organization outside the caller's
 * scope, or a collection it has no grant on, is `hidden`: answered exactly as if it did not exist.
 * An incident is a STIX object: which ones a caller may read is TLP's answer, given by the store
 * inside its queries (an incident it may not read is "not found"); the rulebook lets every role
 * read what TLP shows it, and only the organization's analysts (and admins) report, change
 * (workflow, comments, attachments) or submit it.
 *
 * What leaves for a partner under an organization's name is decided by that organization's own
 * admin: `outbox.approve` (approve or reject an anonymized push in the outbox) is the one action
 * an admin may take only in its own organization — the national CSIRT's admin does not release
 * a ministry's intelligence for it. Analysts queue pushes (`outbox.queue`) but never release them.
 */

/** Everything a caller may ask to do. */
export type Action =
  | "collection.read"
  | "collection.write"
  | "inventory.read"
  | "inventory.write"
  | "incident.report"
  | "incident.read"
  | "intelligence.read"
  | "incident.update"
  | "incident.submit"
  | "detect.run"
  | "alert.read"
  | "alert.update"
  | "outbox.queue"
  | "outbox.approve"
  | "national.read"
  | "administer";

/** Every action, for tables and documentation. */
export const ACTIONS: readonly Action[] = [
  "collection.read",
  "collection.write",
  "inventory.read",
  "inventory.write",
  "incident.report",
  "incident.read",
  "intelligence.read",
  "incident.update",
  "incident.submit",
  "detect.run",
  "alert.read",
  "alert.update",
  "outbox.queue",
  "outbox.approve",
  "national.read",
  "administer",
];

/** What an action is about: a collection with the caller organization's grant, or an organization. */
export type Target =
  | { kind: "collection"; grant: { read: boolean; write: boolean } | null }
  | { kind: "organization"; orgId: string }
  | { kind: "none" };

/** The answer: allowed; refused with a reason to give (403); or hidden (answer as "not found", 404). */
export type Decision = { allowed: true } | { allowed: false; hidden: boolean; reason: string };

/** Who asks: a principal, or just its role and organization. */
export interface Subject {
  role: Role;
  orgId: string;
}

const ALLOW: Decision = { allowed: true };
const hide = (reason: string): Decision => ({ allowed: false, hidden: true, reason });
const deny = (reason: string): Decision => ({ allowed: false, hidden: false, reason });

/** Roles allowed each organization-scoped action in their own organization (admins: every one). */
const OWN_ORGANIZATION: Record<string, readonly Role[]> = {
  "inventory.read": ["analyst", "reader", "partner"],
  "inventory.write": ["analyst"],
  "incident.report": ["analyst"],
  "incident.update": ["analyst"],
  "incident.submit": ["analyst"],
  "detect.run": ["analyst"],
  "alert.read": ["analyst", "reader", "partner"],
  "alert.update": ["analyst"],
  "outbox.queue": ["analyst"],
  "outbox.approve": [],
};

/** Who may do an action, in words, in the reader's language (for messages and the README). */
export function whoMay(action: Action): string {
  return t(`errors:access.who.${action.replace(".", "_")}` as MessageKey);
}

const mayNot = (role: Role, action: Action) =>
  deny(t("errors:access.reason.roleMayNot", { role, who: whoMay(action) }));

/** The subject of a principal. */
export function subjectOf(principal: Principal | Subject): Subject {
  return "user" in principal ? { role: principal.user.role, orgId: principal.user.orgId } : principal;
}

/** May `who` do `action` on `target`? The one rule every transport asks. */
export function decide(who: Principal | Subject, action: Action, target: Target = { kind: "none" }): Decision {
  const { role, orgId } = subjectOf(who);
  // Releasing an organization's intelligence is its own admin's decision, not every admin's.
  if (action === "outbox.approve") {
    if (target.kind !== "organization") return deny(t("errors:access.reason.outboxOneOrg"));
    if (role !== "admin") return mayNot(role, action);
    return target.orgId === orgId ? ALLOW : deny(t("errors:access.reason.onlyOrgAdmin", { who: whoMay(action) }));
  }
  if (role === "admin") return ALLOW;
  switch (action) {
    case "collection.read":
    case "collection.write": {
      const grant = target.kind === "collection" ? target.grant : null;
      if (!grant || (!grant.read && !grant.write)) return hide(t("errors:access.reason.noGrant"));
      if (action === "collection.read") {
        return grant.read ? ALLOW : deny(t("errors:access.reason.writeNotRead"));
      }
      if (role === "reader") return deny(t("errors:access.reason.readerNeverWrites"));
      return grant.write ? ALLOW : deny(t("errors:access.reason.readNotWrite"));
    }
    // TLP decides, in the store's queries, which incidents exist for the caller.
    case "incident.read":
    case "intelligence.read":
      return ALLOW;
    case "national.read":
    case "administer":
      return mayNot(role, action);
    default: {
      if (target.kind !== "organization" || target.orgId !== orgId) return hide(t("errors:access.reason.outsideOrg"));
      const roles = OWN_ORGANIZATION[action] ?? [];
      return roles.includes(role) ? ALLOW : mayNot(role, action);
    }
  }
}

/** Shorthand: is `action` allowed? */
export function may(who: Principal | Subject, action: Action, target?: Target): boolean {
  return decide(who, action, target).allowed;
}

/** What a principal may do on one collection given its organization's grant (TAXII's can_read/can_write). */
export function collectionRights(
  who: Principal | Subject,
  grant: { read: boolean; write: boolean } | null,
): { read: boolean; write: boolean } {
  const target: Target = { kind: "collection", grant };
  return { read: may(who, "collection.read", target), write: may(who, "collection.write", target) };
}

/** The inventory a caller reads (the store's InventoryScope): admins every organization, others their own. */
export function inventoryScope(who: Principal | Subject): { kind: "all" } | { kind: "org"; orgId: string } {
  const { role, orgId } = subjectOf(who);
  return role === "admin" ? { kind: "all" } : { kind: "org", orgId };
}

/**
 * The alerts a caller reads (the store's scope): an alert belongs to the organization whose
 * traffic raised it, so a member reads its own organization's and the national CSIRT every one.
 */
export function alertScope(who: Principal | Subject): { kind: "all" } | { kind: "org"; orgId: string } {
  return inventoryScope(who);
}

/** May the caller read a status resource of another user (admins; and the writer's own organization)? */
export function mayReadStatus(who: Principal, status: { ownerUser: string | null; ownerOrg: string | null }): boolean {
  return (
    who.user.role === "admin" ||
    status.ownerUser === who.user.id ||
    (status.ownerOrg !== null && status.ownerOrg === who.user.orgId)
  );
}
