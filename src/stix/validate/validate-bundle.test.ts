import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { gunzipSync } from "node:zlib";
import { sharedData } from "../../testing/index.js";
import { validateBundle } from "./validate-bundle.js";
import { validateObject } from "./validate-object.js";

const BUNDLE_ID = "bundle--6b0b3d4e-3f5a-4c1d-9e2f-000000000001";

describe("validateBundle", () => {
  const cases: [string, unknown, string, string][] = [
    ["not an object", "bundle", "STIX_NOT_AN_OBJECT", ""],
    ["wrong type", { type: "report", id: BUNDLE_ID }, "STIX_INVALID_VALUE", "type"],
    ["no id", { type: "bundle" }, "STIX_MISSING_PROPERTY", "id"],
    ["bad id", { type: "bundle", id: "bundle--x" }, "STIX_INVALID_ID", "id"],
    [
      "id of other type",
      { type: "bundle", id: "report--6b0b3d4e-3f5a-4c1d-9e2f-000000000001" },
      "STIX_ID_TYPE_MISMATCH",
      "id",
    ],
    ["objects not a list", { type: "bundle", id: BUNDLE_ID, objects: {} }, "STIX_WRONG_JSON_TYPE", "objects"],
    ["objects empty", { type: "bundle", id: BUNDLE_ID, objects: [] }, "STIX_EMPTY_LIST", "objects"],
    ["object not an object", { type: "bundle", id: BUNDLE_ID, objects: [{}, 7] }, "STIX_WRONG_JSON_TYPE", "objects[1]"],
    [
      "2.1 bundle with spec_version",
      { type: "bundle", id: BUNDLE_ID, spec_version: "2.1" },
      "STIX_DEPRECATED",
      "spec_version",
    ],
  ];
  for (const [name, input, code, path] of cases) {
    it(`${name} → ${code} at "${path}"`, () => {
      const r = validateBundle(input);
      const hit = [...r.errors, ...r.warnings].find((i) => i.code === code && i.path === path);
      assert.ok(hit, JSON.stringify([...r.errors, ...r.warnings]));
    });
  }
  it("reports a 2.0 bundle and counts its objects", () => {
    const r = validateBundle({ type: "bundle", id: BUNDLE_ID, spec_version: "2.0", objects: [{}, {}] });
    assert.equal(r.ok, true);
    assert.equal(r.specVersion, "2.0");
    assert.equal(r.objectCount, 2);
  });
});

describe("validation of the real ATT&CK Enterprise 18.1 bundle", () => {
  it("accepts every object; counts per type sum to the bundle", (t) => {
    const path = sharedData(t, "mitre-attack/enterprise-attack-18.1.json.gz");
    if (path === null) return;
    const bundle = JSON.parse(gunzipSync(readFileSync(path)).toString("utf8")) as { objects: unknown[] };
    const envelope = validateBundle(bundle);
    assert.equal(envelope.ok, true);
    assert.equal(envelope.objectCount, 24_772);
    const perType = new Map<string, number>();
    const perCode = new Map<string, number>();
    let errors = 0;
    for (let i = 0; i < bundle.objects.length; i++) {
      const r = validateObject(bundle.objects[i], { index: i });
      const type = r.object?.type ?? "?";
      perType.set(type, (perType.get(type) ?? 0) + 1);
      errors += r.errors.length;
      for (const issue of [...r.errors, ...r.warnings]) {
        const key = `${issue.severity} ${issue.code} ${issue.objectType}.${issue.path}`;
        perCode.set(key, (perCode.get(key) ?? 0) + 1);
      }
      assert.equal(r.changed, false, `${type} should be stored as received`);
    }
    t.diagnostic(`per type: ${JSON.stringify(Object.fromEntries(perType))}`);
    t.diagnostic(`per issue: ${JSON.stringify(Object.fromEntries(perCode))}`);
    let sum = 0;
    for (const n of perType.values()) sum += n;
    assert.equal(sum, 24_772);
    assert.equal(errors, 0);
    // ATT&CK's own object types are custom objects (§11.2), accepted as such.
    for (const t2 of [
      "x-mitre-tactic",
      "x-mitre-matrix",
      "x-mitre-collection",
      "x-mitre-analytic",
      "x-mitre-detection-strategy",
    ]) {
      assert.ok((perType.get(t2) ?? 0) > 0, t2);
    }
    // The only issue: seven data components with x_mitre_data_source_ref "" (a custom _ref that is no id).
    assert.deepEqual(
      [...perCode.keys()],
      ["warning STIX_CUSTOM_REF_VALUE x-mitre-data-component.x_mitre_data_source_ref"],
    );
  });
});
