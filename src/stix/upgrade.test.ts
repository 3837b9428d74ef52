import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StixUpgradeError } from "./errors.js";
import { upgradeFrom20 } from "./upgrade.js";
import { validateObject } from "./validate/index.js";

const T = "2017-01-01T00:00:00.000Z";
const indicator20 = {
  type: "indicator",
  id: "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
  created: T,
  modified: T,
  labels: ["malicious-activity"],
  pattern: "[ipv4-addr:value = '198.51.100.1']",
  valid_from: T,
};

describe("upgradeFrom20", () => {
  it("adds spec_version and pattern_type, moves labels to indicator_types", () => {
    const out = upgradeFrom20(indicator20);
    assert.equal(out.spec_version, "2.1");
    assert.equal(out.pattern_type, "stix");
    assert.deepEqual(out.indicator_types, ["malicious-activity"]);
    assert.equal(out.labels, undefined);
    assert.equal((indicator20 as Record<string, unknown>).spec_version, undefined, "input untouched");
  });
  it("moves labels of malware, tool, report and threat-actor, and sets malware is_family", () => {
    const base = { id: "x--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", created: T, modified: T, name: "n", labels: ["a"] };
    assert.deepEqual(upgradeFrom20({ ...base, type: "malware" }).malware_types, ["a"]);
    assert.equal(upgradeFrom20({ ...base, type: "malware" }).is_family, true);
    assert.deepEqual(upgradeFrom20({ ...base, type: "tool" }).tool_types, ["a"]);
    assert.deepEqual(upgradeFrom20({ ...base, type: "report" }).report_types, ["a"]);
    assert.deepEqual(upgradeFrom20({ ...base, type: "threat-actor" }).threat_actor_types, ["a"]);
    // Other SDOs keep labels: in 2.1 they are free tags.
    assert.deepEqual(upgradeFrom20({ ...base, type: "campaign" }).labels, ["a"]);
  });
  it("upgrades a 2.0 bundle: drops its spec_version and upgrades each object", () => {
    const out = upgradeFrom20({
      type: "bundle",
      id: "bundle--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
      spec_version: "2.0",
      objects: [indicator20],
    });
    assert.equal(out.spec_version, undefined);
    assert.equal((out.objects as Record<string, unknown>[])[0]?.spec_version, "2.1");
  });
  it("throws a coded error on input it cannot upgrade", () => {
    assert.throws(
      () => upgradeFrom20({ type: "indicator" }),
      (e: unknown) => e instanceof StixUpgradeError && e.code === "STIX_UPGRADE_FAILED",
    );
    assert.throws(() => upgradeFrom20({ type: "bundle", id: "bundle--1", objects: [3] }), StixUpgradeError);
  });
});

describe("validateObject on STIX 2.0 input", () => {
  it("upgrades by default and warns STIX_UPGRADED_FROM_20", () => {
    const r = validateObject(indicator20);
    assert.equal(r.ok, true, JSON.stringify(r.errors));
    assert.equal(r.changed, true);
    assert.equal(r.object?.pattern_type, "stix");
    assert.ok(r.warnings.some((w) => w.code === "STIX_UPGRADED_FROM_20" && w.path === "spec_version"));
  });
  it("keeps a 2.0 observed-data objects container, with a deprecation warning", () => {
    const od = {
      type: "observed-data",
      id: "observed-data--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
      created: T,
      modified: T,
      first_observed: T,
      last_observed: T,
      number_observed: 1,
      objects: { "0": { type: "ipv4-addr", value: "198.51.100.1" } },
    };
    const r = validateObject(od);
    assert.equal(r.ok, true, JSON.stringify(r.errors));
    assert.ok(r.warnings.some((w) => w.code === "STIX_DEPRECATED" && w.path === "objects"));
  });
  it("treats every object of a spec_version 2.0 bundle as 2.0", () => {
    const r = validateObject({ ...indicator20, spec_version: "2.0" }, { bundleSpecVersion: "2.0" });
    assert.equal(r.object?.spec_version, "2.1");
    assert.equal(r.ok, true);
  });
  it("rejects 2.0 input when upgrade20 is false", () => {
    const r = validateObject(indicator20, { upgrade20: false });
    assert.equal(r.ok, false);
    assert.ok(r.errors.some((e) => e.code === "STIX_MISSING_PROPERTY" && e.path === "spec_version"));
    assert.ok(r.errors.some((e) => e.code === "STIX_MISSING_PROPERTY" && e.path === "pattern_type"));
  });
  it("does not treat a 2.1 SCO without spec_version as 2.0", () => {
    const r = validateObject({
      type: "ipv4-addr",
      id: "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
      value: "198.51.100.3",
    });
    assert.equal(r.changed, false);
    assert.deepEqual(r.warnings, []);
  });
});

describe("validateObject on an object that says spec_version 2.0", () => {
  it("upgrades it like one without spec_version", () => {
    const r = validateObject({ ...indicator20, spec_version: "2.0" });
    assert.equal(r.ok, true, JSON.stringify(r.errors));
    assert.equal(r.object?.spec_version, "2.1");
    assert.ok(r.warnings.some((w) => w.code === "STIX_UPGRADED_FROM_20"));
  });
});
