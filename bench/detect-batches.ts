/**
 * bench/detect-batches.ts — what a NATS worker pays per batch, in process (no server): the real
 * WRCCDC Zeek DNS JSON log repeated to --events lines, cut in batches as `ship` cuts them
 * (--batch-lines, 526 by default: 256 KiB of these lines), matched against --indicators
 * generated domain indicators plus the log's own busiest name, three ways in the same run:
 *
 *   scan        one engine and one reader over every batch, as `scan` reads a file
 *   fresh       a new engine and reader per batch (the worker before BatchMatcher)
 *   matcher     the worker's BatchMatcher: one engine, one reader per file, counts per batch
 *
 * and, apart, what else the worker does per batch in process: the body decoded from its bytes and
 * the result serialized. Prints events per CPU second (the machine is shared: CPU time, not wall).
 *
 *   node --import tsx bench/detect-batches.ts [--indicators 200000] [--events 300000] [--batch-lines 526]
 */
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { gunzipSync } from "node:zlib";
import { Engine } from "../src/detect/engine.js";
import { IndicatorIndex } from "../src/detect/indicator-index.js";
import { BatchMatcher, type LogBatch, matchBatch, resultParts } from "../src/detect/scale-out/index.js";
import { scannerFor } from "../src/detect/scan.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const INDICATORS = arg("--indicators", 200_000);
const EVENTS = arg("--events", 300_000);
const BATCH_LINES = arg("--batch-lines", 526);
const DATA = new URL("../../shared/data/zeek-wrccdc-2018/zeek-json/dns.json.gz", import.meta.url);

const lines = gunzipSync(readFileSync(DATA))
  .toString("utf8")
  .split("\n")
  .filter((l) => l !== "");
const index = new IndicatorIndex();
for (let i = 0; i < INDICATORS; i++)
  index.add({
    id: `indicator--${i.toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`,
    pattern: `[domain-name:value = 'x${i}.example${i % 97}.com']`,
  });
index.add({
  id: "indicator--ffffffff-0000-4000-8000-000000000000",
  pattern: "[domain-name:value = 'arena1.wrccdc.cpp.edu']",
});
const batches: Uint8Array[] = [];
for (let i = 0; i < EVENTS; i += BATCH_LINES) {
  const part: string[] = [];
  for (let j = i; j < Math.min(EVENTS, i + BATCH_LINES); j++) part.push(lines[j % lines.length]!);
  batches.push(Buffer.from(`${part.join("\n")}\n`));
}
const texts = batches.map((b) => Buffer.from(b).toString("utf8"));
const batchOf = (text: string, k: number): LogBatch => ({
  org: "o",
  file: "dns.log",
  firstLine: 1 + k * BATCH_LINES,
  format: "zeek-json",
  tsvHeader: "",
  mapping: null,
  text,
  id: `b${k}`,
});
const TD = new TextDecoder();
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

type Way = (text: string, k: number) => number;
const ways: Record<string, () => Way> = {
  scan: () => {
    const engine = new Engine({ index, onAlert: () => {} });
    const scanner = scannerFor("zeek-json", engine, "dns.log", null);
    return (text, k) => {
      const before = engine.counts.alerts;
      scanner.scanBlock(text, 1 + k * BATCH_LINES);
      return engine.counts.alerts - before;
    };
  },
  fresh: () => (text, k) => matchBatch(index, null, batchOf(text, k)).alerts.length,
  matcher: () => {
    const m = new BatchMatcher(null);
    return (text, k) => m.match(index, batchOf(text, k)).alerts.length;
  },
};

console.log(
  `bench/detect-batches — ${cpus()[0]?.model ?? "cpu"} × ${cpus().length}, Node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(
  `${INDICATORS.toLocaleString("en")} indicators, ${EVENTS.toLocaleString("en")} events in ${batches.length} batches of ${BATCH_LINES} lines`,
);
for (let round = 1; round <= 3; round++) {
  const row: string[] = [];
  for (const [name, make] of Object.entries(ways)) {
    const match = make();
    const t0 = cpu();
    let alerts = 0;
    for (let k = 0; k < batches.length; k++) alerts += match(texts[k]!, k);
    const s = cpu() - t0;
    row.push(`${name} ${Math.round(EVENTS / s).toLocaleString("en")}/s (${alerts} alerts)`);
  }
  // What the worker pays around the match: the body decoded from its bytes (m.string()) and a result serialized.
  const m = new BatchMatcher(null);
  const results = texts.map((text, k) => m.match(index, batchOf(text, k)));
  const t0 = cpu();
  for (let k = 0; k < batches.length; k++) {
    TD.decode(batches[k]!);
    resultParts(results[k]!, 1 << 20);
  }
  row.push(`decode + serialize alone ${Math.round(EVENTS / (cpu() - t0)).toLocaleString("en")}/s`);
  console.log(`round ${round}: ${row.join(" | ")}`);
}
