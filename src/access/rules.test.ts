import assert from "node:assert/strict";
import { it } from "node:test";
import { withLocale } from "../i18n/index.js";
import { ROLES, type Role } from "./principal.js";
import { ACTIONS, type Action, alertScope, decide, inventoryScope, type Target } from "./rules.js";

/**
 * The whole rulebook as one table: for each action and target, what each role gets
 * (a = allowed, d = refused with a reason, h = hidden as "not found"), in the order
 * admin, analyst, reader, partner.
 */
const OWN: Target = { kind: "organization", orgId: "org-a" };
const OTHER: Target = { kind: "organization", orgId: "org-b" };
const RW: Target = { kind: "collection", grant: { read: true, write: true } };
const R: Target = { kind: "collection", grant: { read: true, write: false } };
const W: Target = { kind: "collection", grant: { read: false, write: true } };
const NONE: Target = { kind: "collection", grant: null };
const NOTHING: Target = { kind: "none" };

const TABLE: [Action, string, Target, string][] = [
  ["collection.read", "read+write grant", RW, "aaaa"],
  ["collection.read", "read grant", R, "aaaa"],
  ["collection.read", "write grant", W, "addd"],
  ["collection.read", "no grant", NONE, "ahhh"],
  ["collection.write", "read+write grant", RW, "aada"],
  ["collection.write", "read grant", R, "addd"],
  ["collection.write", "write grant", W, "aada"],
  ["collection.write", "no grant", NONE, "ahhh"],
  ["inventory.read", "own organization", OWN, "aaaa"],
  ["inventory.read", "another organization", OTHER, "ahhh"],
  ["inventory.write", "own organization", OWN, "aadd"],
  ["inventory.write", "another organization", OTHER, "ahhh"],
  ["incident.report", "own organization", OWN, "aadd"],
  ["incident.report", "another organization", OTHER, "ahhh"],
  ["incident.read", "own organization", OWN, "aaaa"],
  ["incident.read", "another organization (TLP decides in the store)", OTHER, "aaaa"],
  ["intelligence.read", "any object (TLP decides in the store)", NOTHING, "aaaa"],
  ["incident.update", "own organization", OWN, "aadd"],
  ["incident.update", "another organization", OTHER, "ahhh"],
  ["incident.submit", "own organization", OWN, "aadd"],
  ["incident.submit", "another organization", OTHER, "ahhh"],
  ["detect.run", "own organization", OWN, "aadd"],
  ["detect.run", "another organization", OTHER, "ahhh"],
  ["alert.read", "own organization", OWN, "aaaa"],
  ["alert.read", "another organization", OTHER, "ahhh"],
  ["alert.update", "own organization", OWN, "aadd"],
  ["alert.update", "another organization", OTHER, "ahhh"],
  ["outbox.queue", "own organization", OWN, "aadd"],
  ["outbox.queue", "another organization", OTHER, "ahhh"],
  // Releasing a push is the organization's own admin's decision: not another organization's admin.
  ["outbox.approve", "own organization", OWN, "addd"],
  ["outbox.approve", "another organization", OTHER, "dddd"],
  ["national.read", "-", NOTHING, "addd"],
  ["administer", "-", NOTHING, "addd"],
];

it("decides every role × action × target as the rulebook's table says", () => {
  const covered = new Set<Action>();
  for (const [action, label, target, expected] of TABLE) {
    covered.add(action);
    ROLES.forEach((role: Role, i) => {
      const d = decide({ role, orgId: "org-a" }, action, target);
      const got = d.allowed ? "a" : d.hidden ? "h" : "d";
      assert.equal(got, expected[i], `${role} ${action} on ${label}`);
      if (!d.allowed) assert.ok(d.reason.length > 10, `${role} ${action}: a reason to show`);
    });
  }
  assert.deepEqual([...covered].sort(), [...ACTIONS].sort(), "every action is in the table");
  assert.deepEqual(inventoryScope({ role: "admin", orgId: "org-a" }), { kind: "all" });
  assert.deepEqual(inventoryScope({ role: "partner", orgId: "org-a" }), { kind: "org", orgId: "org-a" });
  assert.deepEqual(alertScope({ role: "admin", orgId: "org-a" }), { kind: "all" });
  assert.deepEqual(alertScope({ role: "reader", orgId: "org-a" }), { kind: "org", orgId: "org-a" });
});

it("gives its reasons in the reader's language", () => {
  const grant: Target = { kind: "collection", grant: { read: true, write: true } };
  const refused = (locale: "es-MX" | "en") =>
    withLocale(locale, () => decide({ role: "reader", orgId: "org-a" }, "collection.write", grant));
  const es = refused("es-MX");
  const en = refused("en");
  assert.ok(!es.allowed && !en.allowed);
  if (es.allowed || en.allowed) return;
  assert.match(es.reason, /el rol reader nunca escribe; pida el rol analyst/);
  assert.match(en.reason, /the reader role never writes; ask for the analyst role/);
  const national = withLocale("es-MX", () => decide({ role: "analyst", orgId: "org-a" }, "national.read"));
  assert.ok(
    !national.allowed &&
      /el rol analyst no puede hacer esto; se necesita el rol admin \(el CSIRT nacional\)/.test(national.reason),
  );
});
