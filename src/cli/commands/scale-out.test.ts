import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it, type TestContext } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/transport-node";
import {
  connectNats,
  messagesLeft,
  natsUrl,
  removeScaleOut,
  type ScaleOutNames,
  scaleOutNames,
} from "../../detect/scale-out/index.js";
import { ALL_ORGS, openStore } from "../../store/index.js";
import { PROJECT_ROOT, serviceMissing, sharedData } from "../../testing/index.js";
import { BIN, centinela, dataTarget, postgresTarget, type Target } from "./cli-target.fixture.js";

/**
 * The scale-out for real: the same real logs through `scan --org` and through `ship` + two
 * `worker` processes + the writer, against the NATS JetStream server, give the same stored
 * alerts and the same sighting counts — also when one of the two workers is killed with
 * SIGKILL in the middle of the run. Each test has its own subject and stream prefix, removed
 * afterwards.
 */

const ORG = "Secretaría de Energía";
const url = natsUrl();

function indicator(n: number, pattern: string, extra: Record<string, string> = {}) {
  return {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`,
    created: "2023-01-01T00:00:00.000Z",
    modified: "2023-01-01T00:00:00.000Z",
    pattern,
    pattern_type: "stix",
    valid_from: "2017-01-01T00:00:00Z",
    ...extra,
  };
}

const INDICATORS = [
  indicator(1, "[ipv4-addr:value = '66.63.168.35']"),
  indicator(2, "[ipv4-addr:value = '178.237.33.50']"),
  indicator(3, "[domain-name:value = 'snozberry.oompa.loompa']"),
  indicator(4, "[ipv4-addr:value = '10.164.94.120']"),
  indicator(5, "[domain-name:value = 'arena1.wrccdc.cpp.edu']"),
  indicator(6, "[domain-name:value = 'www.googleadservices.com']"),
  indicator(7, "[domain-name:value = 'wpad.felk.cvut.cz']"),
  // Valid only before the WRCCDC capture (2018-03): counted outside validity, never an alert.
  indicator(8, "[ipv4-addr:value = '10.47.1.208']", { valid_until: "2018-01-02T00:00:00Z" }),
  // In the Suricata EVE file, read through a field mapping.
  indicator(9, "[ipv4-addr:value = '193.46.255.92']"),
  indicator(10, "[domain-name:value = 'www.myedimax.com']"),
];

/** The RemcosRAT capture (Zeek TSV), Zeek JSON DNS and SSL, and the WRCCDC logs in JSON and TSV. */
function logFiles(t: TestContext): string[] | null {
  const parts = [
    "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled",
    "zeek-suricata-stratosphere/test9-mixed-zeek-json/dns.log",
    "zeek-suricata-stratosphere/test9-mixed-zeek-json/ssl.log",
    "zeek-wrccdc-2018/zeek-json/dns.json.gz",
    "zeek-wrccdc-2018/zeek-json/ssl.json.gz",
    "zeek-wrccdc-2018/zeek-default/dns.log.gz",
  ];
  const out: string[] = [];
  for (const p of parts) {
    const path = sharedData(t, p);
    if (path === null) return null;
    out.push(path);
  }
  return out;
}

/** A fresh store (SQLite in `dir/name`, or the PostgreSQL target given) with the indicators and the organization. */
async function freshTarget(dir: string, name: string, indicators: string, given?: Target): Promise<Target> {
  const target = given ?? dataTarget(join(dir, name));
  const imported = await centinela(target, ["import", indicators, "-q"]);
  assert.equal(imported.code, 0, imported.stderr);
  const org = await centinela(target, ["org", "add", ORG]);
  assert.equal(org.code, 0, org.stderr);
  return target;
}

/** What a store kept: its alerts (without the store's own ids and times) and its sighting counts. */
async function kept(target: Target) {
  const store = await openStore(target.location);
  try {
    const alerts: string[] = [];
    let after: string | null = null;
    do {
      const page = await store.alerts.list(ALL_ORGS, {}, { limit: 1000, after });
      for (const a of page.alerts)
        alerts.push(
          [a.kind, a.event, a.indicatorId, a.value, a.field, a.log, a.file, a.line, a.ts, a.src, a.dst].join(" "),
        );
      after = page.next;
    } while (after !== null);
    alerts.sort();
    const [org] = await store.directory.listOrganizations();
    const aggregates = await store.sightings.aggregates(
      org!.id,
      INDICATORS.map((i) => i.id),
    );
    const page = await store.queryObjects(
      { kind: "system", orgId: null, userId: null },
      { types: ["sighting"], versions: ["last"] },
      { limit: 100 },
    );
    const sightings = page.objects
      .map(
        (o) => JSON.parse(o.raw) as { sighting_of_ref: string; count: number; first_seen?: string; last_seen?: string },
      )
      .map((s) => `${s.sighting_of_ref} ${s.count} ${s.first_seen} ${s.last_seen}`)
      .sort();
    return { alerts, aggregates, sightings };
  } finally {
    await store.close();
  }
}

/** Worker processes still running: a failed test kills them before its streams are removed (else they would make them again). */
const running = new Set<ChildProcess>();

/** A `centinela worker` process on the target's store; resolves its JSON summary when it exits. */
function spawnWorker(target: Target, prefix: string, ackWait = "30") {
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, "worker", "--drain", "--prefix", prefix, "--ack-wait", ackWait, "--fetch", "4", "--json", ...target.args],
    {
      cwd: PROJECT_ROOT,
      env: { ...process.env, CENTINELA_DB: "", CENTINELA_NATS: url, LANG: "en_US.UTF-8", LC_ALL: "", ...target.env },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (s: string) => {
    stdout += s;
  });
  child.stderr!.setEncoding("utf8").on("data", (s: string) => {
    stderr += s;
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    }),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("scale-out on NATS JetStream: ship, workers and the writer", () => {
  let dir: string;
  let nc: NatsConnection | null = null;
  let natsError: unknown = null;
  let scanned: Awaited<ReturnType<typeof kept>>;
  let indicatorsFile: string;
  const used: ScaleOutNames[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), "centinela-nats-"));
    indicatorsFile = join(dir, "indicators.json");
    await writeFile(
      indicatorsFile,
      JSON.stringify({ type: "bundle", id: "bundle--6f1c2a36-1c1d-4b6e-9d5e-0d1f2a3b4c5e", objects: INDICATORS }),
    );
    try {
      nc = await connectNats(url, "centinela-test");
    } catch (error) {
      nc = null;
      natsError = error;
    }
  });
  after(async () => {
    await Promise.all(
      [...running].map((child) => {
        const gone = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGKILL");
        return gone;
      }),
    );
    if (nc !== null) {
      const jsm = await jetstreamManager(nc);
      for (const names of used) await removeScaleOut(jsm, names);
      await nc.close();
    }
    await rm(dir, { recursive: true, force: true });
  });

  /** Skips (fails in CI) without NATS or the data; else the single-process scan's outcome, made once. */
  async function ready(t: TestContext): Promise<string[] | null> {
    if (nc === null) {
      serviceMissing(t, `NATS JetStream at ${url}`, natsError);
      return null;
    }
    const files = logFiles(t);
    if (files === null) return null;
    if (scanned === undefined) {
      const target = await freshTarget(dir, "scan", indicatorsFile);
      const run = await centinela(target, ["scan", ...files, "--org", ORG, "--no-analytics", "--json", "-q"]);
      assert.equal(run.code, 0, run.stderr);
      scanned = await kept(target);
      // The scan found what the files hold: every indicator but the C2 (not in these packets) and the expired one.
      assert.ok(scanned.alerts.length > 5_000, `${scanned.alerts.length}`);
      assert.ok(scanned.aggregates.length >= 5, JSON.stringify(scanned.aggregates));
    }
    return files;
  }

  async function ship(target: Target, names: ScaleOutNames, files: string[], extra: string[] = []) {
    const run = await centinela(
      target,
      ["ship", ...files, "--org", ORG, "--prefix", names.prefix, "--batch-lines", "200", "--json", "-q", ...extra],
      undefined,
      { CENTINELA_NATS: url },
    );
    assert.equal(run.code, 0, run.stderr);
    return JSON.parse(run.stdout) as { messages: number; duplicates: number; badLines: number; lines: number };
  }

  function writer(target: Target, names: ScaleOutNames) {
    return centinela(target, ["worker", "--writer", "--drain", "--prefix", names.prefix, "--json", "-q"], undefined, {
      CENTINELA_NATS: url,
    });
  }

  function prefix(): ScaleOutNames {
    const names = scaleOutNames(`t${process.pid}${Math.random().toString(36).slice(2, 8)}`);
    used.push(names);
    return names;
  }

  for (const database of ["sqlite", "postgres"] as const)
    it(`the same files through scan and through ship + 2 workers + the writer (${database}): the same alerts and sighting counts`, async (t) => {
      const files = await ready(t);
      if (files === null) return;
      let pg: Target | undefined;
      if (database === "postgres") {
        const made = await postgresTarget(t);
        if (made === null) return;
        pg = made;
        t.after(() => made.dispose());
      }
      const names = prefix();
      const target = await freshTarget(dir, `nats-${database}`, indicatorsFile, pg);
      const shipped = await ship(target, names, files);
      assert.ok(shipped.messages > 500, `${shipped.messages}`);
      assert.equal(shipped.duplicates, 0);
      const workers = [spawnWorker(target, names.prefix), spawnWorker(target, names.prefix)];
      const written = await writer(target, names);
      assert.equal(written.code, 0, written.stderr);
      const ends = await Promise.all(workers.map((w) => w.exited));
      for (const [i, end] of ends.entries()) assert.equal(end.code, 0, workers[i]!.stderr());
      const summaries = workers.map((w) => JSON.parse(w.stdout()) as { batches: number; events: number });
      // Together they read every batch (a batch read twice, after a lost ack, is harmless and counted here).
      assert.ok(summaries[0]!.batches + summaries[1]!.batches >= shipped.messages, JSON.stringify(summaries));
      const mine = await kept(target);
      assert.deepEqual(mine.aggregates, scanned.aggregates);
      assert.deepEqual(mine.sightings, scanned.sightings);
      assert.equal(mine.alerts.length, scanned.alerts.length);
      assert.deepEqual(mine.alerts, scanned.alerts);

      // Shipping the same files again: JetStream drops every batch as a duplicate; nothing new is stored.
      const again = await ship(target, names, files);
      assert.equal(again.duplicates, again.messages);
      assert.equal(await messagesLeft(await jetstreamManager(nc!), names.logsStream), 0);
    });

  it("kill -9 of one of two workers mid-run: the counts afterwards equal the single-process scan's", async (t) => {
    const files = await ready(t);
    if (files === null) return;
    const names = prefix();
    const target = await freshTarget(dir, "kill", indicatorsFile);
    const shipped = await ship(target, names, files);
    const jsm = await jetstreamManager(nc!);
    // A short ack wait, so the killed worker's batches come back soon.
    const victim = spawnWorker(target, names.prefix, "2");
    const survivor = spawnWorker(target, names.prefix, "2");
    const writing = writer(target, names);
    // Killed once it has taken batches and while a good part of the run is still ahead.
    await until("the first worker is working", () => victim.stderr().includes("worker ready"));
    await until("a fifth of the batches are done", async () => {
      const left = await messagesLeft(jsm, names.logsStream);
      return left < shipped.messages * 0.8;
    });
    assert.ok((await messagesLeft(jsm, names.logsStream)) > shipped.messages * 0.2, "the run ended before the kill");
    victim.child.kill("SIGKILL");
    assert.equal((await victim.exited).signal, "SIGKILL");
    const written = await writing;
    assert.equal(written.code, 0, written.stderr);
    const end = await survivor.exited;
    assert.equal(end.code, 0, survivor.stderr());
    const summary = JSON.parse(survivor.stdout()) as { redelivered: number };
    // The batches the killed worker held came to the survivor after the ack wait.
    assert.ok(summary.redelivered > 0, survivor.stdout());
    const mine = await kept(target);
    assert.deepEqual(mine.aggregates, scanned.aggregates);
    assert.deepEqual(mine.sightings, scanned.sightings);
    assert.deepEqual(mine.alerts, scanned.alerts);
  });

  it("generic JSON lines through a field mapping: scan --mapping and ship --mapping + 2 workers + the writer give the same alerts and sighting counts", async (t) => {
    if (nc === null) {
      serviceMissing(t, `NATS JetStream at ${url}`, natsError);
      return;
    }
    const eve = sharedData(t, "zeek-suricata-stratosphere/suricata/eve.json");
    const ctu = sharedData(t, "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled");
    if (eve === null || ctu === null) return;
    // The EVE file read as generic JSON lines (its addresses and DNS names only), beside a Zeek TSV folder, which stays TSV.
    const mappingFile = join(dir, "eve-mapping.json");
    await writeFile(
      mappingFile,
      JSON.stringify({
        log: "eve-mapped",
        time: "timestamp",
        fields: { src_ip: "ip-src", dest_ip: "ip-dst", "dns.rrname": "domain" },
      }),
    );
    const files = [eve, ctu];
    const single = await freshTarget(dir, "mapped-scan", indicatorsFile);
    const run = await centinela(single, [
      "scan",
      ...files,
      "--mapping",
      mappingFile,
      "--org",
      ORG,
      "--no-analytics",
      "--json",
      "-q",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const scannedMapped = await kept(single);
    const mappedAlerts = scannedMapped.alerts.filter((a) => a.includes(" jsonl:eve-mapped "));
    // 193.46.255.92 in 540 events and www.myedimax.com in 604, as a count of the file finds them.
    assert.equal(mappedAlerts.length, 540 + 604, `${mappedAlerts.length}`);
    assert.ok(scannedMapped.alerts.some((a) => a.includes(" zeek:conn ")));

    const names = prefix();
    const target = await freshTarget(dir, "mapped-nats", indicatorsFile);
    const shipped = await ship(target, names, files, ["--mapping", mappingFile]);
    assert.equal(shipped.badLines, 0);
    const workers = [spawnWorker(target, names.prefix), spawnWorker(target, names.prefix)];
    const written = await writer(target, names);
    assert.equal(written.code, 0, written.stderr);
    for (const [i, end] of (await Promise.all(workers.map((w) => w.exited))).entries())
      assert.equal(end.code, 0, workers[i]!.stderr());
    const mine = await kept(target);
    assert.deepEqual(mine.aggregates, scannedMapped.aggregates);
    assert.deepEqual(mine.sightings, scannedMapped.sightings);
    assert.deepEqual(mine.alerts, scannedMapped.alerts);

    // The same file shipped under another mapping is other events: not dropped as a duplicate.
    const other = join(dir, "eve-mapping-2.json");
    await writeFile(other, JSON.stringify({ log: "eve-mapped", time: "timestamp", fields: { src_ip: "ip-src" } }));
    const again = await ship(target, names, [eve], ["--mapping", other]);
    assert.equal(again.duplicates, 0);
    const same = await ship(target, names, [eve], ["--mapping", other]);
    assert.equal(same.duplicates, same.messages);
  });

  it("ship --mapping refuses a mapping it cannot read or that names an unknown kind, before connecting", async (t) => {
    const eve = sharedData(t, "zeek-suricata-stratosphere/suricata/eve.json");
    if (eve === null) return;
    const target = await freshTarget(dir, "mapped-bad", indicatorsFile);
    const badJson = join(dir, "bad-mapping.json");
    await writeFile(badJson, "{ not json");
    const badKind = join(dir, "bad-kind.json");
    await writeFile(badKind, JSON.stringify({ fields: { src_ip: "planet" } }));
    // An unreachable server: the mapping is refused before it would be tried.
    const env = { CENTINELA_NATS: "nats://127.0.0.1:1", LANG: "en_US.UTF-8" };
    const unreadable = await centinela(target, ["ship", eve, "--org", ORG, "--mapping", badJson], undefined, env);
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /--mapping .*bad-mapping\.json/);
    const unknown = await centinela(target, ["ship", eve, "--org", ORG, "--mapping", badKind], undefined, env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /bad-kind\.json.*src_ip.*planet/);
  });
});
