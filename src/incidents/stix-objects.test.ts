import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type StixObject, validateBundle } from "../stix/index.js";
import { checkIncidentExtensions } from "./extension-schemas.js";
import { INCIDENT_CORE_EXT, incidentFromStix, incidentToStix } from "./stix-objects.js";
import { sampleRecord } from "./test-fixtures.js";

const bundleOf = (objects: StixObject[]) => ({
  type: "bundle",
  id: "bundle--0e5b3a7c-1b6e-4c8a-9a0f-3d2e1c0b9a87",
  objects,
});

describe("incident as STIX", () => {
  it("is valid STIX 2.1 and follows the OASIS Incident Core, Event and Impact schemas", () => {
    const objects = incidentToStix(sampleRecord({ ransomPaidAt: "2026-03-15T10:00:00.000Z" }));
    const types = objects.map((o) => o.type).sort();
    assert.deepEqual(
      [...new Set(types)],
      [
        "event",
        "identity",
        "impact",
        "incident",
        "infrastructure",
        "location",
        "marking-definition",
        "relationship",
        "threat-actor",
      ],
    );
    assert.deepEqual(checkIncidentExtensions(objects), []);
    const result = validateBundle(bundleOf(objects));
    assert.equal(result.ok, true, JSON.stringify(result.errors ?? result, null, 1).slice(0, 2000));
  });

  it("carries the Incident Core required properties and links what it concerns", () => {
    const objects = incidentToStix(sampleRecord());
    const incident = objects.at(-1) as StixObject;
    const core = (incident.extensions as Record<string, Record<string, unknown>>)[INCIDENT_CORE_EXT];
    assert.equal(core?.extension_type, "property-extension");
    assert.equal(core?.determination, "successful-attempt");
    assert.equal(core?.investigation_status, "new");
    assert.equal(core?.criticality, 85);
    assert.deepEqual(core?.impacted_entity_counts, { "information-systems": 1 });
    const rels = objects.filter((o) => o.type === "relationship").map((o) => o.relationship_type);
    assert.deepEqual(rels.sort(), ["attributed-to", "impacts", "located-at", "targets"]);
    for (const o of objects) if (o.type !== "marking-definition") assert.ok(o.object_marking_refs, `${o.id} is marked`);
  });

  it("reads back into the same record", () => {
    const record = sampleRecord({
      ransomPaidAt: "2026-03-15T10:00:00.000Z",
      submissions: [{ stage: "notification", at: "2026-03-14T17:00:00.000Z", to: "hub", anonymized: false }],
    });
    const incident = incidentToStix(record).at(-1) as StixObject;
    assert.deepEqual(incidentFromStix(JSON.parse(JSON.stringify(incident))), record);
  });

  it("the same record gives the same objects, so a new version rewrites its related objects unchanged", () => {
    const a = incidentToStix(sampleRecord());
    const b = incidentToStix(sampleRecord({ modified: "2026-03-15T00:00:00.000Z", status: "triage" }));
    assert.deepEqual(a.slice(0, -1), b.slice(0, -1));
  });

  it("the schemas catch what the extensions forbid", () => {
    const objects = incidentToStix(sampleRecord());
    const incident = structuredClone(objects.at(-1) as StixObject);
    const core = (incident.extensions as Record<string, Record<string, unknown>>)[INCIDENT_CORE_EXT] as Record<
      string,
      unknown
    >;
    core.criticality = 150;
    core.determination = "maybe";
    delete core.investigation_status;
    const found = checkIncidentExtensions([incident]).map((p) => p.message);
    assert.equal(found.length, 3, found.join("; "));
    const event = structuredClone(objects.find((o) => o.type === "event") as StixObject);
    event.status = "done";
    event.colour = "red";
    assert.equal(checkIncidentExtensions([event]).length, 2);
    const impact = structuredClone(objects.find((o) => o.type === "impact") as StixObject);
    delete (impact.extensions as Record<string, unknown>).availability;
    assert.ok(checkIncidentExtensions([impact]).some((p) => /fewer than 2|must NOT have fewer/.test(p.message)));
    assert.deepEqual(
      checkIncidentExtensions([{ type: "incident", id: "incident--5b0c7a3e-6d8a-4f59-9d2c-2f1b7f0d9a12" }]).map(
        (p) => p.message,
      ),
      ["is required"],
    );
  });
});
