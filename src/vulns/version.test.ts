import assert from "node:assert/strict";
import { test } from "node:test";
import { compareVersions, describeRange, hasBounds, inRange } from "./version.js";

const ORDERED: [string, string][] = [
  ["1.0", "1.1"],
  ["1.9", "1.10"],
  ["2.4.49", "2.4.50"],
  ["17.3.8", "17.3.8a"],
  ["17.3.8a", "17.3.8b"],
  ["17.3.8a", "17.3.9"],
  ["16.12.10a", "17.3"],
  ["6.6.1", "6.6.1p1"],
  ["6.6.1p1", "6.6.1p2"],
  ["2.0.0-rc1", "2.0.0"],
  ["2.0.0-alpha", "2.0.0-beta"],
  ["2.0.0-beta", "2.0.0-rc1"],
  ["1.0a", "1.0.1"],
  ["7.4.0.1570", "7.4.1"],
  ["99999999999999999998", "99999999999999999999"],
  ["9", "10"],
];

test("versions order as vendors mean them", () => {
  for (const [low, high] of ORDERED) {
    assert.ok(compareVersions(low, high) < 0, `${low} < ${high}`);
    assert.ok(compareVersions(high, low) > 0, `${high} > ${low}`);
  }
  assert.equal(compareVersions("1.0", "1.0.0"), 0);
  assert.equal(compareVersions("01.2", "1.2"), 0);
  assert.equal(compareVersions("1_2", "1.2"), 0);
  assert.equal(compareVersions("", ""), 0);
  assert.ok(compareVersions("", "1") < 0);
});

test("each of the four NVD bounds is honoured", () => {
  const r = { versionStartIncluding: "17.3", versionEndExcluding: "17.3.8a" };
  assert.equal(inRange("17.3", r), true);
  assert.equal(inRange("17.3.8", r), true);
  assert.equal(inRange("17.3.8a", r), false);
  assert.equal(inRange("17.2.9", r), false);
  const s = { versionStartExcluding: "1.0", versionEndIncluding: "1.5" };
  assert.equal(inRange("1.0", s), false);
  assert.equal(inRange("1.0.1", s), true);
  assert.equal(inRange("1.5", s), true);
  assert.equal(inRange("1.5.1", s), false);
  assert.equal(inRange("anything", {}), true);
  assert.equal(hasBounds({}), false);
  assert.equal(hasBounds(s), true);
  assert.equal(describeRange(r), ">= 17.3, < 17.3.8a");
});
