import assert from "node:assert/strict";
import { it } from "node:test";
import { AREAS, orderedMigrations } from "./migrate.js";
import type { MakeStoreFixture } from "./store-fixture.js";

/** Readiness (what the server's /readyz answers), run on both databases by areas.cases.ts. */
export function runReadinessCases(make: MakeStoreFixture): void {
  it("an open store is ready with every migration applied; a closed one says it cannot be reached", async (t) => {
    const fixture = await make(t);
    if (!fixture) return;
    try {
      const store = await fixture.open();
      const ready = await store.readiness();
      assert.deepEqual(ready, { ready: true, migrations: orderedMigrations(AREAS).length, newer: [] });
      await store.close();
      const closed = await store.readiness();
      assert.equal(closed.ready, false);
      assert.match(closed.ready ? "" : closed.reason, /^the database cannot be reached: .+; check that it is running$/);
    } finally {
      await fixture.dispose();
    }
  });
}
