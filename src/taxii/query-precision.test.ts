import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, createFixture, indicator, indicatorId, type TaxiiFixture } from "./test-fixture.js";

/**
 * STIX and RFC 3339 allow any number of fraction digits, and the validator and the store accept
 * them; the manifest then lists such a `modified` as the object's version. A client asking for
 * exactly that version (match[version]), or paging with added_after written with more than nine
 * digits, must get the object, not a 400.
 */

const json = (r: { body: string }) => JSON.parse(r.body);
const LONG = "2024-03-01T00:00:00.1234567890Z";

describe("timestamps with more than nine fraction digits on the TAXII side", () => {
  let f: TaxiiFixture;
  before(async () => {
    f = await createFixture();
    const r = await call(f.app, "POST", "collections/c1/objects/", {
      token: f.users.alice.token,
      body: { objects: [indicator(1, "green", LONG), indicator(2, "green")] },
    });
    assert.equal(json(r).success_count, 2, r.body);
  });
  after(() => f.close());

  const get = (path: string, query: Record<string, string>) =>
    call(f.app, "GET", `collections/c1/${path}`, { token: f.users.bob.token, query });

  it("finds an object by the version the manifest lists for it", async () => {
    const manifest = json(await get("manifest/", { "match[id]": indicatorId(1) }));
    const version: string = manifest.objects[0].version;
    assert.equal(version, LONG);
    const byId = await get(`objects/${indicatorId(1)}/`, { "match[version]": version });
    assert.equal(byId.statusCode, 200, byId.body);
    assert.deepEqual(
      json(byId).objects.map((o: { modified: string }) => o.modified),
      [LONG],
    );
    const listed = await get("objects/", { "match[version]": version });
    assert.equal(listed.statusCode, 200, listed.body);
    assert.deepEqual(
      json(listed).objects.map((o: { id: string }) => o.id),
      [indicatorId(1)],
    );
  });

  it("takes added_after with more than nine fraction digits", async () => {
    const all = json(await get("objects/", {}));
    const stamp: string = json(await get("manifest/", { "match[id]": indicatorId(1) })).objects[0].date_added;
    // The same instant as the first object's date added, written with ten fraction digits.
    const r = await get("objects/", { added_after: stamp.replace("Z", "0000Z") });
    assert.equal(r.statusCode, 200, r.body);
    const later = all.objects.map((o: { id: string }) => o.id).slice(1);
    assert.deepEqual(
      json(r).objects.map((o: { id: string }) => o.id),
      later,
    );
  });
});
