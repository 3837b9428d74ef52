import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, createFixture, indicator, indicatorId, type TaxiiFixture } from "./test-fixture.js";

describe("TAXII POST: a STIX pattern that does not parse is a failure of that object", () => {
  let f: TaxiiFixture;
  before(async () => {
    f = await createFixture();
  });
  after(() => f.close());

  it("fails the bad pattern with the engine's error and position, and adds the others", async () => {
    const bad = { ...indicator(2), pattern: "[ipv4-addr:value = '1.2.3.4'" };
    const sigma = { ...indicator(3), pattern: "detection: {", pattern_type: "sigma" };
    const r = await call(f.app, "POST", "collections/c1/objects/", {
      token: f.users.alice.token,
      body: { objects: [indicator(1), bad, sigma] },
    });
    assert.equal(r.statusCode, 202);
    const status = JSON.parse(r.body);
    assert.equal(status.success_count, 2);
    assert.equal(status.failure_count, 1);
    assert.equal(status.failures[0].id, indicatorId(2));
    assert.match(status.failures[0].message, /pattern: expected .*'\]'.* \(1:29\)/);
    const got = await call(f.app, "GET", `collections/c1/objects/${indicatorId(2)}/`, { token: f.users.alice.token });
    assert.equal(got.statusCode, 404);
  });
});
