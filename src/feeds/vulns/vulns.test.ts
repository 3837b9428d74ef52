import assert from "node:assert/strict";
import { copyFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { openStore } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { syncVulns } from "../../vulns/index.js";
import { connectorCases } from "../connector-cases.js";
import { serveFolder } from "../folder-server.fixture.js";
import { KEV_CONNECTOR } from "../kev/index.js";
import { runFeed } from "../run-feed.js";

/**
 * The kev, nvd and epss kinds on the real KEV catalog and NVD records of ../shared/data (EPSS is
 * not there: a small gzipped score file made here), served by a real HTTP server or read from a
 * folder, through the shared connector cases; and proof that `feeds sync` and `vulns sync` are
 * one path (the same records, each unchanged when loaded by the other).
 */

const ctx = { orgId: null, userId: null, source: "feed:test" };

async function tempCopy(from: string, name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-vulns-feed-"));
  await cp(from, join(dir, name), { recursive: true });
  return dir;
}

connectorCases({
  kind: "kev",
  async remote(t) {
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    if (!kev) return null;
    const dir = await tempCopy(kev, "kev.json");
    const file = join(dir, "kev.json");
    const good = await readFile(file, "utf8");
    const server = await serveFolder(dir);
    return {
      source: `${server.url}kev.json`,
      pages: 1,
      records: (JSON.parse(good) as { vulnerabilities: unknown[] }).vulnerabilities.length,
      stored: async (store) => (await store.inventory.countVulnRecords()).kev,
      breakPage: () => writeFile(file, good.replace('"cveID": "CVE-2025-48384"', '"cveID": "CVE-BROKEN"')),
      repairPage: () => writeFile(file, good),
      badPage: /kev\.json CVE-BROKEN: KEV_BAD_ENTRY .*(not a CVE id|no es un id de CVE)/,
      async dispose() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

connectorCases({
  kind: "nvd",
  async remote(t) {
    const nvd = sharedData(t, "cve-records-kev/nvd-api-2.0");
    if (!nvd) return null;
    const dir = await tempCopy(nvd, "nvd");
    const folder = join(dir, "nvd");
    const files = (await readdir(folder)).filter((f) => f.endsWith(".json")).sort();
    const victim = join(folder, files[1] as string);
    const good = await readFile(victim);
    return {
      source: folder,
      pages: files.length,
      records: files.length,
      stored: async (store) => (await store.inventory.countVulnRecords()).nvd,
      breakPage: () => writeFile(victim, "<html>not a record</html>"),
      repairPage: () => writeFile(victim, good),
      badPage: new RegExp(`${files[1]?.replace(".", "\\.")}: NVD_BAD_JSON`),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  },
});

const EPSS =
  "#model_version:v2023.03.01,score_date:2024-10-20T00:00:00+0000\n" +
  "cve,epss,percentile\n" +
  "CVE-2023-4966,0.97,0.999\n" +
  "CVE-2021-44228,0.975,1.0\n" +
  "CVE-2024-0001,0.2,0.5\n";

connectorCases({
  kind: "epss",
  async remote() {
    const dir = await mkdtemp(join(tmpdir(), "centinela-epss-feed-"));
    const file = join(dir, "epss.csv.gz");
    await writeFile(file, gzipSync(EPSS));
    const server = await serveFolder(dir);
    return {
      source: `${server.url}epss.csv.gz`,
      pages: 1,
      records: 3,
      stored: async (store) => (await store.inventory.countVulnRecords()).epss,
      breakPage: () => writeFile(file, gzipSync(EPSS.replace("CVE-2024-0001,0.2", "CVE-2024-0001,1.7"))),
      repairPage: () => writeFile(file, gzipSync(EPSS)),
      badPage: /epss\.csv\.gz:5 CVE-2024-0001: EPSS_BAD_ROW/,
      async dispose() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

describe("feeds sync and vulns sync are one path", () => {
  it("loads the same KEV records: what one stored, the other finds unchanged", async (t) => {
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    if (!kev) return;
    const dir = await mkdtemp(join(tmpdir(), "centinela-one-path-"));
    await copyFile(kev, join(dir, "kev.json"));
    const store = await openStore({ dataDir: join(dir, "data") });
    t.after(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const config = KEV_CONNECTOR.configure({ source: join(dir, "kev.json"), options: {}, username: null });
    const cli = { userId: null, orgId: null, address: "test" };
    const feed = await store.directory.addFeed(cli, {
      id: "kev",
      kind: "kev",
      config: { ...config },
      secret: null,
      everySeconds: null,
    });
    const pulled = await runFeed(store, feed, { ctx });
    assert.equal(pulled.counts.new, 1404);
    const direct = await syncVulns(store, { kev: join(dir, "kev.json") });
    assert.deepEqual([direct.kev?.new, direct.kev?.updated, direct.kev?.unchanged], [0, 0, 1404]);
  });
});
