import assert from "node:assert/strict";
import { test } from "node:test";
import { type Alert, Engine } from "./engine.js";
import { IndicatorIndex } from "./indicator-index.js";
import { JsonLineScanner } from "./json-scan.js";
import { zeekFieldsFor } from "./scan.js";

const ZEEK = { timeKey: "ts", kindKey: "_path", prefix: "zeek", defaultKind: "dns" };

function engineWith(values: string[]): { engine: Engine; alerts: Alert[] } {
  const index = new IndicatorIndex();
  values.forEach((v, i) => {
    const type = /^\d/.test(v) ? "ipv4-addr" : "domain-name";
    const id = `indicator--00000000-0000-4000-8000-${(i + 1).toString(16).padStart(12, "0")}`;
    assert.equal(index.add({ id, pattern: `[${type}:value = '${v}']` }), "exact");
  });
  const alerts: Alert[] = [];
  return { engine: new Engine({ index, onAlert: (a) => alerts.push(a) }), alerts };
}

const line = (o: Record<string, unknown>) => JSON.stringify(o);

test("Zeek JSON read in key order still finds a field that comes earlier or later than learned", () => {
  const { engine, alerts } = engineWith(["203.0.113.7", "bad.example", "198.51.100.9", "evil.example"]);
  const scanner = new JsonLineScanner(engine, zeekFieldsFor("dns"), ZEEK, "dns.json");
  const text = [
    // Zeek's own order: addresses, query, answers.
    line({
      _path: "dns",
      ts: 1,
      "id.orig_h": "10.0.0.1",
      "id.resp_h": "203.0.113.7",
      query: "a.example",
      answers: ["x"],
    }),
    line({ _path: "dns", ts: 2, "id.orig_h": "10.0.0.1", "id.resp_h": "10.0.0.53", query: "bad.example" }),
    // Another producer's order: answers first, query before the addresses.
    line({ _path: "dns", ts: 3, answers: ["evil.example"], query: "bad.example", "id.resp_h": "198.51.100.9" }),
    // A key that merely ends with a field's name is not that field.
    line({ _path: "dns", ts: 4, "xid.resp_h": "203.0.113.7", myquery: "bad.example", "id.orig_h": "10.0.0.2" }),
    // Back to Zeek's order after the order was learned again.
    line({ _path: "dns", ts: 5, "id.orig_h": "203.0.113.7", "id.resp_h": "10.0.0.53", query: "evil.example" }),
  ].join("\n");
  scanner.scanBlock(`${text}\n`, 1);
  const seen = alerts.map((a) => `${a.line} ${a.field} ${a.value}`).sort();
  assert.deepEqual(seen, [
    "1 id.resp_h 203.0.113.7",
    "2 query bad.example",
    "3 answers evil.example",
    "3 id.resp_h 198.51.100.9",
    "3 query bad.example",
    "5 id.orig_h 203.0.113.7",
    "5 query evil.example",
  ]);
  assert.equal(engine.counts.events, 5);
});

test("a field absent from many lines is found again where it comes back", () => {
  const { engine, alerts } = engineWith(["evil.example"]);
  const scanner = new JsonLineScanner(engine, zeekFieldsFor("ssl"), { ...ZEEK, defaultKind: "ssl" }, "ssl.json");
  const lines: string[] = [];
  for (let i = 0; i < 500; i++) {
    const o: Record<string, unknown> = { _path: "ssl", ts: i, "id.orig_h": "10.0.0.1", "id.resp_h": "10.0.0.2" };
    if (i % 97 === 0) o.server_name = "evil.example";
    o.cert_chain_fps = [];
    lines.push(line(o));
  }
  scanner.scanBlock(`${lines.join("\n")}\n`, 1);
  assert.deepEqual(
    alerts.map((a) => a.line),
    [1, 98, 195, 292, 389, 486],
  );
});
