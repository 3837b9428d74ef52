import assert from "node:assert/strict";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { gzipSync } from "node:zlib";
import { sharedData } from "../testing/index.js";
import { type Alert, Engine } from "./engine.js";
import { IndicatorIndex } from "./indicator-index.js";
import { parseFieldMapping } from "./mapped-json.js";
import { scanFile } from "./scan.js";

let n = 0;
function indexOf(patterns: string[], extra: Record<string, unknown> = {}): IndicatorIndex {
  const index = new IndicatorIndex();
  for (const pattern of patterns) {
    const id = `indicator--00000000-0000-4000-8000-${(++n).toString(16).padStart(12, "0")}`;
    const outcome = index.add({ id, pattern, valid_from: "2018-01-01T00:00:00Z", ...extra });
    assert.equal(outcome, "exact", pattern);
  }
  return index;
}

async function scan(
  index: IndicatorIndex,
  file: string,
  mapping = null as ReturnType<typeof parseFieldMapping> | null,
) {
  const alerts: Alert[] = [];
  const engine = new Engine({ index, onAlert: (a) => alerts.push(a) });
  const result = await scanFile(file, engine, { mapping, maxLineBytes: 1 << 20 });
  return { alerts, counts: engine.counts, result };
}

async function tmp(name: string, content: string | Buffer): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-scan-"));
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

test("Zeek JSON and TSV of the same real DNS events give the same alerts, with field, log, time and addresses", async (t) => {
  const dir = sharedData(t, "zeek-wrccdc-2018");
  if (dir === null) return;
  const index = indexOf(["[domain-name:value = 'ise.wrccdc.org']", "[ipv4-addr:value = '134.71.3.16']"]);
  const json = await scan(index, join(dir, "zeek-json/dns.json.gz"));
  const tsv = await scan(index, join(dir, "zeek-default/dns.log.gz"));
  assert.equal(json.counts.events, 53615);
  assert.equal(tsv.counts.events, 53615);
  assert.equal(json.counts.badLines, 0);
  assert.equal(json.alerts.length, 22160 + 14316);
  assert.deepEqual(
    json.alerts.map((a) => `${a.line} ${a.indicator_id} ${a.field} ${a.value}`),
    tsv.alerts.map((a) => `${a.line - 8} ${a.indicator_id} ${a.field} ${a.value}`),
  );
  const first = json.alerts[0]!;
  assert.equal(first.kind, "indicator");
  assert.equal(first.log, "zeek:dns");
  assert.equal(first.field, "query");
  assert.equal(first.ts, "2018-03-24T17:15:20.865Z");
  assert.equal(first.src, "10.47.1.100");
  assert.equal(first.dst, "10.0.0.100");
  assert.equal(tsv.alerts[0]!.log, "zeek:dns");
  assert.equal(tsv.alerts[0]!.ts, first.ts);
});

test("Suricata EVE: addresses, DNS names and HTTP hosts", async (t) => {
  const file = sharedData(t, "zeek-suricata-stratosphere/suricata/eve.json");
  if (file === null) return;
  const index = indexOf(["[ipv4-addr:value = '45.143.200.10']"]);
  const { alerts, counts } = await scan(index, file);
  assert.equal(counts.events, 5000);
  assert.equal(counts.badLines, 0);
  assert.ok(alerts.length > 0);
  assert.match(alerts[0]!.log, /^suricata:/);
  assert.equal(alerts[0]!.field, "src_ip");
  assert.equal(alerts[0]!.ts, "2021-06-06T13:58:31.793Z");
});

test("bad lines are counted with their number and the stream goes on", async () => {
  const index = indexOf(["[domain-name:value = 'evil.example']"]);
  const good = (ts: number) => `{"ts":${ts},"id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","query":"evil.example"}`;
  const lines = [
    good(1521911720),
    "\u0000\u0001\u0002garbage\u00ff\u00fe",
    `{"ts":1521911721,"query":12345}`,
    `{"ts":1521911722,"query":"evil.exa`,
    `{"ts":1521911723,"query":"${"x".repeat(2 << 20)}"}`,
    good(1521911724),
  ];
  const file = await tmp("dns.log", `${lines.join("\n")}\n`);
  const { alerts, counts } = await scan(index, file);
  assert.deepEqual(counts.badSamples.map((b) => b.line).sort(), [2, 3, 4, 5]);
  assert.match(counts.badSamples.find((b) => b.line === 3)!.reason, /field query: a number/);
  assert.match(counts.badSamples.find((b) => b.line === 5)!.reason, /longer than/);
  assert.deepEqual(
    alerts.map((a) => a.line),
    [1, 6],
  );
  assert.equal(counts.events, 2);
});

test("a truncated gzip: the lines before are read, the end is one bad line", async () => {
  const index = indexOf(["[domain-name:value = 'evil.example']"]);
  const text = Array.from({ length: 2000 }, (_, i) => `{"ts":${1521911720 + i},"query":"evil.example","n":${i}}`).join(
    "\n",
  );
  const gz = gzipSync(text);
  const file = await tmp("dns.json.gz", gz.subarray(0, Math.floor(gz.length * 0.6)));
  const { alerts, counts } = await scan(index, file);
  assert.ok(alerts.length > 100 && alerts.length < 2000, `${alerts.length}`);
  // The cut-off last line, and the abrupt end itself.
  assert.ok(counts.badLines >= 1 && counts.badLines <= 2, `${counts.badLines}`);
  assert.match(counts.badSamples.at(-1)!.reason, /ends abruptly/);
});

test("TSV: fields found by the header, any log; a short line is bad", async () => {
  const index = indexOf([
    "[ipv4-addr:value = '66.63.168.35']",
    "[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E']",
  ]);
  const file = await tmp(
    "odd.log",
    [
      "#separator \\x09",
      "#set_separator\t,",
      "#empty_field\t(empty)",
      "#unset_field\t-",
      "#path\todd",
      "#fields\tts\tmd5\tid.resp_h",
      "1677024003.7\td41d8cd98f00b204e9800998ecf8427e\t66.63.168.35",
      "1677024004.7\t-",
      "",
    ].join("\n"),
  );
  const { alerts, counts } = await scan(index, file);
  assert.deepEqual(
    alerts.map((a) => `${a.log} ${a.field} ${a.dst}`),
    ["zeek:odd md5 66.63.168.35", "zeek:odd id.resp_h 66.63.168.35"],
  );
  assert.equal(counts.badLines, 1);
});

test("generic JSON lines through a field mapping", async () => {
  const index = indexOf(["[url:value = 'http://evil.example/x.exe']", "[ipv4-addr:value = '10.9.9.9']"]);
  const mapping = parseFieldMapping(
    { log: "proxy", time: "when", fields: { "client.ip": "ip-src", "req.url": "url" } },
    "mapping.json",
  );
  const file = await tmp(
    "proxy.jsonl",
    `{"when":"2020-01-01T00:00:00Z","client":{"ip":"10.9.9.9"},"req":{"url":"HTTP://EVIL.example:80/x.exe#frag"}}\nnot json\n{"client":{"ip":7}}\n`,
  );
  const { alerts, counts } = await scan(index, file, mapping);
  assert.deepEqual(
    alerts.map((a) => `${a.log} ${a.field} ${a.src}`),
    ["jsonl:proxy client.ip 10.9.9.9", "jsonl:proxy req.url 10.9.9.9"],
  );
  assert.equal(counts.badLines, 2);
  assert.throws(
    () => parseFieldMapping({ fields: { a: "ipaddress" } }, "m.json"),
    /el campo "a" tiene el tipo "ipaddress"; use uno de ip, ip-src/,
  );
});
