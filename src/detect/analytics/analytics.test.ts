import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_ANALYTICS, parseAnalyticsOptions, scoreBeacon } from "./index.js";

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
