import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compareTimestamps, fractionDigits, timestampProblem } from "./timestamp.js";

describe("timestampProblem", () => {
  for (const ok of [
    "2024-02-29T23:59:60Z",
    "2016-01-20T12:31:12.123Z",
    "2000-02-29T00:00:00.123456789Z",
    "1999-12-31T00:00:00Z",
  ]) {
    it(`accepts ${ok}`, () => assert.equal(timestampProblem(ok), null));
  }
  for (const bad of [
    "2016-01-20T12:31:12",
    "2016-01-20 12:31:12Z",
    "2016-01-20T12:31:12+00:00",
    "2016-13-20T12:31:12Z",
    "2016-00-20T12:31:12Z",
    "1900-02-29T00:00:00Z",
    "2016-04-31T00:00:00Z",
    "2016-01-20T12:60:12Z",
    "2016-01-20T12:31:12.Z",
    "2016-01-20T12:31:12.1a2Z",
    "2O16-01-20T12:31:12Z",
    "",
  ]) {
    it(`rejects ${JSON.stringify(bad)}`, () => assert.notEqual(timestampProblem(bad), null));
  }
});

describe("compareTimestamps", () => {
  it("orders by instant whatever the precision", () => {
    assert.equal(compareTimestamps("2020-01-01T00:00:00Z", "2020-01-01T00:00:00.000Z"), 0);
    assert.ok(compareTimestamps("2020-01-01T00:00:00.5Z", "2020-01-01T00:00:00.49999Z") > 0);
    assert.ok(compareTimestamps("2020-01-01T00:00:00Z", "2020-01-01T00:00:00.001Z") < 0);
    assert.ok(compareTimestamps("2019-12-31T23:59:59.999Z", "2020-01-01T00:00:00Z") < 0);
  });
  it("counts fraction digits", () => {
    assert.equal(fractionDigits("2020-01-01T00:00:00Z"), 0);
    assert.equal(fractionDigits("2020-01-01T00:00:00.12Z"), 2);
  });
});
