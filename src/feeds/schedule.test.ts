import assert from "node:assert/strict";
import { copyFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { setLocale } from "../i18n/index.js";
import { openStore } from "../store/index.js";
import { sharedData } from "../testing/index.js";
import { type FeedLogEntry, MAX_BACKOFF_MS, nextDelayMs, startFeedScheduler } from "./schedule.js";

/**
 * The scheduler on a real store and a real HTTP server serving the KEV catalog of ../shared/data:
 * due feeds run on their interval, a slow one never runs twice at once, a failing one backs off
 * exponentially and logs each failure while the others go on.
 */

const CLI = { userId: null, orgId: null, address: "test" };
const ctx = { orgId: null, userId: null, source: "serve" };

describe("the feed scheduler", () => {
  it("waits the interval after a run, backs off exponentially after failures, and moves each by at most ±10 %", () => {
    const mid = () => 0.5;
    assert.equal(nextDelayMs(3_600_000, 0, mid), 3_600_000);
    assert.deepEqual(
      [1, 2, 3, 4].map((f) => nextDelayMs(3_600_000, f, mid)),
      [60_000, 120_000, 240_000, 480_000],
    );
    assert.equal(nextDelayMs(3_600_000, 30, mid), MAX_BACKOFF_MS, "capped at 6 hours");
    assert.equal(nextDelayMs(2 * 86_400_000, 40, mid), 2 * 86_400_000, "or the feed's own interval when longer");
    assert.equal(nextDelayMs(1000, 1, mid), 1000);
    assert.equal(
      nextDelayMs(1000, 0, () => 0),
      900,
    );
    assert.equal(
      nextDelayMs(1000, 0, () => 0.999999),
      1100,
    );
  });

  it("runs due feeds on their interval, one run at a time each, and a failing feed neither stops nor slows the others", async (t) => {
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    if (!kev) return;
    const dir = await mkdtemp(join(tmpdir(), "centinela-schedule-"));
    await copyFile(kev, join(dir, "kev.json"));
    const body = await readFile(join(dir, "kev.json"));
    let inFlight = 0;
    let mostInFlight = 0;
    const server = createServer(async (request, response) => {
      if (request.url === "/slow.json") {
        inFlight++;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await sleep(600);
        inFlight--;
      }
      if (request.url === "/kev.json" || request.url === "/slow.json") {
        response.writeHead(200);
        response.end(body);
        return;
      }
      response.writeHead(503);
      response.end("down for maintenance");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const store = await openStore({ dataDir: join(dir, "data") });
    t.after(async () => {
      await store.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    });
    const add = (id: string, path: string) =>
      store.directory.addFeed(CLI, {
        id,
        kind: "kev",
        config: { source: `${base}${path}` },
        secret: null,
        everySeconds: 1,
      });
    await add("kev", "/kev.json");
    await add("slow", "/slow.json");
    await add("down", "/down.json");

    setLocale("en");
    const log: FeedLogEntry[] = [];
    const scheduler = startFeedScheduler(store, { ctx, log: (e) => log.push(e), tickMs: 50, random: () => 0.5 });
    await sleep(3600);
    await scheduler.stop();

    const done = (id: string) => log.filter((e) => e.feed === id && e.result !== undefined);
    const failed = log.filter((e) => e.feed === "down" && e.level === "warn");
    assert.ok(done("kev").length >= 3, `kev ran ${done("kev").length} times in 3.6 s with --every 1s`);
    assert.equal(done("kev")[0]?.result?.counts.new, 1404);
    assert.equal(done("kev")[1]?.result?.counts.unchanged, 1404);
    assert.equal(mostInFlight, 1, "the slow feed never ran twice at once");
    assert.ok(done("slow").length >= 1);
    // Failed at 0 s, retried after 1 s, then 2 s (then 4 s): three failures at most in 3.6 s.
    assert.ok(failed.length >= 2 && failed.length <= 3, `${failed.length} failures`);
    assert.match(failed[0]?.message ?? "", /feed down \(kev\) failed \(1 in a row\): .*HTTP 503.*; next try /);
    assert.equal(failed[1]?.failures, 2);
    const [down] = (await store.directory.listFeeds()).filter((f) => f.id === "down");
    assert.equal(down?.failures, failed.length);
    assert.match(down?.lastError ?? "", /HTTP 503/);
    const [kevRow] = (await store.directory.listFeeds()).filter((f) => f.id === "kev");
    assert.equal(kevRow?.failures, 0);
    assert.ok(kevRow?.nextRun && Date.parse(kevRow.nextRun) > Date.now() - 1000);
  });
});
