/**
 * bench/detect.ts — detection throughput: real Zeek DNS and SSL JSON logs (WRCCDC 2018), repeated
 * in memory to --events events, through the indicator index and the engine on one core, with 1M
 * indicators loaded (the real lists in ../shared/data plus generated addresses and domains, some
 * of them values that occur in the logs); beside the naive baseline in the same run: JSON.parse
 * per line and a Set lookup per field. Also the index's build time and memory.
 *
 *   node --expose-gc --import tsx bench/detect.ts                      1M indicators, 5M events
 *   node --expose-gc --import tsx bench/detect.ts --indicators 10000000 --events 10000000
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
  // 200 values that do occur in the logs, so the bench measures hits as well as misses.
  for (const v of logValues.slice(0, HITS)) out.push([/^\d+\.\d+\.\d+\.\d+$/.test(v) ? "ipv4-addr" : "domain-name", v]);
  let n = 0;
  while (out.length < INDICATORS) {
    n++;
    if (n % 2) out.push(["ipv4-addr", `${(n >>> 24) & 255 || 1}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`]);
    else out.push(["domain-name", `gen${n.toString(36)}.example-bad.net`]);
  }
  return out.slice(0, INDICATORS);
}

function distinctLogValues(lines: string[]): string[] {
  const seen = new Set<string>();
  for (const line of lines.slice(0, 20_000)) {
    const o = JSON.parse(line) as Record<string, unknown>;
    for (const k of ["query", "server_name", "id.resp_h"]) if (typeof o[k] === "string") seen.add(o[k] as string);
  }
  return [...seen].sort();
}

function repeatTo(lines: string[], events: number): string {
  const parts: string[] = [];
  for (let i = 0; i < events; i++) parts.push(lines[i % lines.length] as string);
  return `${parts.join("\n")}\n`;
}

function runEngine(index: IndicatorIndex, text: string, kind: "dns" | "ssl", passes: number) {
  const engine = new Engine({ index });
  const scanner = new JsonLineScanner(
    engine,
    zeekFieldsFor(kind),
    { timeKey: "ts", kindKey: "_path", prefix: "zeek", defaultKind: kind },
    `bench-${kind}`,
  );
  // The block size readLineBlocks uses for files.
  const block = 256 << 10;
  const started = performance.now();
  for (let pass = 0; pass < passes; pass++) {
    for (let s = 0; s < text.length; ) {
      let e = text.indexOf("\n", Math.min(text.length - 1, s + block));
      if (e < 0) e = text.length - 1;
      scanner.scanBlock(text.slice(s, e + 1), 1);
      s = e + 1;
    }
  }
  return { ms: performance.now() - started, events: engine.counts.events, alerts: engine.counts.alerts };
}

function runNaive(set: Set<string>, text: string, fields: string[], passes: number) {
  const started = performance.now();
  let events = 0;
  let alerts = 0;
  for (let pass = 0; pass < passes; pass++)
    for (let s = 0; s < text.length; ) {
      const e = text.indexOf("\n", s);
      const o = JSON.parse(text.slice(s, e)) as Record<string, unknown>;
      events++;
      for (const f of fields) {
        const v = o[f];
        if (typeof v === "string" && set.has(v)) alerts++;
        else if (Array.isArray(v)) for (const x of v) if (typeof x === "string" && set.has(x)) alerts++;
      }
      s = e + 1;
    }
  return { ms: performance.now() - started, events, alerts };
}

const dnsLines = gunzipSync(readFileSync(resolve(DATA, "zeek-wrccdc-2018/zeek-json/dns.json.gz")))
  .toString("utf8")
  .split("\n")
  .filter(Boolean);
const sslLines = gunzipSync(readFileSync(resolve(DATA, "zeek-wrccdc-2018/zeek-json/ssl.json.gz")))
  .toString("utf8")
  .split("\n")
  .filter(Boolean);
const logValues = distinctLogValues([...dnsLines, ...sslLines]);
const values = indicatorValues(logValues);

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
const buildMs = performance.now() - built;
gc();
const indexHeap = process.memoryUsage().heapUsed - heapBefore;
console.log(
  `index: ${values.length.toLocaleString("en")} indicators built in ${(buildMs / 1000).toFixed(1)} s ` +
    `(${Math.round(values.length / (buildMs / 1000)).toLocaleString("en")}/s); heap +${mb(indexHeap)} MiB, rss +${mb(process.memoryUsage().rss - rssBefore)} MiB`,
);
const set = new Set(values.map((v) => v[1]));

for (const [kind, lines, fields] of [
  ["dns", dnsLines, ["query", "id.orig_h", "id.resp_h", "answers"]],
  ["ssl", sslLines, ["server_name", "id.orig_h", "id.resp_h"]],
] as const) {
  // One text of at most 200,000 events (a V8 string holds under 1 GiB), read as many times as it takes.
  const perPass = Math.min(EVENTS, 200_000);
  const passes = Math.ceil(EVENTS / perPass);
  const text = repeatTo(lines as string[], perPass);
  const bytes = Buffer.byteLength(text) * passes;
  gc();
  const naive = runNaive(set, text, fields as unknown as string[], passes);
  gc();
  const ours = runEngine(index, text, kind, passes);
  const rate = (r: { ms: number; events: number }) => Math.round(r.events / (r.ms / 1000));
  const mbs = (r: { ms: number }) => (bytes / 1e6 / (r.ms / 1000)).toFixed(0);
  console.log(
    `zeek ${kind}: ${ours.events.toLocaleString("en")} events (${(bytes / 1e6).toFixed(0)} MB)  ` +
      `engine ${rate(ours).toLocaleString("en")} events/s ${mbs(ours)} MB/s, ${ours.alerts.toLocaleString("en")} alerts  |  ` +
      `naive JSON.parse+Set ${rate(naive).toLocaleString("en")} events/s ${mbs(naive)} MB/s, ${naive.alerts.toLocaleString("en")} hits  |  ` +
      `${(rate(ours) / rate(naive)).toFixed(1)}× naive`,
  );
}
console.log(`peak rss ${mb(process.memoryUsage().rss)} MiB`);
