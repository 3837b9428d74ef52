import assert from "node:assert/strict";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { ALL_ORGS, openStore } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { centinela, sqliteTarget, stixIndicator, type Target } from "./cli-target.fixture.js";

/** `centinela scan` end to end: the real binary, indicators in a real store, real logs. */

const C2 = "indicator--1b7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";
const EXFIL = "indicator--2b7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";
const EXPIRED = "indicator--3b7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";
const DNS = "indicator--4b7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";

const indicator = stixIndicator;

describe("centinela scan", () => {
  let target: Target;
  let dir: string;
  before(async () => {
    target = await sqliteTarget();
    dir = await mkdtemp(join(tmpdir(), "centinela-scan-cli-"));
    const bundle = {
      type: "bundle",
      id: "bundle--6f1c2a36-1c1d-4b6e-9d5e-0d1f2a3b4c5d",
      objects: [
        indicator(C2, "[ipv4-addr:value = '178.237.33.50']"),
        indicator(EXFIL, "[ipv4-addr:value = '66.63.168.35']"),
        // The same address, but valid only in 2020: last year's indicator never alerts on this year's log.
        indicator(EXPIRED, "[ipv4-addr:value = '66.63.168.35']", {
          valid_from: "2020-01-01T00:00:00Z",
          valid_until: "2021-01-01T00:00:00Z",
        }),
        // A suffix of another name without a label boundary must never match ("gan.org" in "michigan.org").
        indicator(DNS, "[domain-name:value = 'microsoft.com']"),
      ],
    };
    const file = join(dir, "indicators.json");
    await writeFile(file, JSON.stringify(bundle));
    const run = await centinela(target, ["import", file, "-q"]);
    assert.equal(run.code, 0, run.stderr);
  });
  after(async () => {
    await target.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it("finds every event of the labelled RemcosRAT capture that talks to the exfiltration address, at the event's time", async (t) => {
    const logs = sharedData(t, "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled");
    if (!logs) return;
    const alerts = join(dir, "alerts.jsonl");
    const run = await centinela(target, ["scan", logs, "--alerts", alerts, "--json", "-q"]);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as {
      alerts: number;
      outsideValidity: number;
      badLines: number;
      top: Array<{ indicator_id: string; count: number }>;
    };
    // `grep -c 66.63.168.35 conn.log.labeled` is 719; the C2 address is not in these first 5,000 packets.
    assert.equal(summary.alerts, 719);
    assert.deepEqual(
      summary.top.map((x) => [x.indicator_id, x.count]),
      [[EXFIL, 719]],
    );
    assert.equal(summary.outsideValidity, 719);
    assert.equal(summary.badLines, 0);
    const written = (await readFile(alerts, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const lines = written.filter((a) => a.kind === "indicator");
    assert.equal(lines.length, 719);
    // The behaviour analytics add one line: the labelled RemcosRAT pair as a beacon (0.5 s / 1 s retries).
    const beacons = written.filter((a) => a.kind === "beacon");
    assert.deepEqual(
      beacons.map((b) => [b.src, b.dst, b.connections]),
      [["192.168.1.107", "66.63.168.35", 719]],
    );
    assert.equal(written.length, 720);
    const first = lines[0] as Record<string, unknown>;
    assert.deepEqual(Object.keys(first).sort(), [
      "dst",
      "event",
      "field",
      "file",
      "indicator_id",
      "kind",
      "line",
      "log",
      "src",
      "ts",
      "value",
    ]);
    assert.equal(first.kind, "indicator");
    assert.equal(first.log, "zeek:conn");
    assert.equal(first.field, "id.resp_h");
    assert.equal(first.dst, "66.63.168.35");
    assert.equal(first.src, "192.168.1.107");
    assert.match(String(first.ts), /^2023-02-22T/);
  });

  it("with --org, matches become one sighting per indicator and stored alerts, and a second scan of the same logs adds nothing", async (t) => {
    const logs = sharedData(t, "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled");
    if (!logs) return;
    assert.equal((await centinela(target, ["org", "add", "Secretaría de Energía"])).code, 0);
    const runs = [];
    const stored = [];
    for (let i = 0; i < 2; i++) {
      const run = await centinela(target, ["scan", logs, "--org", "secretaria de energia", "--json", "-q"]);
      assert.equal(run.code, 0, run.stderr);
      const summary = JSON.parse(run.stdout) as {
        sightings: { events: number; newEvents: number; written: number };
        stored: { added: number; pruned: number };
      };
      runs.push(summary.sightings);
      stored.push(summary.stored);
    }
    assert.deepEqual(runs, [
      { events: 719, newEvents: 719, written: 1 },
      { events: 719, newEvents: 0, written: 0 },
    ]);
    // 719 matches and the analytics' beacon, each stored once.
    assert.deepEqual(stored, [
      { added: 720, pruned: 0 },
      { added: 0, pruned: 0 },
    ]);
    const store = await openStore(target.location);
    try {
      const page = await store.alerts.list(ALL_ORGS, { kinds: ["beacon"] }, { limit: 10 });
      assert.equal(page.alerts.length, 1);
      assert.equal(page.alerts[0]?.dst, "66.63.168.35");
      assert.equal(page.alerts[0]?.details?.connections, 719);
      const matches = await store.alerts.list(ALL_ORGS, { indicatorId: EXFIL }, { limit: 1000 });
      assert.equal(matches.alerts.length, 719);
      assert.ok(matches.alerts.every((a) => a.field === "id.resp_h" && a.log === "zeek:conn" && a.status === "new"));
    } finally {
      await store.close();
    }
    // A bound below what is there keeps the newest recorded.
    const bounded = await centinela(target, [
      "scan",
      logs,
      "--org",
      "secretaria de energia",
      "--keep-alerts",
      "100",
      "--no-analytics",
      "-q",
    ]);
    assert.equal(bounded.code, 0, bounded.stderr);
    assert.match(bounded.stdout, /620 oldest were deleted to stay within --keep-alerts/);
    const bad = await centinela(target, ["scan", logs, "--keep-alerts", "none"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--keep-alerts/);
    const exported = await centinela(target, ["export", "--type", "sighting"]);
    const objects = (JSON.parse(exported.stdout) as { objects: Array<Record<string, unknown>> }).objects;
    assert.equal(objects.length, 1);
    assert.equal(objects[0]?.count, 719);
    assert.equal(objects[0]?.sighting_of_ref, EXFIL);
  });

  it("hunt --since looks only for the indicators added since then, in the old logs", async (t) => {
    const logs = sharedData(t, "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled");
    if (!logs) return;
    const since = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const host = "indicator--5b7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e";
    const file = join(dir, "new.json");
    await writeFile(file, JSON.stringify(indicator(host, "[ipv4-addr:value = '192.168.1.107']")));
    assert.equal((await centinela(target, ["import", file, "-q"])).code, 0);
    const run = await centinela(target, ["hunt", logs, "--since", since, "--json", "-q"]);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as { top: Array<{ indicator_id: string }> };
    assert.deepEqual(
      summary.top.map((x) => x.indicator_id),
      [host],
    );
    const bad = await centinela(target, ["hunt", logs, "--since", "yesterday-ish"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since yesterday-ish: give a span such as 30d/);
    const later = await centinela(target, ["hunt", logs, "--since", "0h"]);
    assert.equal(later.code, 2);
    assert.match(later.stderr, /no indicator was added to the store since/);

    // Without --since, a hunt starts where the last one began: only what was added after it.
    const next = "indicator--6c8d9e3f-4a5b-4c6d-9e7f-8a9b0c1d2e3f";
    await writeFile(file, JSON.stringify(indicator(next, "[ipv4-addr:value = '192.168.1.107']")));
    assert.equal((await centinela(target, ["import", file, "-q"])).code, 0);
    const remembered = await centinela(target, ["hunt", logs, "--json", "-q"]);
    assert.equal(remembered.code, 0, remembered.stderr);
    assert.deepEqual(
      (JSON.parse(remembered.stdout) as { top: Array<{ indicator_id: string }> }).top.map((x) => x.indicator_id),
      [next],
    );
    const again = await centinela(target, ["hunt", logs, "-q"]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /no indicator was added to the store since/);
    // Each organization keeps its own mark: one that never hunted is asked for --since.
    assert.equal((await centinela(target, ["org", "add", "Comisión Federal de Electricidad"])).code, 0);
    const first = await centinela(target, ["hunt", logs, "--org", "comision federal de electricidad"]);
    assert.equal(first.code, 2);
    assert.match(first.stderr, /give --since the first time/);
  });

  it("a Zeek TSV log whose first header line is indented still reads whole", async (t) => {
    const logs = sharedData(t, "zeek-suricata-stratosphere/test10-mixed-zeek-tsv");
    if (!logs) return;
    const run = await centinela(target, ["scan", logs, "--json", "-q"]);
    const summary = JSON.parse(run.stdout) as { events: number; badLines: number };
    assert.equal(summary.badLines, 0);
    // The data lines (`grep -vc '^\s*#'` per file): conn 141 · dns 93 · ssl 13 · notice 13 · files 6 ·
    // x509 2 · weird 2. SOURCE.md says conn 142, counting the indented header line as data.
    assert.equal(summary.events, 270);
  });

  it("bad lines are counted with file and line and the rest is read; the summary speaks Spanish by default", async () => {
    const log = join(dir, "dns.log");
    const good = JSON.stringify({
      ts: 1677024000.5,
      uid: "C1",
      "id.orig_h": "10.0.0.5",
      "id.resp_h": "66.63.168.35",
      query: "notmicrosoft.com",
    });
    await writeFile(log, `${good}\n\u0000\u0001garbage\n${good.slice(0, 30)}\n${good}\n`);
    const run = await centinela(target, ["scan", log, "-q"], undefined, { LANG: "es_MX.UTF-8" });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /alertas\s+2\b/);
    assert.match(run.stdout, /líneas dañadas\s+2/);
    assert.match(run.stdout, /dns\.log:2: /);
    assert.match(run.stdout, /dns\.log:3: /);
  });

  it("standard input gets the behaviour analytics too: the RemcosRAT beacon from a conn log piped in", async (t) => {
    const file = sharedData(t, "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled/conn.log.labeled");
    if (!file) return;
    const alerts = join(dir, "stdin-alerts.jsonl");
    const run = await centinela(
      target,
      ["scan", "-", "--alerts", alerts, "--json", "-q"],
      await readFile(file, "utf8"),
    );
    assert.equal(run.code, 0, run.stderr);
    // The indicator alerts depend on what the tests before imported; the analytics do not.
    const summary = JSON.parse(run.stdout) as { alerts: number; analytics: { files: number; connections: number } };
    assert.ok(summary.alerts >= 719, String(summary.alerts));
    assert.equal(summary.analytics.files, 1);
    assert.equal(summary.analytics.connections, 766);
    const written = (await readFile(alerts, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(
      written.filter((a) => a.kind === "beacon").map((b) => [b.src, b.dst, b.connections, b.file]),
      [["192.168.1.107", "66.63.168.35", 719, "-"]],
    );
    assert.ok(written.filter((a) => a.kind === "indicator").every((a) => a.file === "-"));
  });

  it("mistakes are refused before anything is read, saying what to give", async () => {
    const cases: Array<[string[], RegExp]> = [
      [["scan", join(dir, "nope.log")], /nope\.log: no such file or folder; give log files/],
      [["scan", dir, "--max-line-bytes", "10"], /--max-line-bytes 10: give a whole number of bytes/],
      [["scan", dir, "--org", "Nadie"], /Nadie/],
      [["scan", dir, "--warninglists", join(dir, "none")], /no warninglist found|none/],
      [["scan", dir, "--mapping", join(dir, "indicators.json")], /a field mapping is/],
      [["scan", dir, "--mapping", join(dir, "dns.log")], /--mapping .*dns\.log/],
      [["scan", dir, "--alerts", join(dir, "no-such-folder", "a.jsonl")], /--alerts .*cannot write the file/],
    ];
    for (const [args, expected] of cases) {
      const run = await centinela(target, args);
      assert.equal(run.code, 2, `${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, expected, args.join(" "));
    }
    // The same refusals in Spanish, the default language.
    const missing = await centinela(target, ["scan", join(dir, "nope.log")], undefined, { LANG: "es_MX.UTF-8" });
    assert.match(missing.stderr, /nope\.log: no existe ese archivo ni carpeta; indique archivos de log/);
    const mapping = await centinela(target, ["scan", dir, "--mapping", join(dir, "indicators.json")], undefined, {
      LANG: "es_MX.UTF-8",
    });
    assert.match(mapping.stderr, /un mapeo de campos es/);
    const empty = await sqliteTarget();
    try {
      // Nothing to look for at all: no indicators and no analytics.
      const run = await centinela(empty, ["scan", join(dir, "dns.log"), "--no-analytics"]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, /no indicators to look for; import some first/);
      // No indicators yet, but the analytics run: the scan goes on and says what it does.
      const alone = await centinela(empty, ["scan", join(dir, "dns.log")]);
      assert.equal(alone.code, 0, alone.stderr);
      assert.match(alone.stderr, /no indicators yet: only the behaviour analytics run/);
      assert.match(alone.stdout, /no connection log among the files/);
    } finally {
      await empty.dispose();
    }
  });

  it("a value on a warninglist is suppressed and counted by list", async (t) => {
    const lists = sharedData(t, "misp-warninglists/lists");
    if (!lists) return;
    const log = join(dir, "ms.log");
    await writeFile(
      log,
      `${JSON.stringify({ ts: 1677024000.5, _path: "dns", uid: "C2", "id.orig_h": "10.0.0.5", "id.resp_h": "10.0.0.1", query: "microsoft.com" })}\n`,
    );
    const bare = JSON.parse((await centinela(target, ["scan", log, "--json", "-q"])).stdout) as { alerts: number };
    assert.equal(bare.alerts, 1);
    const run = await centinela(target, ["scan", log, "--warninglists", lists, "--json", "-q"]);
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as {
      alerts: number;
      suppressed: number;
      suppressedByList: Record<string, number>;
    };
    assert.equal(summary.alerts, 0);
    assert.equal(summary.suppressed, 1);
    assert.ok(Object.keys(summary.suppressedByList).length >= 1);
  });
});
