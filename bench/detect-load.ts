/**
 * bench/detect-load.ts — how long the detection index takes to load from the store (what
 * `centinela scan`, `hunt`, a worker and POST /api/v1/logs do first): N generated indicators put
 * into a temporary SQLite store once by the bare fast path (bench/import-bare.ts: the store's own
 * schema, rows as putPlan writes them), then `loadIndex` from it, beside the baseline in the same
 * run: `index.add` of the same indicators already in memory (no store at all). With --pg, also a
 * PostgreSQL store filled through putObjects in batches of 10,000.
 *
 *   node --import tsx bench/detect-load.ts                          1M indicators, SQLite
 *   node --import tsx bench/detect-load.ts --indicators 200000 --pg also PostgreSQL (the local server)
 *   node --expose-gc --import tsx bench/detect-load.ts --memory --indicators 10000000
 *                                    the index's memory: N mixed indicators (domains, addresses,
 *                                    SHA-256 hashes, URLs) generated one at a time into index.add
 *
 * Times are wall and CPU (process.cpuUsage, all threads): the machine is shared, and the CPU time
 * changes less than the wall time when it is busier.
 */
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { loadavg } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { IndicatorIndex, loadIndex } from "../src/detect/index.js";
import { openStore, type Store } from "../src/store/index.js";
import { randomLikeUuid, runBare } from "./import-bare.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const TMP = join(ROOT, ".bench-tmp", `detect-load-${process.pid}`);
const PG_URL = process.env.CENTINELA_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/test";
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = arg("--indicators", 1_000_000);
const PG = process.argv.includes("--pg");

/** Indicator `i` of the memory run: 4 in 10 domains, 3 addresses, 2 SHA-256 hashes, 1 URL. */
function mixed(i: number) {
  const id = `indicator--${randomLikeUuid(i)}`;
  const h = id.slice(11, 23);
  const k = i % 10;
  const pattern =
    k < 4
      ? `[domain-name:value = 'host-${h}.example.net']`
      : k < 7
        ? `[ipv4-addr:value = '${(i >>> 16) & 255}.${(i >>> 8) & 255}.${i & 255}.${k}']`
        : k < 9
          ? `[file:hashes.'SHA-256' = '${id.slice(11).replace(/-/g, "")}${h}${h.slice(0, 8)}']`
          : `[url:value = 'http://u-${h}.example.org/path/${i}']`;
  return {
    id,
    pattern,
    pattern_type: "stix",
    valid_from: "2026-01-01T00:00:00Z",
    modified: "2026-01-01T00:00:00.000Z",
  };
}

/** The indicator of item `i` as bench/import-bare.ts stores it (same id, same pattern). */
function record(i: number) {
  const id = `indicator--${randomLikeUuid(i)}`;
  return {
    type: "indicator",
    spec_version: "2.1",
    id,
    created: "2026-01-01T00:00:00.000Z",
    modified: "2026-01-01T00:00:00.000Z",
    name: "Generated indicator",
    indicator_types: ["malicious-activity"],
    pattern: `[domain-name:value = 'host-${id.slice(11, 23)}.example.net']`,
    pattern_type: "stix",
    valid_from: "2026-01-01T00:00:00Z",
    object_marking_refs: ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
  };
}

function timed<T>(run: () => Promise<T>): Promise<{ value: T; wall: number; cpu: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  return run().then((value) => {
    const used = process.cpuUsage(cpu);
    return { value, wall: (performance.now() - started) / 1000, cpu: (used.user + used.system) / 1e6 };
  });
}

const line = (what: string, wall: number, cpu: number, n: number) =>
  console.log(
    `${what.padEnd(34)} ${wall.toFixed(2).padStart(7)} s wall ${cpu.toFixed(2).padStart(7)} s CPU ${Math.round(n / cpu)
      .toLocaleString("en")
      .padStart(10)} indicators/CPU s`,
  );

if (process.argv.includes("--memory")) {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error("run with node --expose-gc for --memory");
  const mb = (b: number) => `${Math.round(b / 1e6).toLocaleString("en")} MB`;
  console.log(
    `detect-load --memory: ${N.toLocaleString("en")} indicators; load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  gc();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  const {
    value: index,
    wall,
    cpu,
  } = await timed(async () => {
    const index = new IndicatorIndex();
    for (let i = 0; i < N; i++) {
      if (index.add(mixed(i)) !== "exact") throw new Error(`indicator ${i} is not exact`);
      if (i % 1_000_000 === 999_999) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    return index;
  });
  gc();
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, after.rss);
  const heap = after.heapUsed - before.heapUsed;
  // external includes arrayBuffers (the typed arrays).
  const outside = after.external - before.external;
  line("index.add, generated one at a time", wall, cpu, N);
  console.log(
    `  ${index.stats().indicators.toLocaleString("en")} held: heap +${mb(heap)}, typed arrays +${mb(outside)} (${Math.round((heap + outside) / N)} bytes an indicator); RSS ${mb(after.rss)} (peak ${mb(peakRss)}, before ${mb(before.rss)})`,
  );
  console.log(
    `load average after: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
  );
  process.exit(0);
}

async function loadFrom(store: Store, what: string) {
  const { value, wall, cpu } = await timed(() => loadIndex(store));
  const exact = value.first.outcomes.exact ?? 0;
  if (value.first.read !== N || exact !== N)
    throw new Error(`${what}: read ${value.first.read}, exact ${exact}, expected ${N}`);
  line(`loadIndex from ${what}`, wall, cpu, N);
}

console.log(
  `detect-load: ${N.toLocaleString("en")} indicators; load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
const records = Array.from({ length: N }, (_, i) => record(i));
const base = await timed(async () => {
  const index = new IndicatorIndex();
  for (const r of records) index.add(r);
  return index;
});
line("baseline: index.add in memory", base.wall, base.cpu, N);

rmSync(TMP, { recursive: true, force: true });
const bare = await runBare(TMP, N, 10_000);
console.log(`  (SQLite store filled in ${bare.seconds.toFixed(1)} s)`);
const sqlite = await openStore({ dataDir: TMP });
try {
  await loadFrom(sqlite, "SQLite");
} finally {
  await sqlite.close();
  rmSync(TMP, { recursive: true, force: true });
}

if (PG) {
  const schema = `bench_load_${process.pid}`;
  const psql = (command: string) =>
    execFileSync("psql", [PG_URL, "-q", "-c", `SET client_min_messages TO warning; ${command}`]);
  psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
  const pg = await openStore({ url: `${PG_URL}?options=-c%20search_path%3D${schema}` });
  try {
    const filled = performance.now();
    const ctx = { orgId: null, userId: null, source: "bench" };
    for (let from = 0; from < N; from += 10_000) {
      const batch = records.slice(from, from + 10_000).map((o) => ({
        id: o.id,
        type: o.type,
        specVersion: o.spec_version,
        created: o.created,
        versionKey: o.modified,
        raw: JSON.stringify(o),
        tlp: "green" as const,
        revoked: false,
        collectionId: "default",
      }));
      await pg.putObjects(ctx, batch);
    }
    console.log(`  (PostgreSQL store filled in ${((performance.now() - filled) / 1000).toFixed(1)} s)`);
    await loadFrom(pg, "PostgreSQL");
  } finally {
    await pg.close();
    psql(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  }
}
console.log(
  `load average after: ${loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
