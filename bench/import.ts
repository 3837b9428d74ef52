/**
 * bench/import.ts — import throughput and peak memory of the ingest path into SQLite and
 * PostgreSQL: the real ATT&CK bundle and a generated bundle of 1,000,000 indicators, next to a
 * naive baseline (one transaction per object) measured in the same run.
 *
 *   node --import tsx bench/import.ts            all scenarios (PostgreSQL ones need CENTINELA_BENCH_PG or the local server)
 *   node --import tsx bench/import.ts --count 200000   a smaller generated bundle
 *   node --import tsx bench/import.ts --only indicators-sqlite,naive   scenarios whose name starts so
 *
 * Beside the import, the same run measures the bare-SQLite ceiling (import-bare.ts): the store's
 * tables filled by better-sqlite3 alone. Each row also prints the CPU time per object of all
 * threads, which changes less than objects/s when the shared machine is busier.
 *
 * Every scenario runs in its own child process so its peak RSS is its own.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createWriteStream, existsSync, mkdirSync, rmSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_BATCH_SIZE, importItems } from "../src/ingest/index.js";
import { openSource } from "../src/sources/index.js";
import { readStixStream } from "../src/stix/index.js";
import { openStore } from "../src/store/index.js";
import { randomLikeUuid, runBare } from "./import-bare.js";
import { runNaive } from "./import-naive.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const TMP = join(ROOT, ".bench-tmp");
const ATTACK = resolve(ROOT, "..", "shared", "data", "mitre-attack", "enterprise-attack-18.1.json.gz");
const PG_URL = process.env.CENTINELA_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/test";

interface Result {
  scenario: string;
  objects: number;
  seconds: number;
  perSecond: number;
  peakRssMb: number;
  rejected: number;
  /** CPU time of the process (all threads) per object, µs. */
  cpuUsPerObject: number;
}

async function runScenario(
  name: string,
  file: string,
  db: "sqlite" | "postgres",
  batchSize: number,
  limit: number,
): Promise<Result> {
  const dataDir = join(TMP, `store-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const schema = `bench_${process.pid}`;
  if (db === "postgres") {
    execFileSync("psql", [
      PG_URL,
      "-q",
      "-c",
      `SET client_min_messages TO warning; DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`,
    ]);
  }
  const url = db === "postgres" ? `${PG_URL}?options=-c%20search_path%3D${schema}` : undefined;
  const store = await openStore(url ? { url } : { dataDir });
  const input = await openSource(file);
  let seen = 0;
  async function* limited() {
    for await (const item of readStixStream(input.stream)) {
      if (seen++ >= limit) return;
      yield item;
    }
  }
  const started = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const summary = await importItems(store, limited(), {
    ctx: { orgId: null, userId: null, source: "bench" },
    source: file,
    batchSize,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = process.cpuUsage(cpu);
  await store.close();
  if (db === "postgres")
    execFileSync("psql", [
      PG_URL,
      "-q",
      "-c",
      `SET client_min_messages TO warning; DROP SCHEMA IF EXISTS ${schema} CASCADE`,
    ]);
  rmSync(dataDir, { recursive: true, force: true });
  const objects = summary.new + summary.newVersion + summary.unchanged;
  return {
    scenario: name,
    objects,
    seconds,
    perSecond: Math.round(objects / seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rejected: summary.rejected,
    cpuUsPerObject: (used.user + used.system) / Math.max(1, objects),
  };
}

/** Writes a bundle of `count` distinct, valid indicators of mixed pattern shapes. */
async function generateIndicators(file: string, count: number): Promise<void> {
  if (existsSync(file)) return;
  const out = createWriteStream(file);
  const write = (s: string) =>
    out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once("drain", () => r()));
  await write('{"type":"bundle","id":"bundle--5d0092c5-5f74-4287-9642-33f4c354e56d","objects":[\n');
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(12, "0");
    const a = (i >>> 16) & 255;
    const b = (i >>> 8) & 255;
    const c = i & 255;
    const pattern =
      i % 4 === 0
        ? `[ipv4-addr:value = '10.${a}.${b}.${c}']`
        : i % 4 === 1
          ? `[domain-name:value = 'host-${hex}.example.net']`
          : i % 4 === 2
            ? `[file:hashes.'SHA-256' = '${hex.repeat(5).slice(0, 52)}${hex}']`
            : `[url:value = 'http://bad-${hex}.example.org/payload']`;
    const obj = {
      type: "indicator",
      spec_version: "2.1",
      id: `indicator--${randomLikeUuid(i)}`,
      created: "2026-01-01T00:00:00.000Z",
      modified: "2026-01-01T00:00:00.000Z",
      name: `Generated indicator ${i}`,
      indicator_types: ["malicious-activity"],
      pattern,
      pattern_type: "stix",
      valid_from: "2026-01-01T00:00:00Z",
      object_marking_refs: ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    };
    await write((i === 0 ? "" : ",\n") + JSON.stringify(obj));
  }
  await write("\n]}\n");
  await new Promise<void>((r) => out.end(r));
}

/** The bare-SQLite ceiling (import-bare.ts) as a scenario row; its "objects" are rows written. */
async function bareScenario(name: string, batchSize: number, count: number): Promise<Result> {
  const dataDir = join(TMP, `store-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  const bare = await runBare(dataDir, count, batchSize);
  rmSync(dataDir, { recursive: true, force: true });
  return {
    scenario: name,
    objects: bare.rows,
    seconds: bare.seconds,
    perSecond: Math.round(bare.rows / bare.seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rejected: 0,
    cpuUsPerObject: bare.cpuUsPerRow,
  };
}

/** The naive baseline (import-naive.ts) as a scenario row: the same file into one table. */
async function naiveScenario(name: string, file: string, batchSize: number): Promise<Result> {
  const dataDir = join(TMP, `store-${name}`);
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const naive = await runNaive(dataDir, file, batchSize);
  rmSync(dataDir, { recursive: true, force: true });
  return {
    scenario: name,
    objects: naive.rows,
    seconds: naive.seconds,
    perSecond: Math.round(naive.rows / naive.seconds),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    rejected: 0,
    cpuUsPerObject: naive.cpuUsPerRow,
  };
}

async function child(args: string[]): Promise<void> {
  const [name, file, db, batch, limit] = args as [
    string,
    string,
    "sqlite" | "postgres" | "bare" | "naive",
    string,
    string,
  ];
  const result =
    db === "bare"
      ? await bareScenario(name, Number(batch), Number(limit))
      : db === "naive"
        ? await naiveScenario(name, file, Number(batch))
        : await runScenario(name, file, db, Number(batch), Number(limit));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

async function parent(): Promise<void> {
  const countArg = process.argv.indexOf("--count");
  const count = countArg > 0 ? Number(process.argv[countArg + 1]) : 1_000_000;
  mkdirSync(TMP, { recursive: true });
  const generated = join(TMP, `indicators-v2-${count}.json`);
  process.stderr.write(`generating ${count.toLocaleString("en-US")} indicators into ${generated}…\n`);
  await generateIndicators(generated, count);
  const scenarios: Array<[string, string, string, number, number]> = [];
  if (existsSync(ATTACK)) {
    scenarios.push(["attack-sqlite", ATTACK, "sqlite", DEFAULT_BATCH_SIZE, Infinity]);
    scenarios.push(["attack-postgres", ATTACK, "postgres", DEFAULT_BATCH_SIZE, Infinity]);
  } else process.stderr.write(`skipping ATT&CK scenarios: ${ATTACK} not found\n`);
  scenarios.push(["indicators-sqlite", generated, "sqlite", DEFAULT_BATCH_SIZE, Infinity]);
  // The ceiling: SQLite alone on the store's tables, same rows, batches and key order (import-bare.ts).
  scenarios.push(["bare-sqlite ceiling (inserts only, same schema)", "", "bare", DEFAULT_BATCH_SIZE, count]);
  // The naive baseline of issue #14 item 6: the same file into one table keyed by id, nothing else.
  scenarios.push([
    "naive single-table insert → SQLite (same file, id key)",
    generated,
    "naive",
    DEFAULT_BATCH_SIZE,
    count,
  ]);
  scenarios.push(["indicators-postgres", generated, "postgres", DEFAULT_BATCH_SIZE, Infinity]);
  scenarios.push(["naive-sqlite (1 object per transaction, first 20,000)", generated, "sqlite", 1, 20_000]);
  scenarios.push(["naive-postgres (1 object per transaction, first 20,000)", generated, "postgres", 1, 20_000]);
  const onlyArg = process.argv.indexOf("--only");
  const only = onlyArg > 0 ? (process.argv[onlyArg + 1] ?? "").split(",") : [""];
  const results: Result[] = [];
  for (const [name, file, db, batch, limit] of scenarios) {
    if (!only.some((prefix) => name.startsWith(prefix))) continue;
    process.stderr.write(`running ${name}…\n`);
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", fileURLToPath(import.meta.url), "--child", name, file, db, String(batch), String(limit)],
      { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 20 },
    );
    if (run.status !== 0) {
      process.stderr.write(`${name} failed (exit ${run.status})\n`);
      continue;
    }
    results.push(JSON.parse(run.stdout.trim().split("\n").pop() as string) as Result);
  }
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    `\nmachine: ${cpus().length} cores, ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  console.log("| scenario | objects | seconds | objects/s | CPU µs/object | peak RSS MB | rejected |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const r of results) {
    console.log(
      `| ${r.scenario} | ${r.objects.toLocaleString("en-US")} | ${r.seconds.toFixed(2)} | ${r.perSecond.toLocaleString("en-US")} | ${r.cpuUsPerObject.toFixed(1)} | ${r.peakRssMb} | ${r.rejected} |`,
    );
  }
}

if (process.argv[2] === "--child") await child(process.argv.slice(3));
else await parent();
