import assert from "node:assert/strict";
import { it } from "node:test";
import type { Actor } from "../directory/contract.js";
import type { StoreError } from "../errors.js";
import { type MakeStoreFixture, withStore } from "../store-fixture.js";

/** The incidents area's cases, run on every adapter: reporting defaults per organization. */

const CLI: Actor = { userId: null, orgId: null, address: "cli" };

/** Registers the incidents area's cases. */
export function runIncidentCases(make: MakeStoreFixture): void {
  it("keeps each organization's reporting defaults, replaced when set again, audited", (t) =>
    withStore(t, make, async (store) => {
      const a = await store.directory.createOrganization(CLI, "A");
      const b = await store.directory.createOrganization(CLI, "B");
      assert.equal(await store.incidents.getReporting(a.id), null);
      const partner = { apiRoot: "https://csirt.example/taxii2/api/", collection: "incidentes" };
      await store.incidents.setReporting(CLI, {
        orgId: a.id,
        regime: "nis2",
        timeZone: "Europe/Madrid",
        submitTo: partner,
      });
      assert.deepEqual((await store.incidents.getReporting(a.id))?.submitTo, partner);
      const again = await store.incidents.setReporting(CLI, {
        orgId: a.id,
        regime: "circia",
        timeZone: "America/New_York",
        submitTo: null,
      });
      const got = await store.incidents.getReporting(a.id);
      assert.deepEqual(
        [got?.regime, got?.timeZone, got?.submitTo, got?.updated],
        ["circia", "America/New_York", null, again.updated],
      );
      assert.equal(await store.incidents.getReporting(b.id), null);
      const audit = (await store.directory.listAudit(0, 100)).filter((e) => e.action === "org.reporting");
      assert.equal(audit.length, 2);
      await assert.rejects(
        store.incidents.setReporting(CLI, { orgId: "org-none", regime: "nis2", timeZone: "UTC", submitTo: null }),
        (e: StoreError) => e.code === "STORE_NOT_FOUND",
      );
    }));
}
