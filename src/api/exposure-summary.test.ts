import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import { apiHost } from "./api-fixture.js";

/**
 * GET /exposure/summary keeps each computed summary and computes it again only when the store
 * changed: the computations are counted by the per-organization counts each one reads.
 */

const CITRIX = "cpe:2.3:a:citrix:netscaler_application_delivery_controller:13.0-91.10:*:*:*:-:*:*:*";

async function host(t: TestContext, backend: "sqlite" | "postgres") {
  const h = await apiHost(t, backend, [
    ["admin", "CSIRT", "admin"],
    ["ana", "A", "analyst"],
    ["bob", "B", "analyst"],
  ]);
  if (!h) return null;
  const { app, store, tokens } = h;
  const computations = { n: 0, fail: false };
  const exposureCounts = store.inventory.exposureCounts.bind(store.inventory);
  store.inventory.exposureCounts = async (scope, orgId, today) => {
    computations.n++;
    if (computations.fail) throw new Error("the store failed");
    return exposureCounts(scope, orgId, today);
  };
  const call = (user: string, method: "GET" | "POST", url: string, payload?: object) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${tokens[user]}` }, ...(payload ? { payload } : {}) });
  const summary = async (user: string, query = "") => {
    const res = await call(user, "GET", `/api/v1/exposure/summary${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as { scope: string; organization: string | null; assets: number; top: unknown[] };
  };
  const addAsset = async (user: string, org: string, address: string) => {
    const body = { name: `h-${address}`, addresses: [address], software: [{ name: "adc", cpe: CITRIX }] };
    assert.equal((await call(user, "POST", `/api/v1/orgs/${org}/assets`, body)).statusCode, 201);
  };
  return { ...h, computations, call, summary, addAsset };
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`the exposure summary cache (${backend})`, () => {
    it("serves the second request from the cache; an import, a vulnerability sync and a sighting each invalidate it", async (t) => {
      const h = await host(t, backend);
      if (!h) return;
      const { computations, summary, store } = h;
      await h.addAsset("ana", "A", "10.0.0.1");
      const first = await summary("admin");
      assert.equal(first.scope, "national");
      assert.equal(first.assets, 1);
      assert.equal(computations.n, 1);
      assert.deepEqual(await summary("admin"), first, "the same summary, from the cache");
      assert.equal(computations.n, 1);
      // Concurrent requests share one computation.
      await h.addAsset("ana", "A", "10.0.0.2");
      const [a, b] = await Promise.all([summary("admin"), summary("admin", "?top=1")]);
      assert.equal(computations.n, 2, "an import invalidates, and two concurrent requests compute once");
      assert.equal(a.assets, 2);
      assert.equal(b.assets, 2);
      assert.ok(b.top.length <= 1);

      const kev = {
        cveId: "CVE-2023-3519",
        vendorProject: "Citrix",
        product: "NetScaler ADC",
        vulnerabilityName: "Citrix NetScaler ADC code injection",
        dateAdded: "2023-07-19",
        shortDescription: "unauthenticated remote code execution",
        requiredAction: "Apply updates per vendor instructions.",
        dueDate: "2023-08-09",
        knownRansomware: false,
        notes: "",
        cwes: ["CWE-94"],
      };
      await store.inventory.putVulnRecords("kev", [{ id: kev.cveId, data: JSON.stringify(kev) }]);
      await summary("admin");
      assert.equal(computations.n, 3, "a vulnerability sync invalidates");
      await summary("admin");
      assert.equal(computations.n, 3);

      const event = { indicatorId: "indicator--1", event: "e1", ts: null, src: "10.0.0.1", dst: null };
      await store.sightings.recordEvents(h.orgs.A ?? "", [event]);
      await summary("admin");
      assert.equal(computations.n, 4, "a new sighting invalidates");
    });

    it("never serves one organization's cached summary to another, and does not keep a failure", async (t) => {
      const h = await host(t, backend);
      if (!h) return;
      const { computations, summary } = h;
      await h.addAsset("ana", "A", "10.0.0.1");
      await h.addAsset("bob", "B", "10.0.0.1");
      await h.addAsset("bob", "B", "10.0.0.2");
      const national = await summary("admin");
      assert.equal(national.assets, 3);
      for (let round = 0; round < 2; round++) {
        const a = await summary("ana");
        const b = await summary("bob");
        assert.deepEqual([a.organization, a.assets], [h.orgs.A, 1]);
        assert.deepEqual([b.organization, b.assets], [h.orgs.B, 2]);
        // A member asking for the other organization is told it does not exist, cache or not.
        assert.equal((await h.call("ana", "GET", "/api/v1/exposure/summary?org=B")).statusCode, 404);
      }
      assert.equal(computations.n, 3, "national, A and B: each computed once");
      assert.equal((await summary("admin", "?org=A")).assets, 1);
      assert.equal(computations.n, 4, "an administrator's view of A is its own entry");

      await h.addAsset("ana", "A", "10.0.0.3");
      computations.fail = true;
      assert.equal((await h.call("ana", "GET", "/api/v1/exposure/summary")).statusCode, 500);
      computations.fail = false;
      assert.equal((await summary("ana")).assets, 2, "the failure was not kept");
      assert.equal(computations.n, 6);
    });
  });
}
