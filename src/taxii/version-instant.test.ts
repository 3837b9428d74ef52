import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, createFixture, indicator, indicatorId, type TaxiiFixture } from "./test-fixture.js";

/**
 * TAXII 2.1 names a version by its id and `modified` instant: a client that posts an object again
 * with the instant spelled otherwise (`…00Z` for `…00.000Z`, as OpenCTI or MISP exports may) gets a
 * success and no second version; a different object at that instant fails, and the first stays.
 */

const json = (r: { body: string }) => JSON.parse(r.body);

describe("TAXII POST: one version per id and modified instant", () => {
  let f: TaxiiFixture;
  before(async () => {
    f = await createFixture();
  });
  after(() => f.close());

  const post = async (objects: unknown[]) =>
    json(await call(f.app, "POST", "collections/c1/objects/", { token: f.users.alice.token, body: { objects } }));
  const get = async (path: string) =>
    json(await call(f.app, "GET", `collections/c1/objects/${indicatorId(1)}/${path}`, { token: f.users.alice.token }));

  it("takes the same object respelled as stored, and refuses another object at that instant", async () => {
    const first = indicator(1, "green", "2024-01-01T00:00:00.000Z");
    assert.equal((await post([first])).success_count, 1);
    const respelled = { ...indicator(1, "green", "2024-01-01T00:00:00Z"), created: "2024-01-01T00:00:00Z" };
    const again = await post([respelled]);
    assert.deepEqual([again.success_count, again.failure_count], [1, 0]);
    const other = await post([{ ...indicator(1, "green", "2024-01-01T00:00:00.000000Z"), name: "another" }]);
    assert.deepEqual([other.success_count, other.failure_count], [0, 1]);
    assert.match(other.failures[0].message, /ya está guardada con otro contenido/);

    const versions = await get("versions/");
    assert.deepEqual(versions.versions, ["2024-01-01T00:00:00.000Z"]);
    const stored = await get("");
    assert.deepEqual(
      stored.objects.map((o: { name: string; modified: string }) => `${o.name} ${o.modified}`),
      ["indicator 1 2024-01-01T00:00:00.000Z"],
    );
  });
});
