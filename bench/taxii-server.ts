/**
 * bench/taxii-server.ts — the server side of the TAXII bench (bench/taxii.ts): the collection of
 * indicators it serves, built in DATA from the real ThreatFox IP and URLhaus domain lists, and the
 * server child process serving it, started by the bench and stopped with its peak RSS.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateToken, hashPassword, tokenHash } from "../src/access/index.js";
import { createServer, defaultPlugins } from "../src/server/index.js";
import { TLP_MARKING_IDS } from "../src/stix/index.js";
import { type ObjectVersionInput, openStore } from "../src/store/index.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
/** The bench's data directory: the store the server child serves. */
export const DATA = join(ROOT, ".bench-tmp", "taxii");
/** The reference data the indicators are built from. */
export const SHARED = resolve(ROOT, "..", "shared", "data");
/** The script a server child runs: the bench's entry, which calls serveChild() when given --serve. */
const ENTRY = fileURLToPath(new URL("taxii.ts", import.meta.url));
const ACTOR = { userId: null, orgId: null, address: "bench" };

/** Real indicator values: ThreatFox IPs and URLhaus domains. */
export function indicatorValues(): string[] {
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

/** Indicator `i` of run `run` as STIX JSON, its pattern taken from `values`; every tenth is TLP:AMBER. */
export function indicatorRaw(i: number, run: number, values: string[]): { id: string; raw: string } {
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

/**
 * Builds DATA afresh: an organization with a user and a Bearer token that may read and write the
 * collection "bench", and `count` indicators (run 1) in it. Resolves to the token and the seconds
 * the objects took to load.
 */
export async function loadCollection(count: number, values: string[]): Promise<{ token: string; seconds: number }> {
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
  return { token, seconds: loadSeconds };
}

/** Child process: serve the store in DATA. */
export async function serveChild(): Promise<void> {
  const store = await openStore({ dataDir: DATA });
  const app = await createServer({
    store,
    plugins: defaultPlugins({ store, cursorSecret: Buffer.from(process.env.BENCH_SECRET ?? "", "hex") }),
    bodyLimit: 64 * 1024 * 1024,
    // The bench is the load: the default limits would answer most of it 429.
    rateLimit: { perPrincipal: 0, perAddress: 0 },
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
export interface Server {
  port: number;
  pid: number | undefined;
  /** Stops the process; resolves to its peak RSS in MB. */
  stop(): Promise<string>;
}

/**
 * Starts a server child on DATA with the cursor secret `secretHex`; resolves once it listens.
 * `bare` starts the ceiling server of taxii-bare.ts instead of Centinela's.
 */
export async function startServer(secretHex: string, bare = false): Promise<Server> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROF] : []),
      "--import",
      "tsx",
      ENTRY,
      bare ? "--serve-bare" : "--serve",
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
