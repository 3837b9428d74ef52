import assert from "node:assert/strict";
import { test } from "node:test";
import { importItems } from "../ingest/index.js";
import { TLP_MARKING_IDS } from "../stix/index.js";
import { itemsOf, makeIndicator, withDetectStore } from "./detect-fixture.js";
import type { Alert } from "./engine.js";
import { orgVisibility } from "./org-visibility.js";

const CLI = { userId: null, orgId: null, address: "cli" };

function alertOn(n: number, line: number): Alert {
  return {
    kind: "indicator",
    indicator_id: makeIndicator(n, "").id as string,
    value: "66.63.168.35",
    field: "id.resp_h",
    log: "zeek:conn",
    file: "conn.log",
    line,
    ts: "2023-02-22T00:00:03.000Z",
    src: "192.168.1.107",
    dst: "66.63.168.35",
    event: `event-${n}-${line}`,
  };
}

test("an organization's alerts are only on indicators it may read, its own, or the operator's", async () => {
  await withDetectStore(async (store) => {
    const a = (await store.directory.createOrganization(CLI, "SCT")).id;
    const b = (await store.directory.createOrganization(CLI, "Pemex")).id;
    const pattern = "[ipv4-addr:value = '66.63.168.35']";
    const marked = (n: number, level: keyof typeof TLP_MARKING_IDS) =>
      makeIndicator(n, pattern, { object_marking_refs: [TLP_MARKING_IDS[level]] });
    const byB = [
      marked(1, "amber"),
      marked(2, "amber+strict"),
      marked(3, "red"),
      marked(4, "green"),
      marked(5, "clear"),
    ];
    const ofB = await importItems(store, itemsOf(byB), {
      ctx: { orgId: b, userId: null, source: "test" },
      source: "test",
    });
    assert.equal(ofB.rejected, 0);
    const ofA = await importItems(store, itemsOf([marked(6, "amber+strict")]), {
      ctx: { orgId: a, userId: null, source: "test" },
      source: "test",
    });
    assert.equal(ofA.rejected, 0);
    // Imported by the local operator, unmarked: no organization produced it.
    const ofOperator = await importItems(store, itemsOf([makeIndicator(7, pattern)]), {
      ctx: { orgId: null, userId: null, source: "test" },
      source: "test",
    });
    assert.equal(ofOperator.rejected, 0);

    const alerts = [1, 2, 3, 4, 5, 6, 7, 8].flatMap((n) => [alertOn(n, n * 10), alertOn(n, n * 10 + 1)]);
    const forA = await orgVisibility(store, a).filter(alerts);
    // B's AMBER, AMBER+STRICT and RED are withheld from A; an id not in the store (8) too.
    assert.deepEqual(
      [...new Set(forA.kept.map((x) => x.indicator_id))],
      [4, 5, 6, 7].map((n) => makeIndicator(n, "").id),
    );
    assert.equal(forA.withheld, 8);
    const forB = await orgVisibility(store, b).filter(alerts);
    assert.deepEqual(
      [...new Set(forB.kept.map((x) => x.indicator_id))],
      [1, 2, 3, 4, 5, 7].map((n) => makeIndicator(n, "").id),
    );
    assert.equal(forB.withheld, 4);
  });
});
