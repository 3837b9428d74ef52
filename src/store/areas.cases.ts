import { describe } from "node:test";
import { runAlertCases } from "./alerts/alerts.cases.js";
import { runDirectoryCases } from "./directory/directory.cases.js";
import { runIncidentCases } from "./incidents/incidents.cases.js";
import { runInventoryCases } from "./inventory/inventory.cases.js";
import { runListCases } from "./lists/lists.cases.js";
import { runObjectCases } from "./objects/objects.cases.js";
import { runOutboxCases } from "./outbox/outbox.cases.js";
import { runReadinessCases } from "./readiness.cases.js";
import { runSightingCases } from "./sightings/sightings.cases.js";
import type { MakeStoreFixture } from "./store-fixture.js";

/**
 * The one test suite every Store adapter runs: `runStoreCases("sqlite", makeFixture)` in
 * sqlite/sqlite-store.test.ts and postgres/postgres-store.test.ts. Each area's cases check
 * behaviour through the Store interface only; a new area adds its `runXCases` here, and so runs
 * on both databases.
 */

/** Registers every area's shared cases under `store (name)`. */
export function runStoreCases(name: string, make: MakeStoreFixture): void {
  describe(`store (${name})`, () => {
    runObjectCases(make);
    describe("directory", () => runDirectoryCases(make));
    describe("inventory", () => runInventoryCases(make));
    describe("incidents", () => runIncidentCases(make));
    describe("lists", () => runListCases(make));
    describe("sightings", () => runSightingCases(make));
    describe("readiness", () => runReadinessCases(make));
    describe("alerts", () => runAlertCases(make));
    describe("outbox", () => runOutboxCases(make));
  });
}
