import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type StixObject, TLP_MARKING_IDS } from "../stix/index.js";
import { anonymizeObjects, checkAisProfile, POLICIES, policyNamed, type SenderContext, SharingError } from "./index.js";

const T = "2026-11-20T10:00:00.000Z";
const CTX: SenderContext = {
  orgId: "org-1",
  orgName: "Comisión Federal",
  identityIds: ["identity--00000000-0000-4000-8000-000000000001"],
  sites: ["Laguna Verde"],
  assets: [{ name: "Historiador", hostnames: ["hist01.cfe.mx"], addresses: ["10.1.1.1"] }],
  people: ["mgarcia"],
};

function note(extra: Record<string, unknown>): StixObject {
  return {
    type: "note",
    spec_version: "2.1",
    id: "note--00000000-0000-4000-8000-000000000002",
    created: T,
    modified: T,
    content: "mgarcia vio a hist01.cfe.mx en Laguna Verde, de la Comision Federal, escribir a 203.0.113.9",
    object_refs: ["indicator--00000000-0000-4000-8000-000000000003"],
    object_marking_refs: [TLP_MARKING_IDS.amber],
    ...extra,
  } as StixObject;
}

describe("anonymization policies", () => {
  it("an unknown policy names the known ones", () => {
    assert.throws(
      () => policyNamed("strict"),
      (e: unknown) =>
        e instanceof SharingError && e.code === "SHARING_UNKNOWN_POLICY" && /ais, pseudonymous/.test(e.message),
    );
  });

  it("ais: one generic identity for every sender; pseudonymous: one per organization", () => {
    assert.equal(POLICIES.ais?.identity("a", T).id, POLICIES.ais?.identity("b", T).id);
    assert.notEqual(POLICIES.pseudonymous?.identity("a", T).id, POLICIES.pseudonymous?.identity("b", T).id);
    assert.equal(POLICIES.pseudonymous?.identity("a", T).id, POLICIES.pseudonymous?.identity("a", "other").id);
  });

  it("scrubs free text, drops authors and internal references, keeps custom properties under pseudonymous", () => {
    const o = note({
      created_by_ref: CTX.identityIds[0],
      authors: ["María García"],
      external_references: [
        { source_name: "ticket", url: "https://jira.cfe.local/INC-1" },
        { source_name: "blog", url: "https://example.org/x", description: "escrito por mgarcia" },
      ],
      x_cfe_note: "pregunte a ops@cfe.mx",
    });
    const policy = policyNamed("pseudonymous");
    const { objects, changes } = anonymizeObjects([o], CTX, policy, T);
    const out = objects.find((x) => x.type === "note") as Record<string, unknown>;
    assert.equal(out.content, "[person] vio a [asset 1] en [site], de la [organización], escribir a 203.0.113.9");
    assert.equal(out.authors, undefined);
    assert.deepEqual(out.external_references, [
      { source_name: "blog", url: "https://example.org/x", description: "escrito por [person]" },
    ]);
    assert.equal(out.x_cfe_note, "pregunte a [correo]");
    assert.equal(out.created_by_ref, policy.identity("org-1", T).id);
    assert.ok(
      objects.some((x) => x.id === policy.identity("org-1", T).id),
      "the generic identity leaves with it",
    );
    const rules = changes[0]?.redactions.map((r) => r.rule).sort();
    assert.deepEqual(
      [...new Set(rules)],
      ["asset-name", "email", "identity", "org-name", "person", "reference", "site"],
    );
    // The input is never changed.
    assert.match(String(o.content), /mgarcia/);
  });
});

describe("AIS profile check", () => {
  const submitter = POLICIES.ais!.identity("", T).id;
  it("passes what the ais policy makes of a marked object", () => {
    const { objects } = anonymizeObjects([note({ created_by_ref: CTX.identityIds[0] })], CTX, POLICIES.ais!, T);
    assert.deepEqual(checkAisProfile(objects, submitter), []);
  });

  it("names each broken rule with the object", () => {
    const issues = checkAisProfile(
      [
        note({ object_marking_refs: undefined, content: "ver 192.168.0.7" }),
        note({
          id: "note--00000000-0000-4000-8000-000000000009",
          object_marking_refs: [TLP_MARKING_IDS.red],
          spec_version: "2.0",
          created_by_ref: "identity--00000000-0000-4000-8000-000000000001",
        }),
        {
          type: "identity",
          spec_version: "2.1",
          id: "identity--00000000-0000-4000-8000-000000000004",
          created: T,
          modified: T,
          name: "Ana",
          identity_class: "individual",
          object_marking_refs: [TLP_MARKING_IDS.green],
        } as StixObject,
        {
          type: "indicator",
          spec_version: "2.1",
          id: "indicator--00000000-0000-4000-8000-000000000005",
          created: T,
          modified: T,
          pattern: "[domain-name:value = 'dc01.corp']",
          pattern_type: "stix",
          valid_from: T,
          object_marking_refs: [TLP_MARKING_IDS.green],
        } as StixObject,
      ],
      submitter,
    );
    assert.deepEqual(
      issues.map((i) => [i.code, i.severity]),
      [
        ["AIS_TLP_REQUIRED", "error"],
        ["AIS_PII_TEXT", "error"],
        ["AIS_SPEC_VERSION", "error"],
        ["AIS_TLP_RED", "error"],
        ["AIS_SUBMITTER", "error"],
        ["AIS_INDIVIDUAL", "error"],
        ["AIS_INTERNAL_PATTERN", "warning"],
      ],
    );
    assert.match(issues[1]?.detail ?? "", /content holds internal-address "192\.168\.0\.7"/);
  });
});
