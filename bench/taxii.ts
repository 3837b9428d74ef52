/**
 * bench/taxii.ts — the TAXII 2.1 server under HTTP load: GET objects (pages of 100) at the start
 * and deep inside a collection of 1,000,000 objects, GET manifest, and POST envelopes of 1,000
 * objects; requests/s, objects/s, p50/p99 latency and peak memory of the server. The naive
 * baseline in the same run is OFFSET paging of the same page on the same database.
 *
 *   node --import tsx bench/taxii.ts                     1,000,000 objects, 10 s per scenario
 *   node --import tsx bench/taxii.ts --count 100000 --seconds 5
 *   node --import tsx bench/taxii.ts --only "GET objects"      scenarios whose name starts so
 *   node --import tsx bench/taxii.ts --servers 2                two server processes on the same database
 *   BENCH_PROF=/tmp/prof node --import tsx bench/taxii.ts     CPU profile of the server process
 *
 * Indicators are built from the real ThreatFox IP and URLhaus domain lists in ../shared/data.
 * The server runs in a child process so the load generator does not share its event loop; the
 * generator is raw keep-alive sockets (class Connection) and its CPU share is printed beside the
 * server's, since both run on the same cores.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { cpus, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { generateToken, hashPassword, tokenHash } from "../src/access/index.js";
import { TLP_MARKING_IDS } from "../src/stix/index.js";
import { encodeCursor, type ObjectVersionInput, openStore } from "../src/store/index.js";
import { API_ROOT_PATH, createTaxiiServer } from "../src/taxii/index.js";
import { createCursorSeal, filterKey } from "../src/taxii/query.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const DATA = join(ROOT, ".bench-tmp", "taxii");
const SHARED = resolve(ROOT, "..", "shared", "data");
const ACTOR = { userId: null, orgId: null, address: "bench" };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

/** Real indicator values: ThreatFox IPs and URLhaus domains. */
function indicatorValues(): string[] {
  const ips = readFileSync(join(SHARED, "abusech-threatfox", "threatfox-ioc-ips.txt"), "utf8").split("\n");
  const domains = readFileSync(join(SHARED, "abusech-urlhaus", "urlhaus-filter-domains.txt"), "utf8").split("\n");
  return [
    ...ips.filter((l) => /^\d+\.\d+\.\d+\.\d+$/.test(l.trim())).map((ip) => `[ipv4-addr:value = '${ip.trim()}']`),
    ...domains.filter((l) => l && !l.startsWith("#")).map((d) => `[domain-name:value = '${d.trim()}']`),
  ];
}

function uuidOf(i: number, run: number): string {
  const hex = i.toString(16).padStart(12, "0");
  return `${run.toString(16).padStart(8, "0")}-0000-4000-8000-${hex}`;
}

function indicatorRaw(i: number, run: number, values: string[]): { id: string; raw: string } {
  const id = `indicator--${uuidOf(i, run)}`;
  const tlp = i % 10 === 0 ? "amber" : "green";
  const raw = JSON.stringify({
    type: "indicator",
    spec_version: "2.1",
    id,
    created: "2025-07-19T12:00:00.000Z",
    modified: "2025-07-19T12:00:00.000Z",
    name: `abuse.ch indicator ${i}`,
    pattern: values[i % values.length],
    pattern_type: "stix",
    valid_from: "2025-07-19T12:00:00Z",
    object_marking_refs: [TLP_MARKING_IDS[tlp]],
  });
  return { id, raw };
}

/** Child process: serve the store in DATA. */
async function serveChild(): Promise<void> {
  const store = await openStore({ dataDir: DATA });
  const app = await createTaxiiServer({
    store,
    cursorSecret: Buffer.from(process.env.BENCH_SECRET ?? "", "hex"),
    bodyLimit: 64 * 1024 * 1024,
  });
  const address = await app.listen({ host: "127.0.0.1", port: 0 });
  process.stdout.write(`LISTEN ${address}\n`);
  process.on("SIGTERM", async () => {
    process.stdout.write(`RSS ${Math.round(process.resourceUsage().maxRSS / 1024)}\n`);
    await app.close();
    await store.close();
    process.exit(0);
  });
}

/** A server child process serving DATA. */
interface Server {
  port: number;
  pid: number | undefined;
  /** Stops the process; resolves to its peak RSS in MB. */
  stop(): Promise<string>;
}

async function startServer(secretHex: string): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : []),
      "--import",
      "tsx",
      fileURLToPath(import.meta.url),
      "--serve",
    ],
    { env: { ...process.env, BENCH_SECRET: secretHex }, stdio: ["ignore", "pipe", "inherit"] },
  );
  let out = "";
  const port = await new Promise<number>((res) => {
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /LISTEN http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) res(Number(m[1]));
    });
  });
  return {
    port,
    pid: child.pid,
    stop() {
      const exited = new Promise<string>((res) => {
        child.on("exit", () => res(/RSS (\d+)/.exec(out)?.[1] ?? "?"));
      });
      child.kill("SIGTERM");
      return exited;
    },
  };
}

interface Load {
  requests: number;
  objects: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU used by the load generator (this process) and by the server, in cores (CPU s per s). */
  generatorCpu: number;
  serverCpu: number | null;
}

/**
 * Runs `concurrency` request loops for `seconds`, each on its own keep-alive connection; each
 * request returns how many objects it moved. CPU of both sides is measured over the same window.
 */
async function load(
  servers: readonly Server[],
  seconds: number,
  concurrency: number,
  one: (connection: Connection) => Promise<{ status: number; objects: number }>,
): Promise<Load> {
  const latencies: number[] = [];
  let objects = 0;
  let errors = 0;
  const connections = Array.from(
    { length: concurrency },
    (_, i) => new Connection((servers[i % servers.length] as Server).port),
  );
  const serverCpu = () => {
    let total = 0;
    for (const server of servers) {
      const used = cpuSecondsOf(server.pid);
      if (used === null) return null;
      total += used;
    }
    return total;
  };
  const serverBefore = serverCpu();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const until = started + seconds * 1000;
  await Promise.all(
    connections.map(async (connection) => {
      while (performance.now() < until) {
        const t0 = performance.now();
        const r = await one(connection);
        latencies.push(performance.now() - t0);
        if (r.status >= 400) errors++;
        objects += r.objects;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const serverAfter = serverCpu();
  for (const c of connections) c.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? 0;
  return {
    requests: latencies.length,
    objects,
    seconds: elapsed,
    p50: q(0.5),
    p99: q(0.99),
    errors,
    generatorCpu: (cpu.user + cpu.system) / 1e6 / elapsed,
    serverCpu: serverBefore === null || serverAfter === null ? null : (serverAfter - serverBefore) / elapsed,
  };
}

/** One HTTP/1.1 response as the load generator sees it: status and body bytes. */
interface Answer {
  status: number;
  body: Buffer;
}

const HEADER_END = Buffer.from("\r\n\r\n");
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

/**
 * A keep-alive HTTP/1.1 connection with one request in flight, written for a cheap load
 * generator: requests are prebuilt bytes, a response is found by its content-length (the server
 * always sends one), and nothing is decoded but the status line and that header. node:http's
 * client cost the generator about as much CPU as the server it measured, on the same two cores.
 */
class Connection {
  private readonly socket: Socket;
  private chunks: Buffer[] = [];
  private size = 0;
  /** Bytes of the response in flight (headers and body), or -1 before its first chunk. */
  private expected = -1;
  private bodyStart = 0;
  private status = 0;
  private waiting: ((answer: Answer) => void) | null = null;
  private failed: ((error: Error) => void) | null = null;

  constructor(port: number) {
    this.socket = connect({ host: "127.0.0.1", port, noDelay: true });
    this.socket.on("data", (chunk: Buffer) => this.receive(chunk));
    this.socket.on("error", (error) => this.failed?.(error));
  }

  send(request: Buffer): Promise<Answer> {
    return new Promise((resolvePromise, reject) => {
      this.waiting = resolvePromise;
      this.failed = reject;
      this.socket.write(request);
    });
  }

  private receive(chunk: Buffer): void {
    if (this.expected < 0) {
      // The status line and headers come in the first chunk (they are a few hundred bytes).
      const end = chunk.indexOf(HEADER_END);
      const length = end < 0 ? null : CONTENT_LENGTH.exec(chunk.toString("latin1", 0, end));
      if (!length) throw new Error("bench: response without content-length in its first chunk");
      this.status = Number(chunk.toString("latin1", 9, 12));
      this.expected = end + 4 + Number(length[1]);
      this.bodyStart = end + 4;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size < this.expected) return;
    const data = this.chunks.length === 1 ? chunk : Buffer.concat(this.chunks, this.size);
    const answer = { status: this.status, body: data.subarray(this.bodyStart, this.expected) };
    this.chunks = [];
    this.size = 0;
    this.expected = -1;
    const done = this.waiting;
    this.waiting = null;
    done?.(answer);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** The bytes of one request: a TAXII GET or POST with a Bearer token. */
function requestBytes(method: string, path: string, token: string, body?: string): Buffer {
  const head =
    `${method} ${path} HTTP/1.1\r\nhost: 127.0.0.1\r\naccept: application/taxii+json;version=2.1\r\n` +
    `authorization: Bearer ${token}\r\n`;
  if (body === undefined) return Buffer.from(`${head}\r\n`, "latin1");
  const payload = Buffer.from(body, "utf8");
  return Buffer.concat([
    Buffer.from(
      `${head}content-type: application/taxii+json;version=2.1\r\ncontent-length: ${payload.length}\r\n\r\n`,
      "latin1",
    ),
    payload,
  ]);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); null elsewhere. */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 14 and 15 of stat(5) (utime, stime) in clock ticks, 100 per second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

function countObjects(body: Buffer, key: Buffer): number {
  let n = 0;
  for (let i = body.indexOf(key); i >= 0; i = body.indexOf(key, i + key.length)) n++;
  return n;
}

async function main(): Promise<void> {
  const count = arg("count", 1_000_000);
  const seconds = arg("seconds", 10);
  const concurrency = arg("concurrency", 16);
  const values = indicatorValues();
  rmSync(DATA, { recursive: true, force: true });

  // Load the collection through the store's write path (ingest validation is measured by the POST scenario).
  const store = await openStore({ dataDir: DATA });
  const org = await store.directory.createOrganization(ACTOR, "bench");
  const user = await store.directory.createUser(ACTOR, {
    username: "bench",
    orgId: org.id,
    role: "analyst",
    passwordHash: await hashPassword("bench"),
  });
  const token = generateToken();
  await store.directory.createToken(ACTOR, {
    userId: user.id,
    tokenHash: tokenHash(token),
    name: "bench",
    expires: null,
  });
  await store.directory.createCollection(ACTOR, { id: "bench", title: "bench", description: null });
  await store.directory.setGrant(ACTOR, { collectionId: "bench", orgId: org.id, read: true, write: true });
  const loadStart = performance.now();
  for (let from = 0; from < count; from += 10_000) {
    const batch: ObjectVersionInput[] = [];
    for (let i = from; i < Math.min(count, from + 10_000); i++) {
      const { id, raw } = indicatorRaw(i, 1, values);
      batch.push({
        id,
        type: "indicator",
        specVersion: "2.1",
        created: "2025-07-19T12:00:00.000Z",
        versionKey: "2025-07-19T12:00:00.000Z",
        raw,
        tlp: i % 10 === 0 ? "amber" : "green",
        revoked: false,
        collectionId: "bench",
      });
    }
    await store.putObjects({ orgId: org.id, userId: user.id, source: "bench" }, batch);
  }
  const loadSeconds = (performance.now() - loadStart) / 1000;
  await store.close();

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
  ) => {
    if (!name.startsWith(only)) return;
    const r = await load(servers, seconds, c, one);
    results.push([name, r]);
    process.stderr.write(`${name}: ${Math.round(r.requests / r.seconds)} req/s\n`);
  };
  const objectKey = '"type":"indicator"';
  const manifestKey = '"date_added"';
  const deepQuery = `&next=${encodeURIComponent(deepNext(["last"]))}`;
  await run("GET objects, first page (100)", concurrency, get(`${base}objects/?limit=100`, objectKey));
  await run("GET objects, page at 90% (100)", concurrency, get(`${base}objects/?limit=100${deepQuery}`, objectKey));
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
else if (!existsSync(SHARED)) console.error(`bench/taxii.ts needs the reference data in ${SHARED}`);
else await main();
