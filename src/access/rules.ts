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

const WHO_MAY: Record<Action, string> = {
  "collection.read": "a read grant on the collection",
  "collection.write": "a write grant on the collection, and a role other than reader",
  "inventory.read": "membership of the organization",
  "inventory.write": "the analyst role in the organization",
  "incident.report": "the analyst role in the organization",
  "incident.read": "TLP: any member may read the incidents TLP shows it",
  "intelligence.read": "TLP: any member may search and read the objects TLP shows it",
  "incident.update": "the analyst role in the organization",
  "incident.submit": "the analyst role in the organization",
  "detect.run": "the analyst role in the organization",
  "alert.read": "membership of the organization whose traffic raised the alert",
  "alert.update": "the analyst role in the organization whose traffic raised the alert",
  "outbox.queue": "the analyst role in the organization whose objects are pushed",
  "outbox.approve": "the admin role in the organization whose objects are pushed",
  "national.read": "the admin role (the national CSIRT)",
  administer: "the admin role",
};

/** Who may do an action, in words (for messages and the README). */
export function whoMay(action: Action): string {
  return WHO_MAY[action];
}

/** The subject of a principal. */
export function subjectOf(principal: Principal | Subject): Subject {
  return "user" in principal ? { role: principal.user.role, orgId: principal.user.orgId } : principal;
}

/** May `who` do `action` on `target`? The one rule every transport asks. */
export function decide(who: Principal | Subject, action: Action, target: Target = { kind: "none" }): Decision {
  const { role, orgId } = subjectOf(who);
  // Releasing an organization's intelligence is its own admin's decision, not every admin's.
  if (action === "outbox.approve") {
    if (target.kind !== "organization") return deny("an outbox decision is about one organization");
    if (role !== "admin") return deny(`the ${role} role may not do this; it takes ${WHO_MAY[action]}`);
    return target.orgId === orgId ? ALLOW : deny(`only an admin of that organization may; it takes ${WHO_MAY[action]}`);
  }
  if (role === "admin") return ALLOW;
  switch (action) {
    case "collection.read":
    case "collection.write": {
      const grant = target.kind === "collection" ? target.grant : null;
      if (!grant || (!grant.read && !grant.write)) return hide("your organization has no grant on this collection");
      if (action === "collection.read") {
        return grant.read ? ALLOW : deny("your organization may write this collection but not read it");
      }
      if (role === "reader") return deny("the reader role never writes; ask for the analyst role");
      return grant.write ? ALLOW : deny("your organization may read this collection but not write it");
    }
    // TLP decides, in the store's queries, which incidents exist for the caller.
    case "incident.read":
    case "intelligence.read":
      return ALLOW;
    case "national.read":
    case "administer":
      return deny(`the ${role} role may not do this; it takes ${WHO_MAY[action]}`);
    default: {
      if (target.kind !== "organization" || target.orgId !== orgId) return hide("outside your organization");
      const roles = OWN_ORGANIZATION[action] ?? [];
      return roles.includes(role) ? ALLOW : deny(`the ${role} role may not do this; it takes ${WHO_MAY[action]}`);
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
