/// <reference lib="dom" />
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { runCli } from "../cli/run-in-process.fixture.js";
import { IN_CI, PROJECT_ROOT, SHARED_DATA } from "../testing/index.js";

/**
 * Test support for the console in real headless Chromium (Debian's /usr/bin/chromium through
 * playwright-core), against a real `centinela serve` on a free port over a temporary SQLite store
 * the test fills with the CLI first. Pages collect console errors; `accessible` runs axe-core
 * (no serious or critical violation); screenshots go to test-output/console/ (gitignored).
 * Without Chromium, the built console or a reference data set the test is skipped with the
 * reason; in CI it fails instead.
 */

/** The Chromium the tests drive. */
export const CHROMIUM = process.env.CENTINELA_CHROMIUM ?? "/usr/bin/chromium";
/** The admin's password `serve` is started with. */
export const ADMIN_PASSWORD = "contraseña-de-prueba-larga";
const BIN = join(PROJECT_ROOT, "bin", "centinela.js");
const OUT = join(PROJECT_ROOT, "test-output", "console");
/** The flags Chromium runs with here (the machine notes' list), for the tests and bench/console.ts. */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

type Browser = import("playwright-core").Browser;
/** A Chromium page. */
export type Page = import("playwright-core").Page;

/** Why the tests cannot run here, or null; `data` lists the reference data sets they need. */
function missing(data: string[]): string | null {
  if (!existsSync(CHROMIUM)) return `${CHROMIUM} is not installed (apt-get install -y chromium)`;
  if (!existsSync(join(PROJECT_ROOT, "web", "dist", "index.html")))
    return "the console is not built (npm install builds it; or npm run build -w web)";
  for (const f of data)
    if (!existsSync(join(SHARED_DATA, f))) return `reference data ${f} not found under ${SHARED_DATA}`;
  return null;
}

/**
 * Runs the CLI on the store in `data`, in this process (the seed is not about the process; see
 * cli/run-in-process.fixture.ts); fails the test when it fails.
 */
export async function cli(data: string, args: string[]): Promise<string> {
  const run = await runCli([...args, "--data", data], { env: { ...process.env }, cwd: PROJECT_ROOT });
  assert.equal(run.code, 0, `centinela ${args.join(" ")}: ${run.stderr}`);
  return run.stdout;
}

function serve(data: string): Promise<{ child: ChildProcess; url: string }> {
  const env: Record<string, string | undefined> = { ...process.env, CENTINELA_ADMIN_PASSWORD: ADMIN_PASSWORD };
  delete env.CENTINELA_DB;
  delete env.CENTINELA_DATA;
  // Its JSON log (standard output) is not read: ignored, so the pipe never fills.
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--data", data], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let err = "";
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      err += chunk.toString("utf8");
      const m = /(?:web console at|consola web en) (http:\/\/\S+?)\/?\n/.exec(err);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.on("exit", (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

/** The Authorization header of HTTP Basic for a user and password. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;
}

/** A page with the console errors it logged, and how to close it. */
export interface OpenPage {
  page: Page;
  errors: string[];
  close(): Promise<void>;
}

/** The console under test: call `start` in `before` and `stop` in `after`. */
export interface ConsoleUnderTest {
  /** Fills a fresh store (`seed` gets its folder, for `cli`), starts `serve` on it and Chromium. */
  start(seed: (data: string, dir: string) => Promise<void>): Promise<void>;
  stop(): Promise<void>;
  /** The server's address, e.g. http://127.0.0.1:40123. */
  readonly url: string;
  /** True when the test may run; else skips it (fails in CI) with the reason. */
  ready(t: TestContext): boolean;
  /** A new page (es-MX, `width`×`height`) collecting console errors. */
  open(width?: number, height?: number): Promise<OpenPage>;
  /** Signs in through the form, in Spanish. */
  signIn(page: Page, user?: string, password?: string): Promise<void>;
  /** axe-core on the page as it is: no serious or critical violation. */
  accessible(page: Page, what: string): Promise<void>;
  /** A full-page screenshot under test-output/console/. */
  shot(page: Page, name: string): Promise<void>;
  /** Adds a user through the administrator's API (after `start`); answers the password it made. */
  addUser(username: string, org: string, role: "admin" | "analyst" | "reader" | "partner"): Promise<string>;
}

/** The console under test; `data` lists the reference data sets the seed reads. */
export function consoleUnderTest(data: string[] = []): ConsoleUnderTest {
  let dir = "";
  let server: { child: ChildProcess; url: string } | null = null;
  let browser: Browser | null = null;
  let skip: string | null = null;
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

  return {
    async start(seed) {
      skip = missing(data);
      if (skip) return;
      dir = mkdtempSync(join(tmpdir(), "centinela-browser-"));
      await seed(join(dir, "data"), dir);
      server = await serve(join(dir, "data"));
      const { chromium } = await import("playwright-core");
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
      mkdirSync(OUT, { recursive: true });
    },
    async stop() {
      await browser?.close();
      if (server && server.child.exitCode === null) {
        const ended = new Promise((r) => server?.child.once("exit", r));
        server.child.kill("SIGTERM");
        await ended;
      }
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    get url() {
      return server?.url ?? "";
    },
    ready(t) {
      if (!skip) return true;
      if (IN_CI) throw new Error(`${skip}; CI must have it`);
      t.skip(skip);
      return false;
    },
    async open(width = 1280, height = 800) {
      const context = await (browser as Browser).newContext({ viewport: { width, height }, locale: "es-MX" });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(m.text());
      });
      page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
      return { page, errors, close: () => context.close() };
    },
    async signIn(page, user = "admin", password = ADMIN_PASSWORD) {
      await page.goto(`${server?.url}/`);
      await page.getByLabel("Usuario").fill(user);
      await page.getByLabel("Contraseña").fill(password);
      await page.getByRole("button", { name: "Entrar" }).click();
    },
    async accessible(page, what) {
      // Through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
      await page.evaluate(axeSource);
      const result = (await page.evaluate(() =>
        (window as unknown as { axe: { run(): Promise<unknown> } }).axe.run(),
      )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
      const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
      assert.deepEqual(
        bad.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
        [],
        `${what}: accessibility violations`,
      );
    },
    async shot(page, name) {
      await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    },
    async addUser(username, org, role) {
      const made = await fetch(`${server?.url}/api/v1/users`, {
        method: "POST",
        headers: { authorization: basicAuth("admin", ADMIN_PASSWORD), "content-type": "application/json" },
        body: JSON.stringify({ username, org, role }),
      });
      assert.equal(made.status, 201, await made.clone().text());
      return ((await made.json()) as { password: string }).password;
    },
  };
}
