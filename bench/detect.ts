/**
 * bench/detect.ts — detection throughput: real Zeek DNS and SSL JSON logs (WRCCDC 2018), repeated
 * in memory to --events events, through the indicator index and the engine on one core, with 1M
 * indicators loaded (the real lists in ../shared/data plus generated addresses and domains, some
 * of them values that occur in the logs); beside the naive baseline in the same run: JSON.parse
 * per line and a Set lookup per field. Also the index's build time and memory.
 *
 *   node --expose-gc --import tsx bench/detect.ts                      1M indicators, 5M events
 *   node --expose-gc --import tsx bench/detect.ts --indicators 10000000 --events 10000000
 *   node --expose-gc --import tsx bench/detect.ts --events 1000000 --runs 3   3 alternating runs per log
 *   node --import tsx bench/detect.ts --nats [--nats-indicators 200000] [--nats-events 1000000]
 *       the NATS JetStream path instead (bench/detect-nats.ts): ship, 1 and 2 workers, the writer
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { Engine, IndicatorIndex } from "../src/detect/index.js";
import { JsonLineScanner } from "../src/detect/json-scan.js";
import { zeekFieldsFor } from "../src/detect/scan.js";

const DATA = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "shared", "data");
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const INDICATORS = arg("--indicators", 1_000_000);
const EVENTS = arg("--events", 5_000_000);
/** Values that occur in the logs among the indicators (the rest are misses). */
const HITS = arg("--hits", 20);
/** --hot: the hit values are the logs' most frequent ones (an alert on most events). */
const HOT = process.argv.includes("--hot");
/** --runs N: the naive baseline and the engine N times each per log, alternating, in this one process. */
const RUNS = arg("--runs", 1);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const mb = (n: number) => (n / 1024 / 1024).toFixed(0);

function textLines(rel: string, column = 0, sep = /[\t,]/): string[] {
  return readFileSync(resolve(DATA, rel), "utf8")
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("#"))
    .map((l) => l.split(sep)[column] as string);
}

/** 1M (or --indicators) indicator values: the real lists first, then generated ones. */
function indicatorValues(logValues: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const ip of textLines("ipsum/ipsum.txt")) out.push(["ipv4-addr", ip]);
  for (const ip of textLines("abusech-threatfox/threatfox-ioc-ips.txt")) out.push(["ipv4-addr", ip]);
  for (const d of textLines("abusech-urlhaus/urlhaus-filter-domains.txt"))
    out.push([/^\d/.test(d) ? "ipv4-addr" : "domain-name", d]);
  for (const v of logValues.slice(0, HITS)) out.push([/^\d+\.\d+\.\d+\.\d+$/.test(v) ? "ipv4-addr" : "domain-name", v]);
  let n = 0;
  while (out.length < INDICATORS) {
    n++;
    if (n % 2) out.push(["ipv4-addr", `${(n >>> 24) & 255 || 1}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`]);
    else out.push(["domain-name", `gen${n.toString(36)}.example-bad.net`]);
  }
  return out.slice(0, INDICATORS);
}

/**
 * Values of the logs to put among the indicators, so the bench measures hits as well as misses.
 * By default rare ones (in at most 1 event of 1,000, as a real indicator's hits are); with --hot,
 * the most frequent ones (the organization's own DNS server and the like: an alert on most events,
 * the alert path's worst case).
 */
function logValuesByFrequency(lines: string[], hot: boolean): string[] {
  const seen = new Map<string, number>();
  for (const line of lines) {
    const o = JSON.parse(line) as Record<string, unknown>;
    for (const k of ["query", "server_name", "id.resp_h"])
      if (typeof o[k] === "string") seen.set(o[k] as string, (seen.get(o[k] as string) ?? 0) + 1);
  }
  const byCount = [...seen].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  if (hot) return byCount.map(([v]) => v);
  const rare = byCount.filter(([, n]) => n <= lines.length / 1000);
  // Spread over the rare ones rather than the rarest: some hit a few events, some a few dozen.
  const step = Math.max(1, Math.floor(rare.length / Math.max(1, HITS)));
  return rare.filter((_, i) => i % step === 0).map(([v]) => v);
}

function repeatTo(lines: string[], events: number): string {
  const parts: string[] = [];
  for (let i = 0; i < events; i++) parts.push(lines[i % lines.length] as string);
  return `${parts.join("\n")}\n`;
}

/**
 * Wall and CPU time. Rates are per CPU second of this process: the machine these run on is shared,
 * and a neighbour's load stretches the wall clock without changing the work done; wall is printed too.
 */
function clock(since?: { wall: number; cpu: number }): { ms: number; wallMs: number; wall: number; cpu: number } {
  const u = process.cpuUsage();
  const now = { wall: performance.now(), cpu: (u.user + u.system) / 1000 };
  if (since === undefined) return { ms: 0, wallMs: 0, ...now };
  return { ms: now.cpu - since.cpu, wallMs: now.wall - since.wall, ...now };
}

function runEngine(index: IndicatorIndex, text: string, kind: "dns" | "ssl", passes: number) {
  const engine = new Engine({ index });
  const scanner = new JsonLineScanner(
    engine,
    zeekFieldsFor(kind),
    { timeKey: "ts", kindKey: "_path", prefix: "zeek", defaultKind: kind },
    `bench-${kind}`,
  );
  const blocks = blocksOf(text);
  const started = clock();
  for (let pass = 0; pass < passes; pass++) for (const block of blocks) scanner.scanBlock(block, 1);
  return { ...clock(started), events: engine.counts.events, alerts: engine.counts.alerts };
}

/**
 * The text cut into blocks of whole lines decoded from bytes, as readLineBlocks hands them to a
 * reader (a slice of one long string is not: V8 searches a sliced string slower than a flat one).
 */
function blocksOf(text: string): string[] {
  const bytes = Buffer.from(text, "utf8");
  const size = 256 << 10;
  const out: string[] = [];
  for (let s = 0; s < bytes.length; ) {
    let e = bytes.indexOf(10, Math.min(bytes.length - 1, s + size));
    if (e < 0) e = bytes.length - 1;
    out.push(bytes.subarray(s, e + 1).toString("utf8"));
    s = e + 1;
  }
  return out;
}

/** The naive baseline: JSON.parse per line, a Set lookup per field; an event counts a value once however many fields hold it. */
function runNaive(set: Set<string>, text: string, fields: string[], passes: number) {
  const started = clock();
  let events = 0;
  let alerts = 0;
  const hit: string[] = [];
  for (let pass = 0; pass < passes; pass++)
    for (let s = 0; s < text.length; ) {
      const e = text.indexOf("\n", s);
      const o = JSON.parse(text.slice(s, e)) as Record<string, unknown>;
      events++;
      hit.length = 0;
      for (const f of fields) {
        const v = o[f];
        if (typeof v === "string") {
          if (set.has(v) && !hit.includes(v)) hit.push(v);
        } else if (Array.isArray(v))
          for (const x of v) if (typeof x === "string" && set.has(x) && !hit.includes(x)) hit.push(x);
      }
      alerts += hit.length;
      s = e + 1;
    }
  return { ...clock(started), events, alerts };
}

const dnsLines = gunzipSync(readFileSync(resolve(DATA, "zeek-wrccdc-2018/zeek-json/dns.json.gz")))
  .toString("utf8")
  .split("\n")
  .filter(Boolean);
const sslLines = gunzipSync(readFileSync(resolve(DATA, "zeek-wrccdc-2018/zeek-json/ssl.json.gz")))
  .toString("utf8")
  .split("\n")
  .filter(Boolean);
const logValues = logValuesByFrequency([...dnsLines, ...sslLines], HOT);
const values = indicatorValues(logValues);

if (process.argv.includes("--nats")) {
  const { runNatsBench } = await import("./detect-nats.js");
  console.log(`bench/detect --nats — ${cpus()[0]?.model ?? "cpu"} × ${cpus().length}, Node ${process.version}`);
  await runNatsBench(values, dnsLines, {
    indicators: arg("--nats-indicators", 200_000),
    events: arg("--nats-events", 1_000_000),
    hits: logValues.slice(0, HITS),
  });
  process.exit(0);
}

console.log(`bench/detect — ${cpus()[0]?.model ?? "cpu"} × ${cpus().length}, Node ${process.version}`);
gc();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage().rss;
const built = performance.now();
const index = new IndicatorIndex();
for (let i = 0; i < values.length; i++) {
  const [type, value] = values[i] as [string, string];
  const id = `indicator--${(i + 1).toString(16).padStart(8, "0")}-0000-4000-8000-000000000000`;
  index.add({ id, pattern: `[${type}:value = '${value}']`, valid_from: "2010-01-01T00:00:00Z" });
}
// The pre-filter is built on the first lookup: part of the build, not of the first log's scan.
index.filter();
const buildMs = performance.now() - built;
gc();
const indexHeap = process.memoryUsage().heapUsed - heapBefore;
console.log(
  `index: ${values.length.toLocaleString("en")} indicators built in ${(buildMs / 1000).toFixed(1)} s ` +
    `(${Math.round(values.length / (buildMs / 1000)).toLocaleString("en")}/s); heap +${mb(indexHeap)} MiB, rss +${mb(process.memoryUsage().rss - rssBefore)} MiB`,
);
const set = new Set(values.map((v) => v[1]));

for (const [kind, lines] of [
  ["dns", dnsLines],
  ["ssl", sslLines],
] as const) {
  // The naive baseline reads the same fields the engine does.
  const fields = zeekFieldsFor(kind).map((f) => f.name);
  // One text of at most 200,000 events (a V8 string holds under 1 GiB), read as many times as it takes.
  const perPass = Math.min(EVENTS, 200_000);
  const passes = Math.ceil(EVENTS / perPass);
  const text = repeatTo(lines as string[], perPass);
  const bytes = Buffer.byteLength(text) * passes;
  for (let run = 1; run <= RUNS; run++) {
    gc();
    const naive = runNaive(set, text, fields, passes);
    gc();
    const ours = runEngine(index, text, kind, passes);
    const rate = (r: { ms: number; events: number }) => Math.round(r.events / (r.ms / 1000));
    const mbs = (r: { ms: number }) => (bytes / 1e6 / (r.ms / 1000)).toFixed(0);
    console.log(
      `zeek ${kind}: ${ours.events.toLocaleString("en")} events (${(bytes / 1e6).toFixed(0)} MB)  ` +
        `engine ${rate(ours).toLocaleString("en")} events/s ${mbs(ours)} MB/s, ${ours.alerts.toLocaleString("en")} alerts  |  ` +
        `naive JSON.parse+Set ${rate(naive).toLocaleString("en")} events/s ${mbs(naive)} MB/s, ${naive.alerts.toLocaleString("en")} hits  |  ` +
        `${(rate(ours) / rate(naive)).toFixed(2)}× naive  (per CPU second; wall ${(ours.wallMs / 1000).toFixed(1)} s and ${(naive.wallMs / 1000).toFixed(1)} s)` +
        (RUNS > 1 ? `  [run ${run}/${RUNS}]` : ""),
    );
  }
}
console.log(`peak rss ${mb(process.memoryUsage().rss)} MiB`);
