/**
 * bench/misp-feed.ts — the served MISP feed (/api/v1/misp/feed/) pulled as MISP pulls it: the
 * manifest, hashes.csv, then every event. The store holds the real ThreatFox list of
 * ../shared/data (19,863 indicators, written as catch-all events of up to 10,000 attributes).
 * In the same run: the naive baseline builds the feed for each request, as the route did before
 * its cache; the route keeps it per reader and store generation. Then one write, and the next
 * pull builds it again once.
 *
 *   node --import tsx bench/misp-feed.ts [--pulls 5]
 */
import { createReadStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { cpus, loadavg, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { generateToken, tokenHash } from "../src/access/index.js";
import { apiPlugin } from "../src/api/index.js";
import { BUILT_IN_MAPPINGS, importList } from "../src/feeds/list/index.js";
import { buildMispFeed, mispFeedFiles, storeFeedSource } from "../src/feeds/misp/index.js";
import { createServer } from "../src/server/index.js";
import { openStore } from "../src/store/index.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const DATA = process.env.CENTINELA_SHARED_DATA ?? resolve(ROOT, "..", "shared", "data");
const PULLS = Number(process.argv[process.argv.indexOf("--pulls") + 1] || 5);
const CLI = { userId: null, orgId: null, address: "bench" };

const dir = await mkdtemp(join(tmpdir(), "centinela-bench-misp-"));
const store = await openStore({ dataDir: dir });
try {
  const file = join(DATA, "abusech-threatfox", "threatfox-ioc-ips.txt");
  const mapping = BUILT_IN_MAPPINGS.threatfox;
  if (!mapping) throw new Error("no threatfox mapping");
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  const imported = await importList(store, lines, {
    mapping,
    file,
    tlp: "clear",
    ctx: { orgId: null, userId: null, source: "bench" },
    reader: { kind: "system", orgId: null, userId: null },
    collectionId: null,
  });
  const org = await store.directory.createOrganization(CLI, "Bench");
  const user = await store.directory.createUser(CLI, {
    username: "misp",
    orgId: org.id,
    role: "reader",
    passwordHash: null,
  });
  const token = generateToken();
  await store.directory.createToken(CLI, { userId: user.id, tokenHash: tokenHash(token), name: "b", expires: null });
  const reader = { kind: "member" as const, orgId: org.id, userId: user.id };
  const app = await createServer({ store, plugins: [apiPlugin({ store })] });

  const names = [...mispFeedFiles((await buildMispFeed(storeFeedSource(store, reader))).events).keys()];
  const order = ["manifest.json", "hashes.csv", ...names.filter((n) => n !== "manifest.json" && n !== "hashes.csv")];
  const naive = async (): Promise<number> => {
    let bytes = 0;
    for (const name of order) {
      const files = mispFeedFiles((await buildMispFeed(storeFeedSource(store, reader))).events);
      bytes += (files.get(name) ?? "").length;
    }
    return bytes;
  };
  const served = async (): Promise<number> => {
    let bytes = 0;
    for (const name of order) {
      const r = await app.inject({
        method: "GET",
        url: `/api/v1/misp/feed/${name}`,
        headers: { authorization: `Bearer ${token}` },
      });
      if (r.statusCode !== 200) throw new Error(`${name}: ${r.statusCode}`);
      bytes += r.body.length;
    }
    return bytes;
  };
  const time = async (label: string, pull: () => Promise<number>, n: number): Promise<number[]> => {
    const ms: number[] = [];
    for (let i = 0; i < n; i++) {
      const start = performance.now();
      const bytes = await pull();
      ms.push(performance.now() - start);
      if (i === 0) console.log(`${label}: ${order.length} requests a pull, ${(bytes / 1e6).toFixed(1)} MB`);
    }
    const sorted = [...ms].sort((a, b) => a - b);
    console.log(
      `${label}: ${n} pulls, median ${sorted[Math.floor(n / 2)]?.toFixed(0)} ms, max ${sorted[n - 1]?.toFixed(0)} ms a pull`,
    );
    return ms;
  };
  console.log(
    `${imported.added} indicators (ThreatFox), ${order.length - 2} events; ${cpus().length} CPUs, load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const before = await time("naive (built per request)", naive, PULLS);
  const first = await time("cached, first pull (builds once)", served, 1);
  const after = await time("cached, later pulls", served, PULLS);
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  console.log(`speed-up of a later pull: ${(median(before) / median(after)).toFixed(0)}×`);
  await store.directory.appendAudit(CLI, "bench.write", "store", {});
  await time("after a write (builds once again)", served, 1);
  console.log(`first cached pull vs naive: ${(first[0] ?? 0).toFixed(0)} ms vs ${median(before).toFixed(0)} ms`);
  console.log(`peak RSS ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`);
  await app.close();
} finally {
  await store.close();
  await rm(dir, { recursive: true, force: true });
}
