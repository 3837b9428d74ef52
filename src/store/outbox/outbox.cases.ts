import assert from "node:assert/strict";
import { it } from "node:test";
import type { Actor } from "../directory/contract.js";
import { ALL_ORGS } from "../inventory/contract.js";
import { type MakeStoreFixture, withStore } from "../store-fixture.js";
import type { OutboxInput } from "./contract.js";

const CLI: Actor = { userId: null, orgId: null, address: "cli" };

function input(orgId: string, errors = 0): OutboxInput {
  return {
    orgId,
    policy: "ais",
    destination: null,
    to: "https://partner.example/taxii2/api/",
    collection: "incoming",
    source: "iocs.json",
    by: "ana",
    original: '[{"id":"indicator--1"}]',
    outgoing: '[{"id":"identity--g"},{"id":"indicator--1"}]',
    changes: "[]",
    issues: "[]",
    errors,
  };
}

/** The outbox area's shared cases, run on both databases by areas.cases.ts. */
export function runOutboxCases(make: MakeStoreFixture): void {
  it("an item goes pending → approved → sent, once each, and is audited", async (t) => {
    await withStore(t, make, async (store) => {
      const item = await store.outbox.queue(CLI, input("org-a"));
      assert.equal(item.status, "pending");
      assert.equal(item.objects, 2);
      assert.match(item.id, /^outbox--/);
      // Sending before approval does nothing.
      assert.equal(await store.outbox.markSent(CLI, item.id, "{}"), false);
      const approved = await store.outbox.decide(ALL_ORGS, CLI, item.id, {
        status: "approved",
        by: "root",
        reason: null,
      });
      assert.equal(approved?.status, "approved");
      assert.equal(approved?.decidedBy, "root");
      // Only a pending item is decided: a second decision changes nothing.
      assert.equal(
        await store.outbox.decide(ALL_ORGS, CLI, item.id, { status: "rejected", by: "x", reason: "no" }),
        null,
      );
      assert.equal(await store.outbox.markSent(CLI, item.id, '{"successes":2}'), true);
      assert.equal(await store.outbox.markSent(CLI, item.id, "{}"), false);
      const sent = await store.outbox.get(ALL_ORGS, item.id);
      assert.equal(sent?.status, "sent");
      assert.equal(sent?.result, '{"successes":2}');
      const actions = (await store.directory.listAudit(0, 100)).map((e) => e.action);
      for (const a of ["outbox.queue", "outbox.approve", "outbox.send"]) assert.ok(actions.includes(a), a);
    });
  });

  it("lists by scope and status; another organization's item is not found", async (t) => {
    await withStore(t, make, async (store) => {
      const a = await store.outbox.queue(CLI, input("org-a"));
      const b = await store.outbox.queue(CLI, input("org-b"));
      await store.outbox.decide(ALL_ORGS, CLI, b.id, { status: "rejected", by: "root", reason: "names a person" });
      assert.deepEqual(
        (await store.outbox.list(ALL_ORGS)).map((s) => s.id),
        [a.id, b.id],
      );
      assert.deepEqual(
        (await store.outbox.list(ALL_ORGS, { statuses: ["rejected"] })).map((s) => [s.id, s.reason]),
        [[b.id, "names a person"]],
      );
      const onlyA = { kind: "org" as const, orgId: "org-a" };
      assert.deepEqual(
        (await store.outbox.list(onlyA)).map((s) => s.id),
        [a.id],
      );
      assert.equal(await store.outbox.get(onlyA, b.id), null);
      assert.equal(await store.outbox.decide(onlyA, CLI, b.id, { status: "approved", by: "x", reason: null }), null);
    });
  });

  it("destinations: added, refused twice unless replaced", async (t) => {
    await withStore(t, make, async (store) => {
      const d = { name: "ais", to: "https://ais.example/taxii2/", collection: "c1", policy: "ais" };
      await store.outbox.putDestination(CLI, d);
      await assert.rejects(store.outbox.putDestination(CLI, d), /exists/);
      await store.outbox.putDestination(CLI, { ...d, collection: "c2" }, { replace: true });
      assert.equal((await store.outbox.destination("ais"))?.collection, "c2");
      assert.equal(await store.outbox.destination("none"), null);
      assert.deepEqual(
        (await store.outbox.destinations()).map((x) => x.name),
        ["ais"],
      );
    });
  });
}
