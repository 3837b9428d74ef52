import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { computeScoId, TLP_MARKING_IDS } from "../stix/index.js";
import { call, createFixture, indicator, indicatorId, type TaxiiFixture } from "./test-fixture.js";

/**
 * TAXII 2.1: `date_added` is when the object was added to *this collection*, and `added_after`
 * / `next` page by it. An object already stored elsewhere (the same SCO, with its deterministic
 * id, reported by two producers; the same identity or marking in two feeds) must get a fresh
 * date when it joins another collection, or a reader polling that collection never receives it.
 */

const json = (r: { body: string }) => JSON.parse(r.body);

function address(value: string): Record<string, unknown> {
  const sco = { type: "ipv4-addr", spec_version: "2.1", value, object_marking_refs: [TLP_MARKING_IDS.green] };
  return { ...sco, id: computeScoId(sco) };
}

describe("an object added to a second collection later", () => {
  let f: TaxiiFixture;
  before(async () => {
    f = await createFixture();
  });
  after(() => f.close());

  it("reaches a reader of that collection who polls with added_after", async () => {
    const sco = address("203.0.113.7");
    // org-a reports the address in c1.
    const a = await call(f.app, "POST", "collections/c1/objects/", {
      token: f.users.alice.token,
      body: { objects: [sco] },
    });
    assert.equal(json(a).success_count, 1, a.body);
    // org-b's feed c2: a first object, which its reader has already polled.
    await call(f.app, "POST", "collections/c2/objects/", {
      token: f.users.bob.token,
      body: { objects: [indicator(1)] },
    });
    const polled = await call(f.app, "GET", "collections/c2/objects/", { token: f.users.bob.token });
    assert.deepEqual(
      json(polled).objects.map((o: { id: string }) => o.id),
      [indicatorId(1)],
    );
    const last = polled.headers["x-taxii-date-added-last"] as string;
    // Later, org-b reports the same address in c2.
    const b = await call(f.app, "POST", "collections/c2/objects/", {
      token: f.users.bob.token,
      body: { objects: [sco] },
    });
    assert.equal(json(b).success_count, 1, b.body);
    const next = await call(f.app, "GET", "collections/c2/objects/", {
      token: f.users.bob.token,
      query: { added_after: last },
    });
    assert.deepEqual(
      (json(next).objects ?? []).map((o: { id: string }) => o.id),
      [sco.id],
      "the address added to c2 after the last poll",
    );
  });
});
