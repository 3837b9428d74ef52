import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { importItems } from "../ingest/index.js";
import type { StixStreamItem } from "../stix/index.js";
import { readStixStream } from "../stix/index.js";
import { IncidentError } from "./errors.js";
import { type IncidentActor, loadIncident, loadIncidents, operatorFor } from "./persist.js";
import { reportingDefaults, setReportingDefaults } from "./reporting.js";
import {
  anonymousCopyId,
  exportBundle,
  planSubmission,
  reportIncident,
  submitToHub,
  updateIncident,
} from "./service.js";
import { incidentFixture } from "./store-fixture.js";

const NOW = Date.parse("2026-03-14T18:00:00Z");
const H = 3_600_000;

function memberOf(orgId: string, user: string): IncidentActor {
  return {
    write: { orgId, userId: user, source: "test" },
    read: { kind: "member", orgId, userId: user },
    audit: { userId: user, orgId, address: "127.0.0.1" },
    name: user,
    subject: { role: "analyst", orgId },
  };
}

async function count(store: import("../store/index.js").Store, type: string): Promise<number> {
  return store.countObjects({ kind: "system", orgId: null, userId: null }, { types: [type], versions: ["all"] });
}

const report = {
  org: "Secretaría de Transporte",
  title: "Ransomware en 110 equipos",
  types: ["ransomware"],
  awareAt: "2026-03-14 09:30",
  criticality: 85,
};

describe("incidents on the store", () => {
  it("reports an incident under the organization's TLP and reads it back", async (t) => {
    const f = await incidentFixture(t);
    const who = operatorFor(f.sct.id);
    const r = await reportIncident(f.store, who, { ...report, assets: [f.sctAsset] }, NOW);
    assert.equal(r.org.id, f.sct.id);
    assert.equal(r.org.state, "MX-CMX");
    assert.equal(r.org.stateName, "Ciudad de México");
    assert.deepEqual(
      r.assets.map((a) => a.name),
      ["srv-nomina-01"],
    );
    const { record, stored } = await loadIncident(f.store, who.read, r.id);
    assert.deepEqual(record, r);
    assert.equal(stored.tlp, "amber");
    assert.equal(stored.producerOrg, f.sct.id);
    // A member of the organization sees it; one of another does not.
    await loadIncident(f.store, memberOf(f.sct.id, "ana").read, r.id);
    await assert.rejects(
      loadIncident(f.store, memberOf(f.cfe.id, "luis").read, r.id),
      (e: unknown) => e instanceof IncidentError && e.code === "INCIDENT_NOT_FOUND",
    );
  });

  it("refuses bad input and writes nothing: another organization's asset, a future awareness, an unknown org", async (t) => {
    const f = await incidentFixture(t);
    const who = operatorFor(f.sct.id);
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ assets: [f.cfeAsset] }, "INCIDENT_ASSET_NOT_IN_ORG"],
      [{ assets: ["no-such-asset"] }, "INCIDENT_ASSET_NOT_IN_ORG"],
      [{ awareAt: "2026-03-15T12:00:00Z" }, "INCIDENT_AWARENESS_IN_FUTURE"],
      [{ org: "Secretaria de Transportes" }, "INCIDENT_UNKNOWN_ORG"],
      [{ criticality: 101 }, "INCIDENT_CRITICALITY_RANGE"],
      [{ regime: "gdpr" }, "INCIDENT_UNKNOWN_REGIME"],
    ];
    for (const [over, code] of cases)
      await assert.rejects(
        reportIncident(f.store, who, { ...report, ...over } as never, NOW),
        (e: unknown) => e instanceof IncidentError && e.code === code,
        code,
      );
    assert.equal(await count(f.store, "incident"), 0);
    assert.equal(await count(f.store, "event"), 0);
  });

  it("a member may report only for its own organization", async (t) => {
    const f = await incidentFixture(t);
    await assert.rejects(
      reportIncident(f.store, memberOf(f.cfe.id, "luis"), report, NOW),
      (e: unknown) => e instanceof IncidentError && e.status === 403,
    );
    const r = await reportIncident(f.store, memberOf(f.sct.id, "ana"), report, NOW);
    assert.equal((await loadIncident(f.store, memberOf(f.sct.id, "ana").read, r.id)).record.title, report.title);
  });

  it("each workflow change is a new version and an audit entry; a wrong move writes nothing", async (t) => {
    const f = await incidentFixture(t);
    const ana = memberOf(f.sct.id, "ana");
    const r = await reportIncident(f.store, ana, report, NOW);
    await updateIncident(
      f.store,
      ana,
      r.id,
      { status: "en triaje", assignee: "ana", comment: "Aislamos la VLAN de nómina" },
      NOW + H,
    );
    const after = await updateIncident(f.store, ana, r.id, { status: "contained" }, NOW + 2 * H);
    assert.equal(after.status, "contained");
    assert.equal(after.assignee, "ana");
    assert.equal(after.commentRefs.length, 1);
    await assert.rejects(
      updateIncident(f.store, ana, r.id, { status: "new" }, NOW + 3 * H),
      (e: unknown) => e instanceof IncidentError && e.code === "INCIDENT_BAD_TRANSITION",
    );
    await assert.rejects(updateIncident(f.store, ana, r.id, { criticality: 500 }, NOW + 3 * H), IncidentError);
    const versions = await f.store.getVersions(ana.read, r.id);
    assert.equal(versions.length, 3);
    const audit = (await f.store.directory.listAudit(0, 1000)).filter((a) => a.target === r.id);
    assert.deepEqual(
      audit.map((a) => a.action),
      ["incident.report", "incident.update", "incident.update"],
    );
    assert.equal(await count(f.store, "note"), 1);
  });

  it("the exported bundle is the stored text and imports again unchanged", async (t) => {
    const f = await incidentFixture(t);
    const who = operatorFor(f.sct.id);
    const r = await reportIncident(
      f.store,
      who,
      { ...report, assets: [f.sctAsset], ransomPaidAt: "2026-03-14 11:00" },
      NOW,
    );
    await updateIncident(f.store, who, r.id, { comment: "nota" }, NOW + H);
    const bundle = await exportBundle(f.store, who, r.id);
    const parsed = JSON.parse(bundle) as { objects: Array<{ type: string }> };
    assert.ok(parsed.objects.some((o) => o.type === "note"));
    async function* items(): AsyncIterable<StixStreamItem> {
      yield* readStixStream(
        (async function* () {
          yield Buffer.from(bundle);
        })(),
      );
    }
    const summary = await importItems(f.store, items(), {
      ctx: { orgId: f.sct.id, userId: null, source: "test" },
      source: "bundle.json",
    });
    assert.equal(summary.rejected, 0);
    assert.equal(summary.new + summary.newVersion, 0);
    assert.equal(summary.unchanged, parsed.objects.length);
  });

  it("submits to the hub: the CSIRT reads it; anonymized, the CSIRT reads only the scrubbed copy", async (t) => {
    const f = await incidentFixture(t);
    const ana = memberOf(f.sct.id, "ana");
    const csirt = memberOf(f.csirt.id, "cesar").read;
    const a = await reportIncident(f.store, ana, { ...report, assets: [f.sctAsset] }, NOW);
    const planA = await planSubmission(f.store, ana, a.id, { to: "csirt-nacional", anonymize: false }, NOW + H);
    assert.equal(planA.stage, "notification");
    await submitToHub(f.store, ana, planA, "csirt-nacional");
    assert.equal((await loadIncident(f.store, csirt, a.id)).record.submissions[0]?.to, "csirt-nacional");

    const b = await reportIncident(
      f.store,
      ana,
      { ...report, description: "srv-nomina-01 cifrado en la Secretaría de Transporte", assets: [f.sctAsset] },
      NOW,
    );
    const planB = await planSubmission(f.store, ana, b.id, { to: "csirt-nacional", anonymize: true }, NOW + H);
    assert.ok(planB.redactions.some((x) => x.rule === "org-name"));
    await submitToHub(f.store, ana, planB, "csirt-nacional");
    await assert.rejects(loadIncident(f.store, csirt, b.id), IncidentError);
    const copy = await loadIncident(f.store, csirt, anonymousCopyId(b.id));
    assert.equal(copy.record.org.name, "");
    assert.equal(copy.record.description, "[activo 1] cifrado en la [organización]");
    assert.equal((await loadIncident(f.store, ana.read, b.id)).record.submissions[0]?.anonymized, true);
    const hub = await loadIncidents(f.store, csirt, { collectionId: "csirt-nacional" });
    assert.equal(hub.length, 2);
    await assert.rejects(
      submitToHub(
        f.store,
        ana,
        await planSubmission(f.store, ana, a.id, { to: "otro", anonymize: false }, NOW + 2 * H),
        "otro",
      ),
      (e: unknown) => e instanceof IncidentError && e.code === "INCIDENT_NO_HUB",
    );
  });

  it("a new report takes its organization's defaults (regime, zone) unless it names its own", async (t) => {
    const f = await incidentFixture(t);
    const ana = memberOf(f.sct.id, "ana");
    assert.deepEqual(await reportingDefaults(f.store, f.sct.id), {
      orgId: f.sct.id,
      regime: "mx-apf",
      timeZone: "America/Mexico_City",
      submitTo: null,
      configured: false,
    });
    await assert.rejects(
      setReportingDefaults(f.store, ana, "Secretaria de Transporte", { regime: "gdpr" }),
      (e: unknown) => e instanceof IncidentError && e.code === "INCIDENT_UNKNOWN_REGIME",
    );
    await assert.rejects(
      setReportingDefaults(f.store, memberOf(f.cfe.id, "luis"), f.sct.id, { regime: "nis2" }),
      (e: unknown) => e instanceof IncidentError && e.status === 403,
    );
    assert.equal(await f.store.incidents.getReporting(f.sct.id), null, "a refusal writes nothing");
    await setReportingDefaults(f.store, ana, f.sct.id, { regime: "NIS2", timeZone: "Europe/Madrid" });
    const r = await reportIncident(f.store, ana, { ...report, awareAt: "2026-03-14 09:30" }, NOW);
    assert.deepEqual([r.regime, r.timeZone, r.awareAt], ["nis2", "Europe/Madrid", "2026-03-14T08:30:00.000Z"]);
    const own = await reportIncident(f.store, ana, { ...report, regime: "circia" }, NOW);
    assert.deepEqual([own.regime, own.timeZone], ["circia", "Europe/Madrid"]);
  });
});
