import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type AnalyticAlert,
  BehaviourAnalytics,
  type ConnRecord,
  DEFAULT_ANALYTICS,
  parseAnalyticsOptions,
  scoreBeacon,
} from "./index.js";

test("analytics options: the defaults under a file's keys, and each bad key named with why", () => {
  const o = parseAnalyticsOptions({ exfiltration: { minBytesOut: 1000 } }, "a.json");
  assert.equal(o.exfiltration.minBytesOut, 1000);
  assert.equal(o.exfiltration.windowSeconds, DEFAULT_ANALYTICS.exfiltration.windowSeconds);
  assert.deepEqual(o.lateral, DEFAULT_ANALYTICS.lateral);
  for (const bad of [[], "x", { internalNetworks: ["10.0.0.0/33"] }, { internalNetworks: [] }, { nope: {} }]) {
    assert.throws(
      () => parseAnalyticsOptions(bad, "a.json"),
      (e: Error & { code?: string }) => e.code === "DETECT_BAD_OPTION" && e.message.includes("a.json"),
      JSON.stringify(bad),
    );
  }
});

test("a beacon's score: regular intervals and sizes score high, random ones low", () => {
  const n = 200;
  const regular = Float64Array.from({ length: n }, (_, i) => i * 60);
  const sizes = Float64Array.from({ length: n }, () => 512);
  const high = scoreBeacon(regular, sizes);
  assert.ok(high && high.score >= 0.9, `regular: ${high?.score}`);
  let seed = 7;
  const random = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  let at = 0;
  const irregular = Float64Array.from({ length: n }, () => (at += random() * 3600));
  const varied = Float64Array.from({ length: n }, () => Math.round(random() * 100_000));
  const low = scoreBeacon(irregular, varied);
  assert.ok(low === null || low.score < 0.8, `irregular: ${low?.score}`);
});

/** The windowed alerts of connections fed in end-time order, as a scan feeds them (regular test traffic is also a beacon: not looked at here). */
function alertsOf(conns: ConnRecord[]): AnalyticAlert[] {
  const found: AnalyticAlert[] = [];
  const a = new BehaviourAnalytics(DEFAULT_ANALYTICS, (x) => {
    if (x.kind !== "beacon") found.push(x);
  });
  for (const c of [...conns].sort((x, y) => x.ts + x.duration - (y.ts + y.duration))) a.observe(c);
  a.finish();
  return found;
}

const conn = (ts: number, dst: string, dstPort: number, bytesOut: number, src = "10.1.1.5"): ConnRecord => ({
  ts,
  src,
  dst,
  dstPort,
  duration: 20,
  bytesOut,
  bytesIn: 2_000,
  file: "conn.log",
  line: Math.round(ts),
});

// 2026-12-04T10:00:00Z: an edge of the fixed hourly and ten-minute windows the analytics once had.
const HOUR = Date.UTC(2026, 11, 4, 10) / 1000;

test("exfiltration: a transfer straddling a window's edge is seen whole, once", () => {
  // 60 MB in 40 connections from 09:40 to 10:20: 30 MB each side of 10:00, under 50 MB in either fixed hour.
  const found = alertsOf(
    Array.from({ length: 40 }, (_, i) => conn(HOUR - 1200 + i * 60, "203.0.113.9", 443, 1_500_000)),
  );
  assert.deepEqual(
    found.map((a) => [a.kind, a.src, a.dst, a.bytes_out, a.ts]),
    [["exfiltration", "10.1.1.5", "203.0.113.9", 60_000_000, new Date((HOUR - 1200) * 1000).toISOString()]],
  );
});

test("exfiltration: one alert for a transfer that goes on for hours, two for bursts a window apart", () => {
  // 60 MB an hour for three hours: one episode of 180 MB.
  const steady = alertsOf(Array.from({ length: 180 }, (_, i) => conn(HOUR + i * 60, "203.0.113.9", 443, 1_000_000)));
  assert.deepEqual(
    steady.map((a) => [a.kind, a.bytes_out]),
    [["exfiltration", 180_000_000]],
  );
  const burst = (at: number) => Array.from({ length: 10 }, (_, i) => conn(at + i * 30, "203.0.113.9", 443, 6_000_000));
  const two = alertsOf([...burst(HOUR), ...burst(HOUR + 3 * 3600)]);
  assert.deepEqual(
    two.map((a) => [a.kind, a.bytes_out]),
    [
      ["exfiltration", 60_000_000],
      ["exfiltration", 60_000_000],
    ],
  );
  // 49 MB in the hour is under the threshold wherever the hour falls.
  assert.deepEqual(
    alertsOf(Array.from({ length: 49 }, (_, i) => conn(HOUR - 1500 + i * 60, "203.0.113.9", 443, 1_000_000))),
    [],
  );
});

test("lateral movement: a spread straddling a window's edge is seen whole, once", () => {
  // 12 hosts in two minutes around 10:00, 6 each side: under 10 in either fixed ten-minute window.
  const spread = Array.from({ length: 12 }, (_, i) => conn(HOUR - 60 + i * 10, `10.1.2.${10 + i}`, 445, 3_000));
  const found = alertsOf(spread);
  assert.deepEqual(
    found.map((a) => [a.kind, a.src, a.destinations, a.ports]),
    [["lateral-movement", "10.1.1.5", 12, [445]]],
  );
  // 9 hosts, or 12 spread over an hour, are not a spread.
  assert.deepEqual(alertsOf(spread.slice(0, 9)), []);
  assert.deepEqual(
    alertsOf(Array.from({ length: 12 }, (_, i) => conn(HOUR + i * 300, `10.1.2.${10 + i}`, 3389, 3_000))),
    [],
  );
});

/** `hours` hours of ordinary uploads from `src` before `end`: six a hour to four peers, `perHour(h)` bytes each hour. */
function history(src: string, end: number, hours: number, perHour: (h: number) => number): ConnRecord[] {
  const out: ConnRecord[] = [];
  for (let h = 0; h < hours; h++)
    for (let k = 0; k < 6; k++)
      out.push(
        conn(end - (hours - h) * 3600 + k * 600 + 100, `198.51.100.${1 + ((h + k) % 4)}`, 443, perHour(h) / 6, src),
      );
  return out;
}

/** `bytes` to one new peer in 20 connections within the hour from `at`. */
const spike = (src: string, at: number, bytes: number) =>
  Array.from({ length: 20 }, (_, i) => conn(at + i * 150, "203.0.113.77", 443, bytes / 20, src));

test("exfiltration against the host's own baseline: 30 MB from a host that sends ~2 MB an hour, not from one that sends 15 MB", () => {
  const quiet = (h: number) => 1_500_000 + (h % 3) * 500_000;
  const found = alertsOf([...history("10.1.1.5", HOUR, 12, quiet), ...spike("10.1.1.5", HOUR, 30_000_000)]);
  assert.deepEqual(
    found.map((a) => [a.kind, a.src, a.dst, a.bytes_out, a.trigger, a.window_seconds]),
    [["exfiltration", "10.1.1.5", "203.0.113.77", 30_000_000, "baseline", 3600]],
  );
  // The hours of 1.5, 2 and 2.5 MB before the trailing window (the last one it overlaps is left out):
  // median 2 MB, MAD 0.5 MB; the threshold is the 25 MB floor.
  assert.deepEqual(found[0]!.baseline, {
    median_bytes_out: 2_000_000,
    mad_bytes_out: 500_000,
    windows: 11,
    threshold: 25_000_000,
  });
  // The same 30 MB from a host with no history, or one that sends ~15 MB an hour, is under 50 MB: no alert.
  assert.deepEqual(alertsOf(spike("10.1.1.5", HOUR, 30_000_000)), []);
  const busy = (h: number) => 13_000_000 + (h % 3) * 2_000_000;
  assert.deepEqual(alertsOf([...history("10.1.1.6", HOUR, 12, busy), ...spike("10.1.1.6", HOUR, 30_000_000)]), []);
  // Under the floor, however quiet the host: no alert.
  assert.deepEqual(alertsOf([...history("10.1.1.5", HOUR, 12, quiet), ...spike("10.1.1.5", HOUR, 20_000_000)]), []);
  // Five hours of history are too few to judge by.
  assert.deepEqual(alertsOf([...history("10.1.1.5", HOUR, 5, quiet), ...spike("10.1.1.5", HOUR, 30_000_000)]), []);
});

test("exfiltration baseline: an absolute alert names the baseline too; hours nobody sent anything are not history", () => {
  const quiet = () => 2_000_000;
  const both = alertsOf([...history("10.1.1.5", HOUR, 8, quiet), ...spike("10.1.1.5", HOUR, 60_000_000)]);
  assert.deepEqual(
    both.map((a) => [a.trigger, a.baseline?.median_bytes_out, a.baseline?.windows, a.baseline?.threshold]),
    [["both", 2_000_000, 7, 25_000_000]],
  );
  assert.deepEqual(
    alertsOf(spike("10.1.1.5", HOUR, 60_000_000)).map((a) => [a.trigger, a.baseline]),
    [["absolute", null]],
  );
  // Eight hours of history, then three days without any traffic (another log file): still eight windows.
  const later = alertsOf([...history("10.1.1.5", HOUR, 8, quiet), ...spike("10.1.1.5", HOUR + 3 * 86_400, 30_000_000)]);
  assert.deepEqual(
    later.map((a) => [a.trigger, a.baseline?.windows]),
    [["baseline", 8]],
  );
  // An hour the host was silent while others sent counts as 0: from its first hour on, 4, 0, 4, 0, 4, 0 MB
  // (median 2 MB; without the silent hours it would be 4 MB of 3).
  const gaps = [
    ...history("10.1.1.5", HOUR, 8, (h) => (h % 2 === 0 ? 0 : 4_000_000)),
    ...history("10.1.1.9", HOUR, 8, quiet),
  ];
  const withGaps = alertsOf([...gaps.filter((c) => c.bytesOut > 0), ...spike("10.1.1.5", HOUR, 30_000_000)]);
  assert.deepEqual(
    withGaps.map((a) => [a.src, a.baseline?.windows, a.baseline?.median_bytes_out]),
    [["10.1.1.5", 6, 2_000_000]],
  );
  // Off: only the absolute threshold.
  const off = structuredClone(DEFAULT_ANALYTICS);
  off.exfiltration.baseline = false;
  const none: AnalyticAlert[] = [];
  const a = new BehaviourAnalytics(off, (x) => none.push(x));
  for (const c of [...history("10.1.1.5", HOUR, 12, quiet), ...spike("10.1.1.5", HOUR, 30_000_000)]) a.observe(c);
  a.finish();
  assert.deepEqual(
    none.filter((x) => x.kind === "exfiltration"),
    [],
  );
});

test("analytics options: the baseline's thresholds, fractions where they may be, and a history that needs more windows than it keeps refused", () => {
  const o = parseAnalyticsOptions({ exfiltration: { baselineDeviations: 2.5, baselineWindows: 48 } }, "a.json");
  assert.equal(o.exfiltration.baselineDeviations, 2.5);
  assert.equal(o.exfiltration.baselineWindows, 48);
  for (const [bad, where] of [
    [{ exfiltration: { baselineMinWindows: 30 } }, "exfiltration.baselineMinWindows"],
    [{ exfiltration: { baselineDeviations: -1 } }, "exfiltration.baselineDeviations"],
    [{ exfiltration: { baselineWindows: 1.5 } }, "exfiltration.baselineWindows"],
    [{ exfiltration: { baseline: "yes" } }, "exfiltration.baseline"],
  ] as const)
    assert.throws(
      () => parseAnalyticsOptions(bad, "a.json"),
      (e: Error & { code?: string }) => e.code === "DETECT_BAD_OPTION" && e.message.includes(where),
      JSON.stringify(bad),
    );
});
