import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import { formatMicros, normalizeTimestamp, STORE_TIMESTAMP, versionSortKey } from "./timestamps.js";

describe("normalizeTimestamp", () => {
  it("pads or cuts fractions to microseconds and keeps UTC as is", () => {
    assert.equal(normalizeTimestamp("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05.000000Z");
    assert.equal(normalizeTimestamp("2024-01-02T03:04:05.1Z"), "2024-01-02T03:04:05.100000Z");
    assert.equal(normalizeTimestamp("2024-01-02T03:04:05.123456789Z"), "2024-01-02T03:04:05.123456Z");
    assert.equal(normalizeTimestamp("2024-01-02t03:04:05.5z"), "2024-01-02T03:04:05.500000Z");
    // RFC 3339 sets no limit on fraction digits (nor does STIX): a long fraction is still a timestamp.
    assert.equal(normalizeTimestamp("2024-01-02T03:04:05.1234567890123Z"), "2024-01-02T03:04:05.123456Z");
  });

  it("gives every spelling of one instant the same form", () => {
    const forms = [
      "2024-03-01T00:30:00.25Z",
      "2024-03-01t00:30:00.250000000z",
      "2024-03-01T00:30:00.25+00:00",
      "2024-03-01T00:30:00.25-00:00",
      "2024-03-01T02:00:00.25+01:30",
      "2024-02-29T19:30:00.25-05:00",
    ];
    for (const form of forms) assert.equal(normalizeTimestamp(form), "2024-03-01T00:30:00.250000Z", form);
  });

  it("keeps a leap second's :60 whatever the offset, and years below 100 as written", () => {
    assert.equal(normalizeTimestamp("2016-12-31T23:59:60Z"), "2016-12-31T23:59:60.000000Z");
    assert.equal(normalizeTimestamp("2016-12-31T18:59:60.5-05:00"), "2016-12-31T23:59:60.500000Z");
    assert.equal(normalizeTimestamp("2017-01-01T00:59:60+01:00"), "2016-12-31T23:59:60.000000Z");
    assert.equal(normalizeTimestamp("0050-01-01T00:30:00+01:00"), "0049-12-31T23:30:00.000000Z");
    assert.equal(normalizeTimestamp("9999-12-31T23:00:00+01:00"), "9999-12-31T22:00:00.000000Z");
  });

  it("applies offsets, across day and year boundaries", () => {
    assert.equal(normalizeTimestamp("2024-01-01T00:30:00.25+01:00"), "2023-12-31T23:30:00.250000Z");
    assert.equal(normalizeTimestamp("2023-12-31T23:00:00-02:30"), "2024-01-01T01:30:00.000000Z");
  });

  it("refuses text that is not RFC 3339", () => {
    for (const bad of [
      "",
      "2024-01-02",
      "2024-01-02 03:04:05Z",
      "2024-13-02T03:04:05Z",
      "2024-01-02T25:04:05Z",
      "2024-01-02T03:04:05",
      "x2024-01-02T03:04:05Z",
      "2024-01-02T03:04:05.Z",
      "2023-02-29T03:04:05Z",
      "2024-04-31T03:04:05Z",
      "2024-01-00T03:04:05Z",
      "2024-01-02T03:60:05Z",
      "2024-01-02T03:04:61Z",
      "2024-13-02T03:04:05+01:00",
      "2023-02-29T03:04:05+01:00",
      "2024-01-02T24:04:05-01:00",
      "2024-01-02T03:04:05+24:00",
      "2024-01-02T03:04:05+01:60",
      "2024-01-02T03:04:05+0100",
      "0000-01-01T00:30:00+01:00",
      "9999-12-31T23:30:00-01:00",
    ]) {
      assert.equal(normalizeTimestamp(bad), null, bad);
    }
  });

  it("orders normalized strings as the instants they stand for", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("1971-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }),
        fc.date({ min: new Date("1971-01-01"), max: new Date("2200-01-01"), noInvalidDate: true }),
        fc.integer({ min: -14, max: 14 }),
        (a, b, hours) => {
          const offset = `${hours < 0 ? "-" : "+"}${String(Math.abs(hours)).padStart(2, "0")}:00`;
          const local = (d: Date) => new Date(d.getTime() + hours * 3_600_000).toISOString().replace("Z", offset);
          const na = normalizeTimestamp(local(a))!;
          const nb = normalizeTimestamp(b.toISOString())!;
          assert.equal(Math.sign(na.localeCompare(nb)), Math.sign(a.getTime() - b.getTime()));
        },
      ),
    );
  });
});

describe("formatMicros and versionSortKey", () => {
  it("formats microseconds in the fixed-width form", () => {
    assert.equal(formatMicros(1_700_000_000_123_456), "2023-11-14T22:13:20.123456Z");
    assert.equal(formatMicros(1_700_000_000_000_007), "2023-11-14T22:13:20.000007Z");
    assert.match(formatMicros(Date.now() * 1000), STORE_TIMESTAMP);
  });

  it("keeps non-timestamp version keys (unversioned SCOs) as they are", () => {
    assert.equal(versionSortKey(""), "");
    assert.equal(versionSortKey("2024-01-02T03:04:05Z"), "2024-01-02T03:04:05.000000Z");
  });
});
