import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ClockFacts, computeClocks, describeClock, formatDuration } from "./deadlines.js";
import { IncidentError } from "./errors.js";
import { parseRegime } from "./regimes.js";
import { addCalendarMonths, formatLocal, offsetMinutes, parseTime } from "./zoned-time.js";

const MX = "America/Mexico_City";
const MADRID = "Europe/Madrid";
const t = (s: string) => Date.parse(s);
const H = 3_600_000;

function facts(over: Partial<ClockFacts>): ClockFacts {
  return { regime: "mx-apf", awareAt: 0, criticality: null, ransomPaidAt: null, submitted: {}, timeZone: MX, ...over };
}

describe("time zones", () => {
  it("Mexico City keeps UTC-6 all year since 2022, and had daylight time before", () => {
    assert.equal(offsetMinutes(t("2026-01-15T12:00:00Z"), MX), -360);
    assert.equal(offsetMinutes(t("2026-07-15T12:00:00Z"), MX), -360);
    assert.equal(offsetMinutes(t("2021-07-15T12:00:00Z"), MX), -300);
  });

  it("reads local times on the organization's wall clock, and offsets as written", () => {
    assert.equal(parseTime("2026-03-14 09:30", MX, "--aware-at"), t("2026-03-14T15:30:00Z"));
    assert.equal(parseTime("2026-03-14T09:30:00-06:00", MADRID, "--aware-at"), t("2026-03-14T15:30:00Z"));
    assert.equal(parseTime("2026-07-01T10:00", MADRID, "--aware-at"), t("2026-07-01T08:00:00Z"));
    assert.equal(parseTime("2026-03-14T15:30:00.250Z", MX, "x"), t("2026-03-14T15:30:00.250Z"));
  });

  it("a wall time skipped by the spring change is read under the offset before it", () => {
    assert.equal(parseTime("2026-03-29 02:30", MADRID, "x"), t("2026-03-29T01:30:00Z"));
    // The repeated hour of October is its first occurrence (still summer time).
    assert.equal(parseTime("2026-10-25 02:30", MADRID, "x"), t("2026-10-25T00:30:00Z"));
  });

  it("refuses impossible and unreadable times, naming the field", () => {
    for (const bad of ["2026-02-30T10:00Z", "ayer", "2026-13-01", "14/03/2026 09:30", "2026-03-14T25:00Z"]) {
      assert.throws(
        () => parseTime(bad, MX, "--aware-at"),
        (e: unknown) =>
          e instanceof IncidentError && e.code === "INCIDENT_BAD_TIME" && e.message.includes("--aware-at"),
        bad,
      );
    }
  });

  it("a calendar month keeps the local wall time across a DST change and clamps to the month's end", () => {
    const oct = t("2026-10-10T07:00:00Z"); // 09:00 CEST
    assert.equal(formatLocal(addCalendarMonths(oct, 1, MADRID), MADRID), "2026-11-10T09:00:00+01:00");
    assert.equal(addCalendarMonths(oct, 1, MADRID), t("2026-11-10T08:00:00Z"));
    assert.equal(formatLocal(addCalendarMonths(t("2026-01-31T18:00:00Z"), 1, MX), MX), "2026-02-28T12:00:00-06:00");
  });
});

describe("deadline clocks", () => {
  it("mx-apf: a serious incident is due 24 h after awareness, shown on Mexico City's clock", () => {
    const awareAt = t("2026-03-14T15:30:00Z");
    const [c] = computeClocks(facts({ awareAt, criticality: 60 }), awareAt + 20 * H);
    assert.equal(c?.state, "pending");
    assert.equal(c?.due, "2026-03-15T15:30:00.000Z");
    assert.equal(c?.dueLocal, "2026-03-15T09:30:00-06:00");
    assert.equal(c?.msLeft, 4 * H);
    assert.equal(describeClock(c as never, "es"), "vence 2026-03-15T09:30:00-06:00 (faltan 4 h)");
  });

  it("mx-apf: late is flagged with how late, and a late submission stays marked late", () => {
    const awareAt = t("2026-03-14T15:30:00Z");
    const [late] = computeClocks(facts({ awareAt }), awareAt + 27 * H + 15 * 60_000);
    assert.equal(late?.state, "late");
    assert.equal(late?.late, true);
    assert.equal(late?.msLate, 3 * H + 15 * 60_000);
    assert.match(describeClock(late as never, "en"), /^LATE: .*3 h 15 min ago; send it anyway$/);
    const [sent] = computeClocks(facts({ awareAt, submitted: { notification: awareAt + 30 * H } }), awareAt + 40 * H);
    assert.equal(sent?.state, "submitted-late");
    assert.equal(sent?.msLate, 6 * H);
  });

  it("mx-apf: critical is due immediately, minor is not required", () => {
    const awareAt = t("2026-03-14T15:30:00Z");
    const [crit] = computeClocks(facts({ awareAt, criticality: 90 }), awareAt + 2 * H);
    assert.equal(crit?.state, "immediate");
    assert.equal(crit?.msElapsed, 2 * H);
    assert.equal(crit?.due, "2026-03-14T15:30:00.000Z");
    const [minor] = computeClocks(facts({ awareAt, criticality: 10 }), awareAt + 50 * H);
    assert.equal(minor?.state, "not-required");
    assert.equal(minor?.due, null);
  });

  it("nis2: 24 h and 72 h are elapsed hours across the March change; the final report is a calendar month", () => {
    const awareAt = t("2026-03-28T09:00:00Z"); // 10:00 CET, the day before summer time
    const clocks = computeClocks(facts({ regime: "nis2", awareAt, timeZone: MADRID }), awareAt + H);
    assert.deepEqual(
      clocks.map((c) => [c.stage, c.dueLocal]),
      [
        ["early-warning", "2026-03-29T11:00:00+02:00"],
        ["notification", "2026-03-31T11:00:00+02:00"],
        ["final-report", "2026-04-30T11:00:00+02:00"],
      ],
    );
    assert.equal(clocks[0]?.due, "2026-03-29T09:00:00.000Z");
    const submitted = { "early-warning": awareAt + 5 * H, notification: t("2026-10-10T07:00:00Z") };
    const [, , final] = computeClocks(facts({ regime: "nis2", awareAt, timeZone: MADRID, submitted }), awareAt);
    assert.equal(final?.dueLocal, "2026-11-10T09:00:00+01:00");
  });

  it("circia: 72 h for the incident, and 24 h after a ransom payment once one is recorded", () => {
    const awareAt = t("2026-05-01T12:00:00Z");
    const before = computeClocks(facts({ regime: "circia", awareAt, timeZone: "America/New_York" }), awareAt);
    assert.deepEqual(
      before.map((c) => [c.stage, c.state, c.due]),
      [
        ["covered-incident", "pending", "2026-05-04T12:00:00.000Z"],
        ["ransom-payment", "waiting", null],
      ],
    );
    const ransomPaidAt = t("2026-05-02T20:00:00Z");
    const after = computeClocks(
      facts({ regime: "circia", awareAt, ransomPaidAt, timeZone: "America/New_York" }),
      ransomPaidAt + 25 * H,
    );
    assert.equal(after[1]?.state, "late");
    assert.equal(after[1]?.dueLocal, "2026-05-03T16:00:00-04:00");
  });

  it("none has no stages; unknown regimes are refused with the list", () => {
    assert.deepEqual(computeClocks(facts({ regime: "none" }), 0), []);
    assert.equal(parseRegime(" NIS2 "), "nis2");
    assert.throws(
      () => parseRegime("gdpr"),
      (e: unknown) =>
        e instanceof IncidentError &&
        e.code === "INCIDENT_UNKNOWN_REGIME" &&
        /mx-apf, nis2, circia, none/.test(e.message),
    );
  });

  it("durations read as people say them", () => {
    assert.equal(formatDuration(30_000), "< 1 min");
    assert.equal(formatDuration(45 * 60_000), "45 min");
    assert.equal(formatDuration(26 * H), "1 d 2 h");
  });
});
