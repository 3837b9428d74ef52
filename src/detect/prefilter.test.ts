import assert from "node:assert/strict";
import { test } from "node:test";
import { type Alert, Engine } from "./engine.js";
import { FieldKind } from "./fields.js";
import { IndicatorIndex } from "./indicator-index.js";
import { JsonLineScanner } from "./json-scan.js";
import { zeekFieldsFor } from "./scan.js";

const ZEEK = { timeKey: "ts", kindKey: "_path", prefix: "zeek", defaultKind: "dns" };

let n = 0;
function add(index: IndicatorIndex, pattern: string): string {
  n++;
  const id = `indicator--00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
  assert.equal(index.add({ id, pattern, valid_from: "2018-01-01T00:00:00Z" }), "exact", pattern);
  return id;
}

/** Scans DNS lines (one per query, answers optional) and returns "line field value" per alert. */
function scanDns(index: IndicatorIndex, rows: Array<{ query: string; answers?: string[]; resp?: string }>): string[] {
  const alerts: Alert[] = [];
  const engine = new Engine({ index, onAlert: (a) => alerts.push(a) });
  const scanner = new JsonLineScanner(engine, zeekFieldsFor("dns"), ZEEK, "dns.json");
  const text = rows
    .map((r, i) =>
      JSON.stringify({
        _path: "dns",
        ts: "2018-03-24T17:15:20.865716Z",
        uid: `C${i}`,
        "id.orig_h": "10.47.1.100",
        "id.resp_h": r.resp ?? "10.0.0.100",
        query: r.query,
        ...(r.answers === undefined ? {} : { answers: r.answers }),
      }),
    )
    .join("\n");
  scanner.scanBlock(`${text}\n`, 1);
  return alerts.map((a) => `${a.line} ${a.field} ${a.value}`);
}

test("the pre-filter keeps every kind of domain and address match the lookups make, read in place", () => {
  const index = new IndicatorIndex();
  add(index, "[domain-name:value = 'higan.org']");
  add(index, "[domain-name:value LIKE '%.evil.example']");
  add(index, "[ipv4-addr:value = '66.63.168.0/24']");
  add(index, "[ipv4-addr:value = '178.237.33.50']");
  add(index, "[domain-name:value = 'bad.example']");
  for (let i = 0; i < 5000; i++) add(index, `[domain-name:value = 'filler${i}.example-bad.net']`);
  const seen = scanDns(index, [
    { query: "higan.org" },
    { query: "HIGAN.Org" },
    { query: "michigan.org" },
    { query: "www.higan.org" },
    { query: "a.b.EVIL.example", answers: ["66.63.168.35", "10.1.1.1"] },
    { query: "evil.example" },
    { query: "notevil.example" },
    { query: "x", answers: ["178.237.33.50"] },
    { query: "bad.example." },
    // Written with an escape: decoded before the lookup.
    { query: "\u0062ad.example" },
    { query: "x", resp: "66.63.168.9" },
    { query: "x", answers: ["66.63.169.1", "2001:db8::1", "higan.org"] },
  ]);
  assert.deepEqual(seen, [
    "1 query higan.org",
    "2 query HIGAN.Org",
    "5 query a.b.EVIL.example",
    "5 answers 66.63.168.35",
    "8 answers 178.237.33.50",
    "9 query bad.example.",
    "10 query bad.example",
    "11 id.resp_h 66.63.168.9",
    "12 answers higan.org",
  ]);
});

test("a value escaped in the log text (\\u) is decoded and found; a raw backslash never passes for a miss", () => {
  const index = new IndicatorIndex();
  add(index, "[domain-name:value = 'bad.example']");
  const alerts: Alert[] = [];
  const engine = new Engine({ index, onAlert: (a) => alerts.push(a) });
  const scanner = new JsonLineScanner(engine, zeekFieldsFor("dns"), ZEEK, "dns.json");
  const lines = [
    '{"_path":"dns","ts":"2018-03-24T17:15:20Z","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","query":"\\u0062ad.example"}',
    '{"_path":"dns","ts":"2018-03-24T17:15:21Z","id.orig_h":"10.0.0.1","id.resp_h":"10.0.0.2","query":"x","answers":["b\\u0061d.example"]}',
  ];
  scanner.scanBlock(`${lines.join("\n")}\n`, 1);
  assert.deepEqual(
    alerts.map((a) => `${a.line} ${a.value}`),
    ["1 bad.example", "2 bad.example"],
  );
});

test("the pre-filter follows the index: extended by adds, dropped and rebuilt after removals, replaced with the index", () => {
  const index = new IndicatorIndex();
  const ids: string[] = [];
  for (let i = 0; i < 100; i++) ids.push(add(index, `[domain-name:value = 'old${i}.example']`));
  const first = index.filter();
  assert.deepEqual(scanDns(index, [{ query: "old7.example" }, { query: "new.example" }]), ["1 query old7.example"]);
  // Added after the filter was built: found through the same filter.
  add(index, "[domain-name:value = 'new.example']");
  assert.equal(index.filter(), first, "an add extends the filter in place");
  assert.deepEqual(scanDns(index, [{ query: "new.example" }]), ["1 query new.example"]);
  // Removing more than half the values drops the old filter: the next is built from what is held.
  for (const id of ids.slice(0, 60)) index.remove(id);
  const second = index.filter();
  assert.notEqual(second, first);
  assert.equal(second.entries, 41);
  assert.deepEqual(scanDns(index, [{ query: "old7.example" }, { query: "old70.example" }, { query: "new.example" }]), [
    "2 query old70.example",
    "3 query new.example",
  ]);
  // Growing far past its size makes a larger one.
  for (let i = 0; i < 50_000; i++)
    add(index, `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`);
  const third = index.filter();
  assert.notEqual(third, second);
  assert.ok(third.bits.length > second.bits.length);
  assert.deepEqual(scanDns(index, [{ query: "x", resp: "10.0.195.79" }]), ["1 id.resp_h 10.0.195.79"]);
});

test("in place and by string the engine finds the same: random names and addresses against the index's lookups", () => {
  const index = new IndicatorIndex();
  let seed = 42;
  const rand = (k: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % k;
  };
  const label = () => ["a", "bc", "Evil", "x1", "DEF", "q-r"][rand(6)]!;
  const name = () => Array.from({ length: 1 + rand(4) }, label).join(".");
  const addr = () => `${1 + rand(3)}.${rand(3)}.${rand(3)}.${rand(3)}`;
  for (let i = 0; i < 300; i++) {
    const r = rand(4);
    if (r === 0) add(index, `[domain-name:value = '${name().toLowerCase()}']`);
    else if (r === 1) add(index, `[domain-name:value LIKE '%.${name().toLowerCase()}']`);
    else if (r === 2) add(index, `[ipv4-addr:value = '${addr()}']`);
    else add(index, `[ipv4-addr:value = '${addr().replace(/\.\d+$/, ".0")}/${24 + rand(2) * 6}']`);
  }
  const rows = Array.from({ length: 3000 }, () => ({
    query: name(),
    answers: [addr(), name()],
    resp: addr(),
  }));
  const got = scanDns(index, rows);
  // The truth: the engine given each value as a string (value(), no pre-filter), as before it.
  const want: string[] = [];
  const byString = new Engine({ index, onAlert: (a) => want.push(`${a.line} ${a.field} ${a.value}`) });
  rows.forEach((r, i) => {
    byString.value(FieldKind.IP, 1, "id.orig_h", "10.47.1.100");
    byString.value(FieldKind.IP, 2, "id.resp_h", r.resp);
    byString.value(FieldKind.HOST, 0, "query", r.query);
    for (const a of r.answers) byString.value(FieldKind.HOST, 0, "answers", a);
    byString.endEvent({ file: "dns.json", line: i + 1, log: () => "zeek:dns", text: () => `${i}`, time: () => 1.6e12 });
  });
  assert.ok(want.length > 100, `the case exercises hits (${want.length})`);
  assert.deepEqual([...got].sort(), [...want].sort());
});
