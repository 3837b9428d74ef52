import assert from "node:assert/strict";
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import { headers } from "@nats-io/transport-node";
import { serviceMissing, sharedData } from "../../testing/index.js";
import { importObjects, makeIndicator, withDetectStore } from "../detect-fixture.js";
import { IndicatorIndex } from "../indicator-index.js";
import { parseFieldMapping } from "../mapped-json.js";
import { type BatchResult, H, readLogBatch } from "./messages.js";
import { connectNats, ensureScaleOut, natsUrl, removeScaleOut, scaleOutNames } from "./nats.js";
import { shipFiles } from "./ship.js";
import { announceIndexVersion, BatchMatcher, matchBatch, resultParts, runWorker, type WorkerCounts } from "./worker.js";

async function until(what: string, check: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test("a running worker re-reads the store when a new index version is announced: an added indicator matches, a revoked one no longer", async (t) => {
  const conn = sharedData(t, "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled/conn.log.labeled");
  if (conn === null) return;
  let nc: Awaited<ReturnType<typeof connectNats>>;
  try {
    nc = await connectNats(natsUrl(), "centinela-test");
  } catch (error) {
    serviceMissing(t, `NATS JetStream at ${natsUrl()}`, error);
    return;
  }
  const names = scaleOutNames(`t${process.pid}r${Math.random().toString(36).slice(2, 8)}`);
  const jsm = await jetstreamManager(nc);
  const dir = await mkdtemp(join(tmpdir(), "centinela-reload-"));
  try {
    await ensureScaleOut(jsm, names);
    await withDetectStore(async (store) => {
      await importObjects(store, [makeIndicator(1, "[ipv4-addr:value = '203.0.113.9']")]);
      const reloads: Array<{ why: string; read: number; indicators: number }> = [];
      let counts: WorkerCounts | null = null;
      const stop = new AbortController();
      const running = runWorker({
        nc,
        names,
        store,
        reloadEveryMs: 0,
        signal: stop.signal,
        onReload: (report, why, indicators) => reloads.push({ why, read: report.read, indicators }),
        onBatch: (c) => {
          counts = { ...c };
        },
      });
      const batches = () => (counts as WorkerCounts | null)?.batches ?? 0;
      const alerts = () => (counts as WorkerCounts | null)?.alerts ?? 0;
      // The same capture under three names, so JetStream does not drop the later ones as re-ships.
      const ship = async (n: number) => {
        const file = join(dir, `conn-${n}.log`);
        await copyFile(conn, file);
        const before = batches();
        const shipped = await shipFiles([file], { js: jetstream(nc), names, org: "org-test", maxLineBytes: 1 << 20 });
        await until(`batch ${n} is matched`, () => batches() >= before + shipped.messages);
      };
      await until("the worker has loaded the index", () => reloads.length > 0);
      assert.deepEqual(reloads[0], { why: "start", read: 1, indicators: 1 });
      await ship(1);
      assert.equal(alerts(), 0);

      await importObjects(store, [makeIndicator(2, "[ipv4-addr:value = '66.63.168.35']")]);
      await announceIndexVersion(nc, names, new Date().toISOString());
      await ship(2);
      assert.deepEqual(reloads.at(-1), { why: "announced", read: 1, indicators: 2 });
      // `grep -c 66.63.168.35 conn.log.labeled` is 719.
      assert.equal(alerts(), 719);

      await importObjects(store, [
        makeIndicator(2, "[ipv4-addr:value = '66.63.168.35']", {
          modified: "2019-01-01T00:00:00.000Z",
          revoked: true,
        }),
      ]);
      await announceIndexVersion(nc, names, new Date().toISOString());
      await ship(3);
      assert.deepEqual(reloads.at(-1), { why: "announced", read: 1, indicators: 1 });
      assert.equal(alerts(), 719);
      stop.abort();
      await running;
    });
  } finally {
    await removeScaleOut(jsm, names);
    await nc.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("a Zeek TSV batch cut from the middle of a file is read under the file's header lines", () => {
  const index = new IndicatorIndex();
  index.add({ id: makeIndicator(9, "").id as string, pattern: "[ipv4-addr:value = '66.63.168.35']" });
  const header = ["#separator \\x09", "#path\tconn", "#fields\tts\tid.orig_h\tid.resp_h", ""].join("\n");
  const result = matchBatch(index, null, {
    org: "org-x",
    file: "conn.log",
    firstLine: 1001,
    format: "zeek-tsv",
    tsvHeader: header,
    mapping: null,
    text: "1677024003.7\t192.168.1.107\t66.63.168.35\n1677024004.7\t192.168.1.107\n",
    id: "x",
  });
  assert.equal(result.events, 1);
  assert.deepEqual(
    result.alerts.map((a) => `${a.line} ${a.log} ${a.field} ${a.src}`),
    ["1001 zeek:conn id.resp_h 192.168.1.107"],
  );
  assert.deepEqual(
    result.bad.map((b) => b.line),
    [1002],
  );
});

test("a batch of generic JSON lines carries its field mapping and is read through it; without a readable one it is not ours", () => {
  const mapping = parseFieldMapping(
    { log: "proxy", time: "when", fields: { "client.ip": "ip-src", "req.host": "domain" } },
    "proxy.json",
  );
  const hdrs = (m: string | null) => {
    const h = headers();
    h.set(H.org, "org-x");
    h.set(H.file, "proxy.jsonl");
    h.set(H.line, "7");
    h.set(H.format, "mapped");
    if (m !== null) h.set(H.mapping, m);
    return h;
  };
  const body = '{"when":"2023-02-22T00:00:03Z","client":{"ip":"192.168.1.107"},"req":{"host":"evil.example"}}\n';
  const batch = readLogBatch(hdrs(Buffer.from(mapping.json).toString("base64")), body);
  assert.ok(batch !== null);
  assert.deepEqual(batch.mapping, mapping);
  const index = new IndicatorIndex();
  index.add({ id: makeIndicator(9, "").id as string, pattern: "[domain-name:value = 'evil.example']" });
  const result = matchBatch(index, null, batch);
  assert.deepEqual(
    result.alerts.map((a) => `${a.line} ${a.log} ${a.field} ${a.src} ${a.ts}`),
    ["7 jsonl:proxy req.host 192.168.1.107 2023-02-22T00:00:03.000Z"],
  );
  for (const bad of [
    null,
    "",
    Buffer.from("{not json").toString("base64"),
    Buffer.from('{"fields":{"a":"planet"}}').toString("base64"),
  ])
    assert.equal(readLogBatch(hdrs(bad), body), null, String(bad));
});

test("one BatchMatcher over batch after batch of two real files, interleaved, gives each batch the result a fresh engine gives it", async (t) => {
  const conn = sharedData(t, "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled/conn.log.labeled");
  const dns = sharedData(t, "zeek-suricata-stratosphere/test9-mixed-zeek-json/dns.log");
  if (conn === null || dns === null) return;
  const index = new IndicatorIndex();
  index.add({ id: makeIndicator(1, "").id as string, pattern: "[ipv4-addr:value = '66.63.168.35']" });
  index.add({ id: makeIndicator(2, "").id as string, pattern: "[ipv4-addr:value = '147.32.82.19']" });
  const { readFile } = await import("node:fs/promises");
  /** A file cut in batches of 50 lines, as ship cuts it (a TSV batch with the header lines before it). */
  const cut = (file: string, text: string, format: "zeek-tsv" | "zeek-json") => {
    const lines = text.split("\n").filter((l) => l !== "");
    const header = format === "zeek-tsv" ? lines.filter((l) => l.startsWith("#") && !l.startsWith("#close")) : [];
    return Array.from({ length: Math.ceil(lines.length / 50) }, (_, k) => ({
      org: "o",
      file,
      firstLine: 1 + k * 50,
      format,
      tsvHeader: k === 0 || header.length === 0 ? "" : `${header.join("\n")}\n`,
      mapping: null,
      // A bad line in each batch of the JSON log: counted in that batch's result only.
      text: `${lines.slice(k * 50, k * 50 + 50).join("\n")}\n${format === "zeek-json" ? "{garbage\n" : ""}`,
      id: `${file}${k}`,
    }));
  };
  const a = cut("conn.log", await readFile(conn, "utf8"), "zeek-tsv");
  const b = cut("dns.log", await readFile(dns, "utf8"), "zeek-json");
  const mixed = Array.from({ length: Math.max(a.length, b.length) }, (_, k) => [a[k], b[k]]).flat();
  const m = new BatchMatcher(null);
  let alerts = 0;
  for (const batch of mixed) {
    if (batch === undefined) continue;
    const reused = m.match(index, batch);
    assert.deepEqual(reused, matchBatch(index, null, batch), `${batch.file} ${batch.firstLine}`);
    alerts += reused.alerts.length;
  }
  // The RemcosRAT connections (719) and the queries to the university's DNS server (144), batch by batch.
  assert.equal(alerts, 719 + 144);
});

test("a result too big for one message is split, the counts carried once", () => {
  const alert = { kind: "indicator", indicator_id: "i", value: "v", field: "f", log: "l", file: "f", line: 1 };
  const result = {
    v: 1,
    org: "o",
    file: "f",
    line: 1,
    events: 500,
    badLines: 2,
    suppressed: 0,
    outsideValidity: 0,
    unconfirmed: 0,
    bad: [],
    alerts: Array.from({ length: 500 }, (_, i) => ({
      ...alert,
      line: i,
      ts: null,
      src: null,
      dst: null,
      event: `${i}`,
    })),
  } as BatchResult;
  const parts = resultParts(result, 8 * 1024).map((p) => JSON.parse(p) as BatchResult);
  assert.ok(parts.length > 4);
  for (const p of parts) assert.ok(JSON.stringify(p).length <= 8 * 1024);
  assert.equal(
    parts.reduce((n, p) => n + p.events, 0),
    500,
  );
  assert.deepEqual(
    parts.flatMap((p) => p.alerts.map((a) => a.line)),
    result.alerts.map((a) => a.line),
  );
});
