import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { serveFolder } from "../../feeds/folder-server.fixture.js";
import { openStore } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { centinela, serveTarget, TARGETS } from "./cli-target.fixture.js";

/**
 * A real `serve` process running feeds on their schedule: a KEV feed served over HTTP from
 * ../shared/data every 2 s and one whose remote is gone; each run is a JSON line of the server's
 * log, the failing one backs off, and the server keeps answering throughout.
 */

interface LogLine {
  level: number;
  feed?: string;
  msg?: string;
  new?: number;
  unchanged?: number;
  failures?: number;
}

const [, makeSqlite] = TARGETS[0];

describe("serve runs the feeds on their schedule", () => {
  it("runs each feed on its interval, logs each run, backs a failing one off, and never stops answering", async (t) => {
    const kev = sharedData(t, "cisa-kev/known_exploited_vulnerabilities.json");
    if (!kev) return;
    const target = await makeSqlite();
    const dir = await mkdtemp(join(tmpdir(), "centinela-serve-feeds-"));
    await copyFile(kev, join(dir, "kev.json"));
    const remote = await serveFolder(dir);
    t.after(async () => {
      await remote.close();
      await target.dispose();
      await rm(dir, { recursive: true, force: true });
    });
    const add = (args: string[]) => centinela(target, ["feeds", "add", ...args]);
    assert.equal((await add(["kev", `${remote.url}kev.json`, "--id", "kev", "--every", "2s"])).code, 0);
    assert.equal((await add(["kev", `${remote.url}gone.json`, "--id", "gone", "--every", "1s", "--no-check"])).code, 0);

    const server = await serveTarget(target, { CENTINELA_ADMIN_PASSWORD: "admin-pw-123", LANG: "en_US.UTF-8" }, [
      "--feeds-tick",
      "1s",
    ]);
    let lines: LogLine[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        await sleep(500);
        assert.equal((await fetch(new URL("/healthz", server.url))).status, 200, "the server answers");
        lines = server
          .stdout()
          .split("\n")
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as LogLine);
        if (lines.filter((l) => l.feed === "kev" && l.unchanged === 1404).length >= 1) break;
      }
    } finally {
      await server.stop();
    }
    const kevRuns = lines.filter((l) => l.feed === "kev" && typeof l.new === "number");
    assert.ok(kevRuns.length >= 2, server.stdout());
    assert.equal(kevRuns[0]?.new, 1404);
    assert.equal(kevRuns[1]?.unchanged, 1404);
    assert.match(
      kevRuns[0]?.msg ?? "",
      /^feed kev \(kev\): 1 page\(s\), 1404 new, 0 changed, 0 unchanged, 0 rejected in \d+ ms; next run /,
    );
    const failures = lines.filter((l) => l.feed === "gone" && l.level === 40);
    assert.ok(failures.length >= 2, server.stdout());
    assert.match(failures[0]?.msg ?? "", /feed gone \(kev\) failed \(1 in a row\): .*gone\.json: HTTP 404/);
    assert.equal(failures[1]?.failures, 2);

    const store = await openStore(target.location);
    try {
      const feeds = await store.directory.listFeeds();
      assert.equal(feeds.find((f) => f.id === "kev")?.failures, 0);
      assert.ok((feeds.find((f) => f.id === "gone")?.failures ?? 0) >= 2);
      assert.equal((await store.inventory.countVulnRecords()).kev, 1404);
    } finally {
      await store.close();
    }
    const listed = (await centinela(target, ["feeds", "list"])).stdout;
    assert.match(listed, /^gone\tkev\t.*\tevery=1s\t.*next_run=20\d\d-.*\terror=.*HTTP 404/m);
  });
});
