import assert from "node:assert/strict";
import { test } from "node:test";
import { importObjects, makeIndicator, withDetectStore } from "./detect-fixture.js";
import { loadIndex } from "./load.js";

test("the index is built from the store's current indicators and follows their changes on reload", async () => {
  await withDetectStore(async (store) => {
    await importObjects(store, [
      makeIndicator(1, "[domain-name:value = 'a.example']"),
      makeIndicator(2, "[ipv4-addr:value = '66.63.168.35']"),
      makeIndicator(3, "[domain-name:value = 'gone.example']", { revoked: true }),
      {
        type: "malware",
        spec_version: "2.1",
        id: "malware--00000000-0000-4000-8000-000000000001",
        created: "2018-01-01T00:00:00Z",
        modified: "2018-01-01T00:00:00Z",
        name: "x",
        is_family: true,
      },
    ]);
    const loaded = await loadIndex(store);
    assert.equal(loaded.first.read, 3);
    assert.deepEqual(loaded.first.outcomes, { exact: 2, revoked: 1 });
    const { index } = loaded;
    assert.equal(index.lookupDomain("a.example"), 1);
    assert.equal(index.lookupDomain("gone.example"), 0);
    // Nothing changed: a reload reads nothing.
    assert.equal((await loaded.reload()).read, 0);
    await importObjects(store, [
      makeIndicator(1, "[domain-name:value = 'b.example']", { modified: "2018-02-01T00:00:00.000Z" }),
      makeIndicator(2, "[ipv4-addr:value = '66.63.168.35']", { modified: "2018-02-01T00:00:00.000Z", revoked: true }),
      makeIndicator(4, "[domain-name:value LIKE '%.c.example']"),
    ]);
    const again = await loaded.reload();
    assert.equal(again.read, 3);
    assert.equal(index.lookupDomain("a.example"), 0, "the old version's value is gone");
    assert.equal(index.lookupDomain("b.example"), 1);
    assert.equal(index.lookupIp("66.63.168.35", 0), 0, "revoked since");
    assert.equal(index.lookupDomain("x.c.example"), 1);
    assert.equal(index.stats().indicators, 2);
  });
});
