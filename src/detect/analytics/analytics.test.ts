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
