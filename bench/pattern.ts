/**
 * bench/pattern.ts — the patterning engine: parse+check+compile throughput on every pattern in
 * the ATT&CK bundle and on patterns built from the real indicator lists in ../shared/data, on a
 * generated set of 100,000 patterns of mixed shapes, and evaluations per second of compiled
 * closures over observed-data, next to a naive baseline (re-parse and evaluate every time).
 *
 *   node --expose-gc --import tsx bench/pattern.ts            all scenarios
 *   node --expose-gc --import tsx bench/pattern.ts --count 20000   a smaller generated set
 *
 * With --expose-gc the heap is collected between scenarios, so one scenario's garbage is not
 * charged to the next.
 */
import { existsSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { compilePattern, compilePatterns, parsePattern, prepareObservations } from "../src/pattern/index.js";

const DATA = resolve(fileURLToPath(import.meta.url), "..", "..", "..", "shared", "data");
const countArg = process.argv.indexOf("--count");
const COUNT = countArg > 0 ? Number(process.argv[countArg + 1]) : 100_000;
let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
};

const quote = (s: string) => `'${s.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
const lines = (rel: string) => {
  const path = resolve(DATA, rel);
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
};

function realPatterns(): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  const attackPath = resolve(DATA, "mitre-attack/enterprise-attack-18.1.json.gz");
  const attack: string[] = [];
  if (existsSync(attackPath)) {
    const bundle = JSON.parse(gunzipSync(readFileSync(attackPath)).toString("utf8")) as {
      objects: { pattern?: unknown }[];
    };
    for (const o of bundle.objects) if (typeof o.pattern === "string") attack.push(o.pattern);
  }
  sets.set("ATT&CK 18.1 indicator patterns", attack);
  sets.set(
    "ipsum IPs",
    lines("ipsum/ipsum.txt").map((l) => `[ipv4-addr:value = '${l.split(/\s+/)[0]}']`),
  );
  sets.set(
    "ThreatFox IPs",
    lines("abusech-threatfox/threatfox-ioc-ips.txt").map((l) => `[ipv4-addr:value = '${l}']`),
  );
  sets.set(
    "URLhaus domains",
    lines("abusech-urlhaus/urlhaus-filter-domains.txt").map((l) => `[domain-name:value = ${quote(l)}]`),
  );
  const maltrail: string[] = [];
  for (const l of lines("maltrail/indicators.csv").slice(1)) {
    const [indicator = "", type = ""] = l.split(",");
    if (type === "url") maltrail.push(`[url:value = ${quote(indicator)}]`);
    else if (type === "domain") maltrail.push(`[domain-name:value = ${quote(indicator)}]`);
    else if (type === "ipv4") maltrail.push(`[ipv4-addr:value = ${quote(indicator)}]`);
    else if (type === "ipv4-port") {
      const [ip, port] = indicator.split(":");
      maltrail.push(
        `[network-traffic:dst_ref.value = ${quote(ip ?? "")} AND network-traffic:dst_port = ${Number(port) || 0}]`,
      );
    } else maltrail.push(`[x-maltrail:indicator = ${quote(indicator)}]`);
  }
  sets.set("Maltrail indicators", maltrail);
  return sets;
}

/** A deterministic mix of pattern shapes, seeded so every run measures the same set. */
function generated(n: number): string[] {
  let seed = 42;
  const rnd = () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed >>> 8;
  };
  const ip = () => `${(rnd() % 223) + 1}.${rnd() % 256}.${rnd() % 256}.${rnd() % 256}`;
  const hex = (len: number) => Array.from({ length: len }, () => (rnd() % 16).toString(16)).join("");
  const shapes = [
    () => `[ipv4-addr:value = '${ip()}']`,
    () => `[domain-name:value = 'h${hex(8)}.example']`,
    () => `[file:hashes.'SHA-256' = '${hex(64)}']`,
    () => `[file:hashes.MD5 = '${hex(32)}' OR file:hashes.'SHA-1' = '${hex(40)}']`,
    () => `[ipv4-addr:value ISSUBSET '${ip()}/${(rnd() % 17) + 8}']`,
    () => `[network-traffic:dst_ref.value = '${ip()}' AND network-traffic:dst_port = ${rnd() % 65535}]`,
    () => `[url:value LIKE 'http://${hex(6)}.example/%']`,
    () => `[process:command_line MATCHES '^powershell.+-enc [A-Za-z0-9+/=]{${(rnd() % 40) + 10},}']`,
    () => `[ipv4-addr:value IN ('${ip()}', '${ip()}', '${ip()}')]`,
    () => `[ipv4-addr:value = '${ip()}'] FOLLOWEDBY [domain-name:value = 'x${hex(6)}.example'] WITHIN 300 SECONDS`,
    () =>
      `([file:name = 'f${hex(4)}.exe'] AND [windows-registry-key:key LIKE 'HKEY_LOCAL_MACHINE\\\\%']) REPEATS 2 TIMES`,
    () => `[email-addr:value = 'u${hex(5)}@example.com'] START t'2026-01-01T00:00:00Z' STOP t'2026-02-01T00:00:00Z'`,
  ];
  return Array.from({ length: n }, () => shapes[rnd() % shapes.length]!());
}

function rate(count: number, ms: number) {
  return Math.round((count / ms) * 1000);
}

function percentiles(samples: number[]) {
  samples.sort((a, b) => a - b);
  const at = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0;
  return `p50 ${(at(0.5) * 1000).toFixed(1)} µs, p99 ${(at(0.99) * 1000).toFixed(1)} µs, max ${(at(1) * 1000).toFixed(1)} µs`;
}

const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

function benchCompile(name: string, patterns: string[]) {
  collect();
  if (patterns.length === 0) {
    console.log(`${name}: 0 patterns`);
    return;
  }
  let t = performance.now();
  for (const p of patterns) parsePattern(p, { maxLength: 1 << 20 });
  const parseMs = performance.now() - t;
  collect();
  t = performance.now();
  const set = compilePatterns(patterns, { maxLength: 1 << 20 });
  const compileMs = performance.now() - t;
  sampleRss();
  const lat: number[] = [];
  for (let i = 0; i < patterns.length; i += 10) {
    const s = performance.now();
    try {
      compilePattern(patterns[i]!, { maxLength: 1 << 20 });
    } catch {}
    lat.push(performance.now() - s);
  }
  const c = set.counts;
  console.log(
    `${name}: ${patterns.length} patterns — parse ${rate(patterns.length, parseMs)}/s; parse+check+compile ${rate(patterns.length, compileMs)}/s (${percentiles(lat)}); ` +
      `atoms ${c.atoms}, prefilter ${c.prefilter}, closure ${c.closure}, invalid ${c.invalid}`,
  );
}

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const OBSERVED = [
  {
    type: "observed-data",
    id: "observed-data--1",
    first_observed: at(0),
    last_observed: at(0),
    number_observed: 1,
    object_refs: ["ipv4-addr--1", "network-traffic--1"],
  },
  {
    type: "observed-data",
    id: "observed-data--2",
    first_observed: at(30),
    last_observed: at(30),
    number_observed: 1,
    object_refs: ["domain-name--1", "process--1"],
  },
  {
    type: "observed-data",
    id: "observed-data--3",
    first_observed: at(60),
    last_observed: at(90),
    number_observed: 4,
    object_refs: ["file--1"],
  },
  { type: "ipv4-addr", id: "ipv4-addr--1", value: "198.51.100.7" },
  {
    type: "network-traffic",
    id: "network-traffic--1",
    dst_ref: "ipv4-addr--1",
    dst_port: 443,
    protocols: ["ipv4", "tcp"],
  },
  { type: "domain-name", id: "domain-name--1", value: "evil.example" },
  {
    type: "process",
    id: "process--1",
    command_line: "powershell.exe -nop -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAA=",
  },
  { type: "file", id: "file--1", name: "payload.exe", hashes: { "SHA-256": "ab".repeat(32) } },
];

const EVAL: [string, string][] = [
  ["two observations (AND)", "[ipv4-addr:value = '198.51.100.7'] AND [domain-name:value = 'evil.example']"],
  ["two observations, no match", "[ipv4-addr:value = '198.51.100.8'] AND [domain-name:value = 'evil.example']"],
  [
    "FOLLOWEDBY WITHIN",
    "[network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24' AND network-traffic:dst_port = 443] FOLLOWEDBY [process:command_line MATCHES '-enc [A-Za-z0-9+/=]{20,}'] WITHIN 60 SECONDS",
  ],
  ["REPEATS + LIKE", "[file:name LIKE '%.exe' AND file:hashes.'SHA-256' = '" + "ab".repeat(32) + "'] REPEATS 3 TIMES"],
];

function benchEval() {
  const set = prepareObservations(OBSERVED);
  for (const [name, pattern] of EVAL) {
    const c = compilePattern(pattern);
    const expected = c.match(set).matched;
    const runs = (fn: () => boolean, ms: number) => {
      // Warm up (and check every answer), then count calls in a fixed time.
      for (let i = 0; i < 20_000; i++) if (fn() !== expected) throw new Error(`inconsistent result for ${name}`);
      let n = 0;
      const start = performance.now();
      while (performance.now() - start < ms) {
        for (let i = 0; i < 1000; i++) fn();
        n += 1000;
      }
      return rate(n, performance.now() - start);
    };
    const fast = runs(() => c.matches(set), 1000);
    const bind = runs(() => c.match(set).matched, 1000);
    const naive = runs(() => compilePattern(pattern).match(prepareObservations(OBSERVED)).matched, 1000);
    sampleRss();
    console.log(
      `eval ${name} (matched=${expected}): compiled matches ${fast}/s; compiled match+bindings ${bind}/s; naive re-parse+evaluate ${naive}/s`,
    );
  }
}

console.log(`node ${process.version}, ${cpus()[0]?.model ?? "?"} × ${cpus().length}, ${new Date().toISOString()}`);
benchCompile(`generated mixed shapes`, generated(COUNT));
for (const [name, patterns] of realPatterns()) benchCompile(name, patterns);
benchEval();
sampleRss();
console.log(`peak RSS ${Math.round(peakRss / 2 ** 20)} MB`);
