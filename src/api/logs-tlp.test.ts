import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { itemsOf, makeIndicator } from "../detect/detect-fixture.js";
import { importItems } from "../ingest/index.js";
import { TLP_MARKING_IDS } from "../stix/index.js";
import { apiHost } from "./api-fixture.js";

/**
 * POST /api/v1/logs under TLP: a match on another organization's AMBER indicator is not the
 * poster's alert — not in the answer, not in its alerts, not a sighting it can read — while the
 * producer posting the same line gets it.
 */

const AMBER_OF_PEMEX = makeIndicator(1, "[ipv4-addr:value = '66.63.168.35']", {
  object_marking_refs: [TLP_MARKING_IDS.amber],
});
const GREEN_OF_PEMEX = makeIndicator(2, "[domain-name:value = 'evil.example.com']", {
  object_marking_refs: [TLP_MARKING_IDS.green],
});
const LINES = [
  {
    _path: "conn",
    ts: 1677024003.1,
    uid: "C1",
    "id.orig_h": "192.168.1.107",
    "id.orig_p": 49710,
    "id.resp_h": "66.63.168.35",
    "id.resp_p": 443,
    proto: "tcp",
  },
  {
    _path: "dns",
    ts: 1677024004.2,
    uid: "C2",
    "id.orig_h": "192.168.1.107",
    "id.orig_p": 5353,
    "id.resp_h": "192.168.1.1",
    "id.resp_p": 53,
    proto: "udp",
    query: "evil.example.com",
  },
]
  .map((l) => JSON.stringify(l))
  .join("\n");

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`POST /api/v1/logs under TLP (${backend})`, () => {
    it("keeps another organization's unshared indicator out of the poster's answer, alerts and sightings", async (t) => {
      const host = await apiHost(t, backend, [
        ["ana", "SCT", "analyst"],
        ["otto", "Pemex", "analyst"],
      ]);
      if (!host) return;
      const pemex = host.orgs.Pemex ?? "";
      const imported = await importItems(host.store, itemsOf([AMBER_OF_PEMEX, GREEN_OF_PEMEX]), {
        ctx: { orgId: pemex, userId: null, source: "test" },
        source: "test",
      });
      assert.equal(imported.rejected, 0);
      const post = (user: string) =>
        host.app.inject({
          method: "POST",
          url: "/api/v1/logs?name=mixed.log",
          headers: { authorization: `Bearer ${host.tokens[user]}`, "content-type": "application/x-ndjson" },
          payload: LINES,
        });
      const asSct = await post("ana");
      assert.equal(asSct.statusCode, 200, asSct.body);
      const s = asSct.json<{ alerts: number; top: { indicatorId: string }[]; stored: { added: number } }>();
      assert.equal(s.alerts, 1);
      assert.deepEqual(
        s.top.map((x) => x.indicatorId),
        [GREEN_OF_PEMEX.id],
      );
      assert.equal(s.stored.added, 1);
      assert.doesNotMatch(asSct.body, /66\.63\.168\.35|000000000001/);
      const alerts = await host.app.inject({
        method: "GET",
        url: "/api/v1/alerts",
        headers: { authorization: `Bearer ${host.tokens.ana}` },
      });
      assert.equal(alerts.statusCode, 200, alerts.body);
      assert.doesNotMatch(alerts.body, /66\.63\.168\.35/);
      const sightings = await host.app.inject({
        method: "GET",
        url: "/api/v1/sightings",
        headers: { authorization: `Bearer ${host.tokens.ana}` },
      });
      assert.equal(sightings.statusCode, 200, sightings.body);
      assert.doesNotMatch(sightings.body, /000000000001/);
      // The producer's own sensor posting the same lines sees both.
      const asPemex = await post("otto");
      assert.equal(asPemex.statusCode, 200, asPemex.body);
      assert.equal(asPemex.json<{ alerts: number }>().alerts, 2);
    });
  });
}
