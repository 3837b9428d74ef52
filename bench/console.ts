/// <reference lib="dom" />
/**
 * bench/console.ts — the web console's speed on a big store (issue #13 item 5), measured in
 * Debian's Chromium with the page's own performance timings.
 *
 *   node --import tsx bench/console.ts                               1,000,000 indicators, 100,000 assets, 10 runs each
 *   node --import tsx bench/console.ts --indicators 100000 --assets 10000 --runs 5
 *   node --import tsx bench/console.ts --keep DIR                    build the store in DIR once, reuse it next time
 *
 * The store (SQLite, a temporary folder unless --keep) is filled through the same paths as
 * `centinela import` and `centinela assets import`: real indicators from ../shared/data
 * (IPsum, ThreatFox, URLhaus) and generated ones up to --indicators, the ATT&CK bundle, CISA KEV
 * and the NVD records, and --assets assets in 21 organizations (CSV template rows: addresses,
 * vendors — some designated — and CPEs, some naming KEV products). Then the real `centinela
 * serve` runs on it and Chromium signs in and measures, `--runs` times each:
 *
 * - Panorama: navigation start to the cards and the 32 states of the map drawn, and to the first
 *   task that runs after that (the page answers input);
 * - Inteligencia: submit to results shown, searching an IP and a domain from the real lists;
 * - Activos: navigation start to the first page of assets shown.
 *
 * The sign-in's landing on the Panorama is timed once apart. Each run also changes one asset
 * (through the store, as the API's PATCH does) and times the Panorama right after, the first
 * visit after a write.
 *
 * Beside each, a naive baseline on the same database in the same run: the search as a full scan
 * (`raw LIKE '%value%'`), the Panorama and the list as a fetch of the whole inventory tables.
 * The machine is shared: compare ratios within a run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { importInventory, readInventoryFile } from "../src/assets/index.js";
import { CHROMIUM, CHROMIUM_FLAGS as FLAGS } from "../src/console/browser.fixture.js";
import { importItems } from "../src/ingest/index.js";
import { bootstrapStore, DEFAULT_COLLECTION_ID } from "../src/server/index.js";
import { openSource } from "../src/sources/index.js";
import { readStixStream, type StixStreamItem } from "../src/stix/index.js";
import { type Actor, ALL_ORGS, openStore, type Store } from "../src/store/index.js";
import { refreshExposure, syncVulns } from "../src/vulns/index.js";
import { randomLikeUuid } from "./import-bare.js";

const ROOT = resolve(fileURLToPath(import.meta.url), "..", "..");
const DATA = process.env.CENTINELA_SHARED_DATA ?? resolve(ROOT, "..", "shared", "data");
const BIN = join(ROOT, "bin", "centinela.js");
const PASSWORD = "contraseña-del-banco-de-pruebas";
const ACTOR: Actor = { userId: null, orgId: null, address: "bench" };

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
function textArg(name: string): string | null {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? null) : null;
}

const INDICATORS = arg("indicators", 1_000_000);
const ASSETS = arg("assets", 100_000);
const RUNS = arg("runs", 10);
const NAIVE_RUNS = arg("naive-runs", 3);

const printed = new Map<string, number>();
/** One line per tenth of `total` (on a terminal, one line redrawn). */
function progress(label: string, done: number, total: number): void {
  const tenth = Math.floor((10 * Math.min(done, total)) / Math.max(1, total));
  if (!process.stderr.isTTY && printed.get(label) === tenth) return;
  printed.set(label, tenth);
  const line = `${label}: ${done.toLocaleString("en-US")} / ${total.toLocaleString("en-US")}`;
  if (process.stderr.isTTY) process.stderr.write(`\r${line}${done >= total ? "\n" : ""}`);
  else process.stderr.write(`${line}\n`);
}

/** Non-comment first fields of a list file (IPsum has "IP<TAB>count"). */
function listValues(file: string): string[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .map((l) => l.trim().split(/\s+/)[0] ?? "")
    .filter((l) => l !== "" && !l.startsWith("#"));
}

/** A small seeded PRNG (mulberry32), so every run builds the same store. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RealValues {
  ips: string[];
  domains: string[];
}

function realValues(): RealValues {
  // URLhaus's domain list is mostly IP addresses: those count as IPs.
  const urlhaus = listValues(join(DATA, "abusech-urlhaus", "urlhaus-filter-domains.txt"));
  const ip = (v: string) => /^\d+\.\d+\.\d+\.\d+$/.test(v);
  const ips = [
    ...new Set([
      ...listValues(join(DATA, "ipsum", "ipsum.txt")),
      ...listValues(join(DATA, "abusech-threatfox", "threatfox-ioc-ips.txt")),
      ...urlhaus,
    ]),
  ].filter(ip);
  const domains = [...new Set(urlhaus)].filter((v) => !ip(v) && /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(v));
  return { ips, domains };
}

/** `count` indicators: the real values first, then generated ones of four pattern shapes. */
async function* indicators(real: RealValues, count: number): AsyncGenerator<StixStreamItem> {
  // Domains first (they are few), so a smaller --indicators still holds the searched values.
  const realPatterns = [
    ...real.domains.map((v) => ({ pattern: `[domain-name:value = '${v}']`, name: `Domain ${v}` })),
    ...real.ips.map((v) => ({ pattern: `[ipv4-addr:value = '${v}']`, name: `IP ${v}` })),
  ];
  for (let i = 0; i < count; i++) {
    let pattern: string;
    let name: string;
    const known = realPatterns[i];
    if (known) ({ pattern, name } = known);
    else {
      const hex = i.toString(16).padStart(12, "0");
      const a = (i >>> 16) & 255;
      const b = (i >>> 8) & 255;
      const c = i & 255;
      pattern =
        i % 4 === 0
          ? `[ipv4-addr:value = '10.${a}.${b}.${c}']`
          : i % 4 === 1
            ? `[domain-name:value = 'host-${hex}.example.net']`
            : i % 4 === 2
              ? `[file:hashes.'SHA-256' = '${hex.repeat(5).slice(0, 52)}${hex}']`
              : `[url:value = 'http://bad-${hex}.example.org/payload']`;
      name = `Generated indicator ${i}`;
    }
    const raw = JSON.stringify({
      type: "indicator",
      spec_version: "2.1",
      id: `indicator--${randomLikeUuid(i)}`,
      created: "2026-01-01T00:00:00.000Z",
      modified: "2026-01-01T00:00:00.000Z",
      name,
      indicator_types: ["malicious-activity"],
      pattern,
      pattern_type: "stix",
      valid_from: "2026-01-01T00:00:00Z",
      object_marking_refs: ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
    });
    yield { kind: "object", raw, index: i, offset: 0, line: 0 };
  }
}

async function importObjects(store: Store, label: string, items: AsyncIterable<StixStreamItem>, total: number) {
  const started = performance.now();
  const summary = await importItems(store, items, {
    ctx: { orgId: null, userId: null, source: "bench" },
    source: label,
    collectionId: DEFAULT_COLLECTION_ID,
    onProgress: (p) => progress(label, p.read, total),
  });
  progress(label, total, total);
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(
    `${label}: ${summary.new} new, ${summary.rejected} rejected in ${seconds.toFixed(1)} s (${Math.round(summary.read / seconds)} objects/s)\n`,
  );
  return { ...summary, seconds };
}

const STATES = ["MX-CMX", "MX-JAL", "MX-NLE", "MX-MEX", "MX-VER", "MX-PUE", "MX-GUA", "MX-CHH", "MX-SON", "MX-YUC"];
const SECTORS = ["energy", "telecommunications", "water", "finance", "health", "government", "transport"];
const VENDORS = ["Cisco", "Siemens", "Schneider Electric", "Dell", "HP", "Fortinet", "Microsoft", "Juniper"];
const DESIGNATED = ["Huawei", "Hikvision", "Dahua", "ZTE"];

/** CPEs of products the NVD records name (with a version when the criterion has none), and KEV's. */
function cpePool(): string[] {
  const dir = join(DATA, "cve-records-kev", "nvd-api-2.0");
  const out = new Set<string>();
  for (const f of readdirSync(dir)) {
    for (const m of readFileSync(join(dir, f), "utf8").matchAll(/"criteria":\s*"(cpe:2\.3:[^"]+)"/g)) {
      const cpe = JSON.parse(`"${m[1]}"`) as string;
      // An escaped colon would need the CPE parser to split: such names are left out.
      if (cpe.includes("\\")) continue;
      const parts = cpe.split(":");
      if (parts[5] === "*") parts[5] = "1.0";
      out.add(parts.join(":"));
    }
  }
  return [...out];
}

/** `count` assets in the admin's organization and 20 others, through the CSV template import. */
async function fillInventory(store: Store, adminOrg: { id: string; name: string }, count: number) {
  const random = rng(20261204);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const pool = cpePool();
  const orgs = [adminOrg];
  for (let i = 0; i < 20; i++) {
    const name = `Organización ${i + 1}`;
    orgs.push(
      (await store.directory.findOrganization(name)) ?? (await store.directory.createOrganization(ACTOR, name)),
    );
  }
  for (const [i, org] of orgs.entries()) {
    await store.inventory.setOrgProfile(ACTOR, {
      orgId: org.id,
      sector: SECTORS[i % SECTORS.length] as string,
      state: STATES[i % STATES.length] as string,
      tlp: "amber",
    } as Parameters<Store["inventory"]["setOrgProfile"]>[1]);
  }
  const started = performance.now();
  let done = 0;
  const header = "name,organization,site,ip,mac,hostname,role,criticality,internet_exposed,owner,vendor,cpe,purl";
  for (const [o, org] of orgs.entries()) {
    const share = Math.floor(count / orgs.length) + (o < count % orgs.length ? 1 : 0);
    const rows = [header];
    for (let i = 0; i < share; i++) {
      const n = done + i;
      const designated = random() < 0.03;
      const vendor = designated ? pick(DESIGNATED) : pick(VENDORS);
      const cpes = [
        `cpe:2.3:a:vendor${Math.floor(random() * 2000)}:product${Math.floor(random() * 50)}:${Math.floor(random() * 20)}.0:*:*:*:*:*:*:*`,
      ];
      if (random() < 0.1) cpes.push(pick(pool));
      const role = designated ? pick(["camera", "network-edge", "radio"]) : pick(["server", "workstation", "iot"]);
      rows.push(
        [
          `equipo-${n}`,
          "",
          "",
          `172.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`,
          "",
          `equipo-${n}.interno.mx`,
          role,
          pick(["low", "medium", "high", "critical"]),
          random() < 0.1 ? "yes" : "no",
          "",
          vendor,
          cpes.join(";"),
          "",
        ].join(","),
      );
    }
    const read = readInventoryFile(rows.join("\n"), { input: `bench-${o}.csv` });
    if (read.problems.length > 0)
      throw new Error(`bench inventory: ${read.problems.length} rows refused, first: ${read.problems[0]?.message}`);
    const base = done;
    await importInventory(store, ACTOR, ALL_ORGS, org, read, (d) => progress("assets", base + d, count));
    done += share;
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`assets: ${count} in ${orgs.length} organizations in ${seconds.toFixed(1)} s\n`);
  return { seconds, organizations: orgs.length };
}

/**
 * Builds the store in `dir`: admin, objects, vulnerability data, inventory. Each part already
 * there (a --keep folder whose build was stopped) is kept, so a build resumes where it ended.
 */
async function buildStore(dir: string, real: RealValues) {
  const store = await openStore({ dataDir: dir });
  try {
    await bootstrapStore(store, PASSWORD);
    const admin = await store.directory.findOrganization("local");
    if (!admin) throw new Error("bench: bootstrap made no local organization");
    const built: Record<string, number> = {};
    const db = new BetterSqlite3(join(dir, "centinela.db"), { readonly: true });
    const count = (q: string) => (db.prepare(q).get() as { n: number }).n;
    const have = {
      indicators: count("select count(*) as n from objects where type = 'indicator'"),
      attack: count("select count(*) as n from objects where type = 'attack-pattern'"),
      vulns: count("select count(*) as n from vuln_records"),
      assets: count("select count(*) as n from inv_assets"),
    };
    db.close();
    if (have.indicators < INDICATORS)
      built.indicatorsSeconds = (
        await importObjects(store, "indicators", indicators(real, INDICATORS), INDICATORS)
      ).seconds;
    if (have.attack === 0) {
      const attackFiles = readdirSync(join(DATA, "mitre-attack")).filter((f) => /\.json(\.gz)?$/.test(f));
      let attack = 0;
      for (const f of attackFiles) {
        const input = await openSource(join(DATA, "mitre-attack", f));
        const s = await importObjects(store, `ATT&CK ${f}`, readStixStream(input.stream), 25_000);
        attack += s.new + s.unchanged + s.newVersion;
      }
      built.attackObjects = attack;
    }
    if (have.vulns === 0)
      await syncVulns(store, {
        kev: join(DATA, "cisa-kev", "known_exploited_vulnerabilities.json"),
        nvd: join(DATA, "cve-records-kev", "nvd-api-2.0"),
      });
    if (have.assets === 0) built.assetsSeconds = (await fillInventory(store, admin, ASSETS)).seconds;
    // As `centinela assets import` and `vulns sync` end: the exposure lines of what changed derived.
    const refreshStarted = performance.now();
    const refreshed = await refreshExposure(store);
    if (refreshed.derived > 0) built.exposureLinesSeconds = (performance.now() - refreshStarted) / 1000;
    return built;
  } finally {
    await store.close();
  }
}

function serve(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.CENTINELA_DB;
  delete env.CENTINELA_DATA;
  const child = spawn(
    process.execPath,
    [BIN, "serve", "--port", "0", "--data", dir, "--rate-limit", "off", "--address-rate-limit", "off"],
    { cwd: ROOT, env, stdio: ["ignore", "ignore", "pipe"] },
  );
  let err = "";
  return new Promise((res, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const m = /(?:web console at|consola web en) (http:\/\/\S+?)\/?\n/.exec(err);
      if (m) res({ child, url: m[1] as string });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

/** VmRSS and VmHWM (peak) of a process, MB. */
function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rssMb: Math.round(kb("VmRSS") / 1024), peakMb: Math.round(kb("VmHWM") / 1024) };
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
}
function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1] ?? Number.NaN };
}

/**
 * Put in every page before its scripts: on the Panorama and Activos, watches the document and
 * records (performance.now(), from navigation start) when the content is drawn and when the first
 * task queued after that runs.
 */
function pageProbe(): void {
  const w = window as unknown as { __bench: { shown?: number; responds?: number; done: Promise<void> } };
  let finish = () => {};
  w.__bench = { done: new Promise<void>((r) => (finish = r)) };
  const drawn = (): boolean => {
    const path = location.pathname;
    if (path === "/")
      return (
        document.querySelector("ul.cards .value") !== null &&
        document.querySelectorAll("figure.map svg path.state").length >= 32
      );
    if (path === "/activos") return document.querySelector("section[aria-labelledby=assets-h] tbody tr") !== null;
    return false;
  };
  const check = () => {
    if (w.__bench.shown !== undefined || !drawn()) return;
    w.__bench.shown = performance.now();
    observer.disconnect();
    setTimeout(() => {
      w.__bench.responds = performance.now();
      finish();
    }, 0);
  };
  const observer = new MutationObserver(check);
  const start = () => observer.observe(document.documentElement, { childList: true, subtree: true, attributes: true });
  if (document.documentElement) start();
  else document.addEventListener("readystatechange", start, { once: true });
}

type Page = import("playwright-core").Page;

/** Navigates to `path` and answers when its content is drawn and when the page responds, ms. */
async function timeNavigation(page: Page, base: string, path: string) {
  await page.goto(`${base}${path}`, { waitUntil: "domcontentloaded" });
  return page.evaluate(async () => {
    const b = (window as unknown as { __bench: { shown: number; responds: number; done: Promise<void> } }).__bench;
    await b.done;
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const api = performance
      .getEntriesByType("resource")
      .filter((e) => e.name.includes("/api/v1/"))
      .map((e) => ({ name: new URL(e.name).pathname, ms: e.duration }));
    return {
      shown: b.shown,
      responds: b.responds,
      domContentLoaded: nav?.domContentLoadedEventEnd ?? 0,
      api,
      heapMb:
        ((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0) / 2 ** 20,
    };
  });
}

/** On /inteligencia: types `q`, submits, and answers the ms from submit to the results shown. */
async function timeSearch(page: Page, base: string, q: string) {
  await page.goto(`${base}/inteligencia`);
  await page.locator("#intel-q").fill(q);
  return page.evaluate(async (value) => {
    const shown = () =>
      Array.from(document.querySelectorAll("p[role=status]")).some((p) => p.textContent?.includes(`«${value}»`));
    const t0 = performance.now();
    const done = new Promise<number>((res) => {
      const observer = new MutationObserver(() => {
        if (!shown()) return;
        observer.disconnect();
        res(performance.now());
      });
      observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    (document.querySelector("form.search button[type=submit]") as HTMLButtonElement).click();
    const t1 = await done;
    const rows = document.querySelectorAll("table tbody tr").length;
    const api = performance
      .getEntriesByType("resource")
      .filter((e) => e.name.includes("/api/v1/intel/search"))
      .map((e) => e.duration)
      .pop();
    return { ms: t1 - t0, rows, apiMs: api ?? Number.NaN };
  }, q);
}

function timeSql(db: BetterSqlite3.Database, sqlText: string, params: unknown[], runs: number): number[] {
  const stmt = db.prepare(sqlText);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    stmt.all(...params);
    out.push(performance.now() - t0);
  }
  return out;
}

function fmt(s: Stats): string {
  return `${s.p50.toFixed(0)} | ${s.p95.toFixed(0)} | ${s.max.toFixed(0)}`;
}

async function main(): Promise<void> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is not installed (apt-get install -y chromium)`);
  if (!existsSync(join(ROOT, "web", "dist", "index.html")))
    throw new Error("the console is not built: npm run build -w web");
  const real = realValues();
  const keep = textArg("keep");
  const dir = keep ? resolve(keep) : mkdtempSync(join(tmpdir(), "centinela-console-bench-"));
  let built: Record<string, number> = {};
  const buildStarted = performance.now();
  mkdirSync(dir, { recursive: true });
  process.stderr.write(
    `building the store in ${dir}: ${INDICATORS.toLocaleString("en-US")} indicators (${real.ips.length} real IPs, ${real.domains.length} real domains), ATT&CK, KEV, ${ASSETS.toLocaleString("en-US")} assets (what it already holds is kept)\n`,
  );
  built = await buildStore(dir, real);
  const buildSeconds = (performance.now() - buildStarted) / 1000;
  const builderPeakMb = Math.round(process.resourceUsage().maxRSS / 1024);

  const db = new BetterSqlite3(join(dir, "centinela.db"), { readonly: true });
  const counts = db.prepare("select type, count(*) as n from objects group by type order by n desc").all() as {
    type: string;
    n: number;
  }[];
  const assetCount = (db.prepare("select count(*) as n from inv_assets").get() as { n: number }).n;
  const ip = real.ips[Math.min(real.ips.length - 1, 1234)] as string;
  const domain = real.domains[Math.min(real.domains.length - 1, 1234)] as string;

  const server = await serve(dir);
  const { chromium } = await import("playwright-core");
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: "es-MX" });
    // tsx names functions with a helper (__name) the page lacks: give it one, then the probe.
    await context.addInitScript({ content: `window.__name = (f) => f; (${pageProbe.toString()})();` });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${server.url}/`);
    await page.getByLabel("Usuario").fill("admin");
    await page.getByLabel("Contraseña").fill(PASSWORD);
    // The first Panorama after the server starts computes the summary (the later ones are kept
    // until the store changes): timed apart, from the sign-in click to the first card.
    const signInStart = performance.now();
    await page.getByRole("button", { name: "Entrar" }).click();
    await page.locator("ul.cards .value").first().waitFor({ timeout: 300_000 });
    const firstPanorama = performance.now() - signInStart;
    process.stderr.write(`first Panorama after sign-in (summary computed): ${firstPanorama.toFixed(0)} ms\n`);

    const panorama = { shown: [] as number[], responds: [] as number[], api: new Map<string, number[]>() };
    // The first Panorama after a write: one asset's criticality changed through the store (as the
    // API's PATCH does) before each of these visits, so the server's kept summary is out of date.
    const afterEdit = { shown: [] as number[], responds: [] as number[], api: new Map<string, number[]>() };
    const editor = await openStore({ dataDir: dir });
    const edited = db.prepare("select id, org_id from inv_assets order by id limit 1").get() as {
      id: string;
      org_id: string;
    };
    const activos = { shown: [] as number[], responds: [] as number[], api: new Map<string, number[]>() };
    const search = { ip: [] as number[], domain: [] as number[], ipApi: [] as number[], domainApi: [] as number[] };
    let ipRows = 0;
    let domainRows = 0;
    let heapMb = 0;
    for (let run = 0; run < RUNS; run++) {
      for (const [target, path] of [
        [panorama, "/"],
        [activos, "/activos"],
      ] as const) {
        const r = await timeNavigation(page, server.url, path);
        target.shown.push(r.shown);
        target.responds.push(r.responds);
        for (const a of r.api) target.api.set(a.name, [...(target.api.get(a.name) ?? []), a.ms]);
        heapMb = Math.max(heapMb, r.heapMb);
      }
      await editor.inventory.updateAsset(ACTOR, ALL_ORGS, edited.org_id, edited.id, {
        criticality: run % 2 === 0 ? "critical" : "low",
      });
      const e = await timeNavigation(page, server.url, "/");
      afterEdit.shown.push(e.shown);
      afterEdit.responds.push(e.responds);
      for (const x of e.api) afterEdit.api.set(x.name, [...(afterEdit.api.get(x.name) ?? []), x.ms]);
      const a = await timeSearch(page, server.url, ip);
      search.ip.push(a.ms);
      search.ipApi.push(a.apiMs);
      ipRows = a.rows;
      const b = await timeSearch(page, server.url, domain);
      search.domain.push(b.ms);
      search.domainApi.push(b.apiMs);
      domainRows = b.rows;
      process.stderr.write(
        `run ${run + 1}/${RUNS}: panorama ${panorama.responds.at(-1)?.toFixed(0)} ms, after an edit ${e.responds.toFixed(0)} ms, activos ${activos.shown.at(-1)?.toFixed(0)} ms, search ip ${a.ms.toFixed(0)} ms, domain ${b.ms.toFixed(0)} ms\n`,
      );
    }
    const serverMemory = memoryOf(server.child.pid as number);
    await editor.close();

    process.stderr.write("naive baselines…\n");
    const naiveSearch = timeSql(db, "select id from objects where raw like ?", [`%${ip}%`], NAIVE_RUNS);
    const naiveSearchDomain = timeSql(db, "select id from objects where raw like ?", [`%${domain}%`], NAIVE_RUNS);
    const naiveInventory = timeSql(
      db,
      "select a.*, s.* from inv_assets a left join inv_software s on s.asset_id = a.id",
      [],
      NAIVE_RUNS,
    );
    const naivePage = timeSql(
      db,
      "select * from inv_assets order by name limit 25 offset ?",
      [assetCount - 25],
      NAIVE_RUNS,
    );

    const cpu = cpus()[0]?.model ?? "unknown CPU";
    const lines = [
      `date: ${new Date().toISOString()}; machine: ${cpus().length} cores, ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}, Node ${process.version}, Chromium ${browser.version()}`,
      `store: ${counts.map((c) => `${c.n.toLocaleString("en-US")} ${c.type}`).join(", ")}; ${assetCount.toLocaleString("en-US")} assets; built in ${buildSeconds.toFixed(0)} s ${JSON.stringify(built)}, builder peak RSS ${builderPeakMb} MB`,
      `searched: ip ${ip} (${ipRows} rows shown), domain ${domain} (${domainRows} rows shown); ${RUNS} runs each, naive ${NAIVE_RUNS}`,
      "",
      "| measure (ms) | goal | p50 | p95 | max | naive baseline p50 | baseline |",
      "|---|---:|---:|---:|---:|---:|---|",
      `| Panorama: first after sign-in (summary computed) | | ${firstPanorama.toFixed(0)} | | |`,
      `| Panorama: cards and map drawn | | ${fmt(stats(panorama.shown))} | | |`,
      `| Panorama: interactive | < 1000 | ${fmt(stats(panorama.responds))} | ${stats(naiveInventory).p50.toFixed(0)} | whole inventory fetched (assets ⟕ software) |`,
      `| Panorama: interactive, first after an asset edit | < 1000 | ${fmt(stats(afterEdit.responds))} | | |`,
      `| Inteligencia: IP search, submit → results | < 200 | ${fmt(stats(search.ip))} | ${stats(naiveSearch).p50.toFixed(0)} | \`raw LIKE '%ip%'\` full scan |`,
      `| Inteligencia: domain search, submit → results | < 200 | ${fmt(stats(search.domain))} | ${stats(naiveSearchDomain).p50.toFixed(0)} | \`raw LIKE '%domain%'\` full scan |`,
      `| Activos: first page shown | | ${fmt(stats(activos.shown))} | ${stats(naivePage).p50.toFixed(0)} | last page by OFFSET |`,
      "",
      "| API request (ms, Resource Timing) | p50 | p95 | max |",
      "|---|---:|---:|---:|",
      ...[...panorama.api].map(([name, v]) => `| Panorama: ${name} | ${fmt(stats(v))} |`),
      ...[...afterEdit.api].map(([name, v]) => `| Panorama after an edit: ${name} | ${fmt(stats(v))} |`),
      ...[...activos.api].map(
        ([name, v]) => `| Activos: ${name.replace(/org-[0-9a-f-]+/, ":org")} | ${fmt(stats(v))} |`,
      ),
      `| /api/v1/intel/search (ip) | ${fmt(stats(search.ipApi))} |`,
      `| /api/v1/intel/search (domain) | ${fmt(stats(search.domainApi))} |`,
      "",
      `memory: server RSS ${serverMemory.rssMb} MB (peak ${serverMemory.peakMb} MB); page JS heap up to ${heapMb.toFixed(0)} MB; page errors: ${errors.length}`,
    ];
    console.log(lines.join("\n"));
    if (errors.length > 0) console.log(errors.slice(0, 5).join("\n"));
  } finally {
    db.close();
    await browser.close();
    const ended = new Promise((r) => server.child.once("exit", r));
    server.child.kill("SIGTERM");
    await ended;
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
