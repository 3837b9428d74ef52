/**
 * bench/taxii.ts — the TAXII 2.1 server under HTTP load: GET objects (pages of 100) at the start
 * and deep inside a collection of 1,000,000 objects, reads by id (objects/{id}/, versions/,
 * match[id]), GET manifest, and POST envelopes of 1,000 objects; requests/s, objects/s, p50/p99 latency and peak memory of the server. The naive
 * baseline in the same run is OFFSET paging of the same page on the same database.
 *
 *   node --import tsx bench/taxii.ts                     1,000,000 objects, 10 s per scenario
 *   node --import tsx bench/taxii.ts --count 100000 --seconds 5
 *   node --import tsx bench/taxii.ts --only "GET objects"      scenarios whose name starts so
 *   node --import tsx bench/taxii.ts --servers 2                two server processes on the same database
 *   BENCH_PROF=/tmp/prof node --import tsx bench/taxii.ts     CPU profile of the server process
 *
 * After Centinela's scenarios, the same run drives the bare ceiling (taxii-bare.ts: node:http and
 * one SQL query, no auth, TLP or versions) with the same generator, processes and pages.
 *
 * Indicators are built from the real ThreatFox IP and URLhaus domain lists in ../shared/data.
 * The server runs in a child process so the load generator does not share its event loop; the
 * generator is raw keep-alive sockets (class Connection) and its CPU share is printed beside the
 * server's, since both run on the same cores.
 *
 * This file holds the scenarios, the baseline and the report, and is also the server child's
 * entry (--serve); the collection and the server child are in taxii-server.ts, the load
 * generator in taxii-load.ts.
 */
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { encodeCursor } from "../src/store/index.js";
import { API_ROOT_PATH } from "../src/taxii/index.js";
import { createCursorSeal, filterKey } from "../src/taxii/query.js";
import { serveBare } from "./taxii-bare.js";
import { type Connection, countObjects, type Load, load, requestBytes } from "./taxii-load.js";
import {
  DATA,
  indicatorRaw,
  indicatorValues,
  loadCollection,
  SHARED,
  serveChild,
  startServer,
} from "./taxii-server.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const count = arg("count", 1_000_000);
  const seconds = arg("seconds", 10);
  const concurrency = arg("concurrency", 16);
  const values = indicatorValues();
  const { token, seconds: loadSeconds } = await loadCollection(count, values);

  // The deep cursor: the position 90% into the collection, sealed as the server would.
  const secret = randomBytes(32);
  const db = new BetterSqlite3(join(DATA, "centinela.db"), { readonly: true });
  const deepRow = db
    .prepare(
      "select date_added, seq from collection_objects where collection_id = 'bench' order by date_added, seq limit 1 offset ?",
    )
    .get(Math.floor(count * 0.9)) as { date_added: string; seq: number };
  const seal = createCursorSeal(secret);
  const deepNext = (versionsKey: string[]) =>
    seal.seal(
      encodeCursor({ dateAdded: deepRow.date_added, seq: deepRow.seq }),
      filterKey({ collectionId: "bench", versions: versionsKey }),
    );

  // Naive baseline: OFFSET paging of the same pages on the same database.
  const offsetPage = db.prepare(
    "select o.raw from collection_objects m join objects o on o.seq = m.seq where m.collection_id = 'bench' order by m.date_added, m.seq limit 100 offset ?",
  );
  const timeOffset = (offset: number) => {
    const t0 = performance.now();
    const reps = offset === 0 ? 200 : 3;
    for (let r = 0; r < reps; r++) offsetPage.all(offset);
    return (performance.now() - t0) / reps;
  };
  const naiveFirst = timeOffset(0);
  const naiveDeep = timeOffset(Math.floor(count * 0.9));
  db.close();

  // `--servers n` runs n server processes on the same database and spreads the connections over
  // them, as n `centinela serve` behind a balancer sharing CENTINELA_CURSOR_SECRET would be.
  const servers = await Promise.all(
    Array.from({ length: arg("servers", 1) }, () => startServer(secret.toString("hex"))),
  );
  const base = `${API_ROOT_PATH}collections/bench/`;
  const get = (path: string, key: string) => {
    const bytes = requestBytes("GET", path, token);
    const needle = Buffer.from(key);
    // Every request of a scenario asks for the same page, so the body of each answer is the same:
    // objects are counted in one answer of 16 and in any answer whose length differs from the
    // last counted one (counting all cost the generator 20 µs per answer).
    let counted = -1;
    let objects = 0;
    let n = 0;
    return async (connection: Connection) => {
      const r = await connection.send(bytes);
      if (r.body.length !== counted || n++ % 16 === 0) {
        objects = countObjects(r.body, needle);
        counted = r.body.length;
      }
      return { status: r.status, objects };
    };
  };
  const results: Array<[string, Load]> = [];
  const only = process.argv.includes("--only") ? (process.argv[process.argv.indexOf("--only") + 1] ?? "") : "";
  const run = async (
    name: string,
    c: number,
    one: (connection: Connection) => Promise<{ status: number; objects: number }>,
    target = servers,
  ) => {
    // The ceiling is not filtered by name: it runs whenever GET objects did (see below).
    if (target === servers && !name.startsWith(only)) return;
    // Warm-up, not counted: both sides' JIT, the statement caches and the connections' first turns.
    await load(target, Math.min(2, seconds), c, one);
    const r = await load(target, seconds, c, one);
    results.push([name, r]);
    process.stderr.write(`${name}: ${Math.round(r.requests / r.seconds)} req/s\n`);
  };
  const objectKey = '"type":"indicator"';
  const manifestKey = '"date_added"';
  const deepQuery = `&next=${encodeURIComponent(deepNext(["last"]))}`;
  await run("GET objects, first page (100)", concurrency, get(`${base}objects/?limit=100`, objectKey));
  await run("GET objects, page at 90% (100)", concurrency, get(`${base}objects/?limit=100${deepQuery}`, objectKey));
  // Reads by id, as OpenCTI and MISP importers fetch them: one indicator per request, cycling
  // through 1,000 ids spread over the whole collection (each answer holds one object).
  const byId = (path: (id: string) => string, key: string) => {
    const needle = Buffer.from(key);
    const requests: Buffer[] = [];
    for (let k = 0; k < 1000; k++) {
      const i = Math.floor(((k + 0.5) * count) / 1000);
      requests.push(requestBytes("GET", path(indicatorRaw(i, 1, values).id), token));
    }
    let n = 0;
    return async (connection: Connection) => {
      const r = await connection.send(requests[n++ % requests.length]!);
      return { status: r.status, objects: countObjects(r.body, needle) };
    };
  };
  await run(
    "GET object by id",
    concurrency,
    byId((id) => `${base}objects/${id}/`, objectKey),
  );
  await run(
    "GET object versions by id",
    concurrency,
    byId((id) => `${base}objects/${id}/versions/`, '"versions"'),
  );
  await run(
    "GET objects ?match[id]=",
    concurrency,
    byId((id) => `${base}objects/?match[id]=${id}`, objectKey),
  );
  await run("GET manifest, first page (100)", concurrency, get(`${base}manifest/?limit=100`, manifestKey));
  await run("GET manifest, page at 90% (100)", concurrency, get(`${base}manifest/?limit=100${deepQuery}`, manifestKey));
  let next = 0;
  const successes = Buffer.from('"success_count":');
  await run("POST envelope (1,000 new objects)", 4, async (connection) => {
    const start = count + 1000 * next++;
    const objects: string[] = [];
    for (let i = start; i < start + 1000; i++) objects.push(indicatorRaw(i, 2, values).raw);
    const body = `{"objects":[${objects.join(",")}]}`;
    const r = await connection.send(requestBytes("POST", `${base}objects/`, token, body));
    const at = r.body.indexOf(successes);
    const ok =
      at < 0 ? null : /^\d+/.exec(r.body.toString("latin1", at + successes.length, at + successes.length + 12));
    return { status: r.status, objects: ok ? Number(ok[0]) : 0 };
  });
  const rss: string[] = [];
  for (const server of servers) rss.push(await server.stop());

  // The ceiling of GET objects, on as many processes, once Centinela's servers have stopped.
  if (!process.argv.includes("--no-bare") && results.some(([name]) => name.startsWith("GET objects"))) {
    const bare = await Promise.all(servers.map(() => startServer("", true)));
    const deepAfter = `&after=${encodeURIComponent(`${deepRow.date_added},${deepRow.seq}`)}`;
    await run("bare ceiling: GET page, first (100)", concurrency, get(`${base}objects/?limit=100`, objectKey), bare);
    await run(
      "bare ceiling: GET page, at 90% (100)",
      concurrency,
      get(`${base}objects/?limit=100${deepAfter}`, objectKey),
      bare,
    );
    for (const server of bare) await server.stop();
  }
  const rows = results.map(
    ([name, r]) =>
      `| ${name} | ${Math.round(r.requests / r.seconds).toLocaleString("en")} | ${Math.round(r.objects / r.seconds).toLocaleString("en")} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${r.serverCpu === null ? "?" : r.serverCpu.toFixed(2)} | ${r.generatorCpu.toFixed(2)} |`,
  );
  console.log(
    `TAXII bench, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), ${Math.round(totalmem() / 2 ** 30)} GiB, SQLite, ${count.toLocaleString("en")} objects, ${servers.length} server process(es), concurrency ${concurrency} (POST 4), ${seconds} s each`,
  );
  console.log(
    `collection loaded in ${loadSeconds.toFixed(1)} s (${Math.round(count / loadSeconds).toLocaleString("en")} objects/s through putObjects)`,
  );
  console.log(
    "| scenario | requests/s | objects/s | p50 ms | p99 ms | errors | server CPU | generator CPU |\n|---|---|---|---|---|---|---|---|",
  );
  console.log(rows.join("\n"));
  console.log(
    `naive baseline, OFFSET paging in SQL alone: first page ${naiveFirst.toFixed(2)} ms, page at 90% ${naiveDeep.toFixed(1)} ms`,
  );
  console.log(
    `server peak RSS ${rss.join(" + ")} MB (${servers.length} server process${servers.length > 1 ? "es" : ""})`,
  );
  rmSync(DATA, { recursive: true, force: true });
}

if (process.argv.includes("--serve")) await serveChild();
else if (process.argv.includes("--serve-bare")) serveBare(DATA);
else if (!existsSync(SHARED)) console.error(`bench/taxii.ts needs the reference data in ${SHARED}`);
else await main();
