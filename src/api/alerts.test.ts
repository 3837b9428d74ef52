import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { importObjects, makeIndicator } from "../detect/detect-fixture.js";
// The host the API runs on (a test-only use of the module above this one).
import { createServer } from "../server/index.js";
import { openStore, type Store, type StoredAlert } from "../store/index.js";
import { sharedData } from "../testing/index.js";
import { apiHost } from "./api-fixture.js";
import { apiPlugin } from "./index.js";

/**
 * POST /api/v1/logs and the alerts routes end to end: a real host over a real store (SQLite and
 * PostgreSQL), real indicators imported through ingest, and the real logs of the labelled
 * CTU-SME-11 RemcosRAT capture, a Zeek JSON capture and a Suricata EVE file.
 */

const EXFIL = "indicator--00000000-0000-4000-8000-000000000001";
const EXPIRED = "indicator--00000000-0000-4000-8000-000000000002";
const WPAD = "indicator--00000000-0000-4000-8000-000000000003";
const EVE_IP = "indicator--00000000-0000-4000-8000-000000000004";

const RAT = "zeek-suricata-stratosphere/test18-ctu-sme-11-labeled/conn.log.labeled";
const DNS = "zeek-suricata-stratosphere/test9-mixed-zeek-json/dns.log";
const EVE = "zeek-suricata-stratosphere/suricata/eve.json";

interface Fixture {
  store: Store;
  app: FastifyInstance;
  sct: string;
  call(
    user: string | null,
    method: "GET" | "POST" | "PATCH",
    url: string,
    options?: { body?: string | object; type?: string; lang?: string },
  ): Promise<LightMyRequestResponse>;
}

async function fixture(t: TestContext, backend: "sqlite" | "postgres"): Promise<Fixture | null> {
  const users = [
    ["admin", "CSIRT Nacional", "admin"],
    ["ana", "SCT", "analyst"],
    ["rita", "SCT", "reader"],
    ["otto", "Pemex", "analyst"],
  ] as const;
  const host = await apiHost(t, backend, users, (store) =>
    importObjects(store, [
      makeIndicator(1, "[ipv4-addr:value = '66.63.168.35']"),
      // The same address, valid only in 2020: never alerts on the 2023 capture.
      makeIndicator(2, "[ipv4-addr:value = '66.63.168.35']", {
        valid_from: "2020-01-01T00:00:00Z",
        valid_until: "2021-01-01T00:00:00Z",
      }),
      makeIndicator(3, "[domain-name:value = 'wpad.felk.cvut.cz']", { valid_from: "1970-01-01T00:00:00Z" }),
      makeIndicator(4, "[ipv4-addr:value = '122.248.252.67']"),
    ]),
  );
  if (!host) return null;
  const { store, app, tokens } = host;
  return {
    store,
    app,
    sct: host.orgs.SCT ?? "",
    call: (user, method, url, options = {}) =>
      app.inject({
        method,
        url,
        headers: {
          ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}),
          ...(options.lang ? { "accept-language": options.lang } : {}),
          ...(options.type ? { "content-type": options.type } : {}),
        },
        ...(options.body === undefined ? {} : { payload: options.body }),
      }),
  };
}

const NDJSON = "application/x-ndjson";

interface Summary {
  org: string;
  format: string;
  events: number;
  alerts: number;
  indicators: number;
  outsideValidity: number;
  stored: { added: number; pruned: number };
  sightings: { events: number; newEvents: number; written: number };
  badLines: number;
  firstBadLines: { line: number; reason: string }[];
  top: { indicatorId: string; value: string; count: number }[];
}

/** An alert as the API answers it: the stored alert and its organization's name. */
type AlertRow = StoredAlert & { orgName: string | null; sighting: string | null };

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`detection over REST (${backend})`, () => {
    it("POST /logs matches the RemcosRAT capture at each event's time, keeps alerts and one sighting, and a second post adds nothing", async (t) => {
      const file = sharedData(t, RAT);
      if (!file) return;
      const f = await fixture(t, backend);
      if (!f) return;
      const body = readFileSync(file, "utf8");
      const first = await f.call("ana", "POST", "/api/v1/logs?name=conn.log.labeled", { body, type: "text/plain" });
      assert.equal(first.statusCode, 200, first.body);
      const s = first.json<Summary>();
      assert.equal(s.org, f.sct);
      assert.equal(s.format, "zeek-tsv");
      // `grep -c 66.63.168.35 conn.log.labeled` is 719; the 2020 indicator is outside its validity on each.
      assert.equal(s.alerts, 719);
      assert.equal(s.outsideValidity, 719);
      assert.deepEqual(s.top, [{ indicatorId: EXFIL, value: "66.63.168.35", count: 719 }]);
      assert.equal(s.indicators, 4);
      assert.equal(s.badLines, 0);
      assert.deepEqual(s.stored, { added: 719, pruned: 0 });
      assert.equal(s.sightings.newEvents, 719);
      assert.equal(s.sightings.written, 1);
      const again = (
        await f.call("ana", "POST", "/api/v1/logs?name=conn.log.labeled", { body, type: "text/plain" })
      ).json<Summary>();
      assert.equal(again.alerts, 719);
      assert.deepEqual(again.stored, { added: 0, pruned: 0 });
      assert.equal(again.sightings.newEvents, 0);
      assert.equal(again.sightings.written, 0);
      const sightings = (await f.call("ana", "GET", "/api/v1/sightings")).json<{
        sightings: { id: string; count: number; sightingOf: { id: string } }[];
      }>().sightings;
      assert.deepEqual(
        sightings.map((x) => [x.sightingOf.id, x.count]),
        [[EXFIL, 719]],
      );
      // The stored alert is the log record: file, line, field, addresses, the event's time.
      const page = (await f.call("ana", "GET", "/api/v1/alerts?limit=1")).json<{ alerts: AlertRow[] }>();
      const [a] = page.alerts;
      assert.ok(a);
      assert.equal(a.file, "conn.log.labeled");
      assert.equal(a.log, "zeek:conn");
      assert.equal(a.field, "id.resp_h");
      assert.equal(a.dst, "66.63.168.35");
      assert.equal(a.src, "192.168.1.107");
      assert.equal(a.orgName, "SCT");
      assert.match(String(a.ts), /^2023-02-22T/);
      const line = body.split("\n")[a.line - 1] ?? "";
      assert.match(line, /\t66\.63\.168\.35\t/);
      // The sighting it counts in, for an incident's report; and the alerts on the one value.
      assert.equal(a.sighting, sightings[0]?.id);
      const byValue = (await f.call("ana", "GET", "/api/v1/alerts?value=66.63.168.35&limit=1000")).json<{
        alerts: AlertRow[];
      }>();
      assert.equal(byValue.alerts.length, 719);
      const none = (await f.call("ana", "GET", "/api/v1/alerts?value=66.63.168.3")).json<{ alerts: AlertRow[] }>();
      assert.equal(none.alerts.length, 0);
    });

    it("POST /logs counts bad lines with their numbers and reads the rest; Suricata EVE and mapped JSON too", async (t) => {
      const dnsFile = sharedData(t, DNS);
      const eveFile = sharedData(t, EVE);
      if (!dnsFile || !eveFile) return;
      const f = await fixture(t, backend);
      if (!f) return;
      const lines = readFileSync(dnsFile, "utf8").trimEnd().split("\n");
      const total = lines.length;
      // Line 3 is binary garbage, line 10 a JSON object cut short; the other lines are the capture's.
      lines.splice(2, 0, "\u0000\u0001garbage\u00ff");
      lines.splice(9, 0, '{"ts":1.5,"query":"wpad.felk');
      const posted = await f.call("ana", "POST", "/api/v1/logs?name=dns.log", {
        body: `${lines.join("\n")}\n`,
        type: NDJSON,
      });
      assert.equal(posted.statusCode, 200, posted.body);
      const s = posted.json<Summary>();
      assert.equal(s.format, "zeek-json");
      assert.equal(s.events, total);
      assert.equal(s.badLines, 2);
      assert.deepEqual(
        s.firstBadLines.map((b) => b.line),
        [3, 10],
      );
      // `grep -c wpad.felk.cvut.cz dns.log` is 18, each a query.
      assert.deepEqual(s.top, [{ indicatorId: WPAD, value: "wpad.felk.cvut.cz", count: 18 }]);

      // The national CSIRT posts a Suricata EVE file for SCT; every event with the address alerts.
      const eve = readFileSync(eveFile);
      // Counted apart: the events naming the address as source, destination or DNS answer (rdata).
      const events = eve
        .toString("utf8")
        .split("\n")
        .filter((l) => l.trim() !== "")
        .map((l) => JSON.parse(l) as { src_ip?: string; dest_ip?: string; dns?: { answers?: { rdata?: string }[] } });
      const ip = "122.248.252.67";
      const connections = events.filter((o) => o.src_ip === ip || o.dest_ip === ip).length;
      const answers = events.filter((o) => (o.dns?.answers ?? []).some((a) => a.rdata === ip)).length;
      assert.deepEqual([connections, answers], [100, 302]);
      const e = (
        await f.call("admin", "POST", "/api/v1/logs?org=SCT&name=eve.json", { body: eve, type: NDJSON })
      ).json<Summary>();
      assert.equal(e.format, "eve");
      assert.equal(e.org, f.sct);
      assert.equal(e.events, 5000);
      assert.equal(e.badLines, 0);
      assert.equal(e.top.find((x) => x.indicatorId === EVE_IP)?.count, connections + answers);
      // The same file through a field mapping of the addresses alone finds the connections.
      const mapping = JSON.stringify({
        log: "eve-mapped",
        time: "timestamp",
        fields: { src_ip: "ip-src", dest_ip: "ip-dst" },
      });
      const m = (
        await f.call("admin", "POST", `/api/v1/logs?org=SCT&mapping=${encodeURIComponent(mapping)}`, {
          body: eve,
          type: NDJSON,
        })
      ).json<Summary>();
      assert.equal(m.format, "mapped");
      assert.equal(m.top.find((x) => x.indicatorId === EVE_IP)?.count, connections);
    });

    it("POST /logs is decided by the rulebook and refuses bad input in the caller's language", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const line = '{"ts":1677024000.5,"id.orig_h":"192.168.1.107","id.resp_h":"66.63.168.35","query":"x.example"}\n';
      const post = (user: string | null, query = "", lang?: string, body: string = line) =>
        f.call(user, "POST", `/api/v1/logs${query}`, { body, type: NDJSON, ...(lang ? { lang } : {}) });
      assert.equal((await post(null)).statusCode, 401);
      const reader = await post("rita");
      assert.equal(reader.statusCode, 403);
      assert.match(reader.json<{ message: string }>().message, /papel analyst.*«reader»/);
      assert.match((await post("rita", "", "en")).json<{ message: string }>().message, /analyst role.*«reader»/);
      // Another organization is not there for an analyst of Pemex.
      const other = await post("otto", "?org=SCT");
      assert.equal(other.statusCode, 404);
      assert.match(other.json<{ message: string }>().message, /«SCT»/);
      assert.equal((await post("otto")).json<Summary>().alerts, 1);
      const empty = await post("ana", "", "en", "  \n");
      assert.equal(empty.statusCode, 400);
      assert.match(empty.json<{ message: string }>().message, /body is empty/);
      const unknown = await post("ana", "?orgs=SCT");
      assert.equal(unknown.statusCode, 400);
      assert.match(unknown.json<{ message: string }>().message, /«orgs» no existe.*org, name, format, mapping/);
      const format = await post("ana", "?format=csv", "en");
      assert.equal(format.statusCode, 400);
      assert.match(format.json<{ message: string }>().message, /«format».*zeek, eve, mapped/);
      const mapping = await post("ana", `?mapping=${encodeURIComponent('{"fields":{"a":"planet"}}')}`, "en");
      assert.equal(mapping.statusCode, 400);
      assert.match(mapping.json<{ message: string }>().message, /«mapping».*planet/);
      const unreadable = await post("ana", "", "en", "hello\nworld\n");
      assert.equal(unreadable.statusCode, 400);
      assert.match(unreadable.json<{ message: string }>().message, /no line of the body/);
      const big = await post("ana", "", undefined, line.repeat(Math.ceil((17 * 1024 * 1024) / line.length)));
      assert.equal(big.statusCode, 413);
    });

    it("GET /alerts pages by keyset and filters by kind, status, indicator, time and organization; PATCH acknowledges with a note", async (t) => {
      const file = sharedData(t, RAT);
      if (!file) return;
      const f = await fixture(t, backend);
      if (!f) return;
      const body = readFileSync(file, "utf8");
      assert.equal((await f.call("ana", "POST", "/api/v1/logs", { body, type: "text/plain" })).statusCode, 200);
      const line = '{"ts":1677024000.5,"id.orig_h":"10.1.1.1","id.resp_h":"66.63.168.35"}\n';
      assert.equal((await f.call("otto", "POST", "/api/v1/logs", { body: line, type: NDJSON })).statusCode, 200);
      const seen: AlertRow[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/v1/alerts?limit=100&kind=indicator${after ? `&after=${after}` : ""}`;
        const res: LightMyRequestResponse = await f.call("ana", "GET", url);
        assert.equal(res.statusCode, 200, res.body);
        const page = res.json<{ alerts: AlertRow[]; next: string | null }>();
        seen.push(...page.alerts);
        after = page.next;
        pages++;
      } while (after !== null);
      assert.equal(pages, 8);
      assert.equal(seen.length, 719);
      assert.equal(new Set(seen.map((a) => a.id)).size, 719);
      assert.ok(seen.every((a) => a.orgId === f.sct));
      const times = seen.map((a) => a.ts ?? "");
      assert.deepEqual(times, [...times].sort().reverse());
      // The national CSIRT sees both organizations', and narrows to one by name.
      const all = (await f.call("admin", "GET", "/api/v1/alerts?limit=1000")).json<{ alerts: AlertRow[] }>();
      assert.equal(all.alerts.length, 720);
      const pemex = (await f.call("admin", "GET", "/api/v1/alerts?org=Pemex")).json<{ alerts: AlertRow[] }>();
      assert.deepEqual(
        pemex.alerts.map((a) => a.src),
        ["10.1.1.1"],
      );
      assert.equal((await f.call("otto", "GET", "/api/v1/alerts?org=SCT")).statusCode, 404);
      // A time window by the events' own time.
      const mid = times[360] ?? "";
      const window = (
        await f.call("ana", "GET", `/api/v1/alerts?limit=1000&indicator=${EXFIL}&from=${encodeURIComponent(mid)}`)
      ).json<{ alerts: AlertRow[] }>();
      assert.equal(window.alerts.length, times.filter((x) => x >= mid).length);
      assert.equal(
        (await f.call("ana", "GET", `/api/v1/alerts?indicator=${EXPIRED}`)).json<{ alerts: [] }>().alerts.length,
        0,
      );

      // Acknowledge with a note; a reader may not; another organization's is not found.
      const [one, two] = seen;
      assert.ok(one && two);
      const ack = await f.call("ana", "PATCH", `/api/v1/alerts/${one.id}`, {
        body: { status: "acknowledged", note: "host 192.168.1.107 aislado" },
      });
      assert.equal(ack.statusCode, 200, ack.body);
      assert.equal(ack.json<AlertRow>().status, "acknowledged");
      assert.equal(ack.json<AlertRow>().statusBy, "ana");
      assert.equal(ack.json<AlertRow>().note, "host 192.168.1.107 aislado");
      const rita = await f.call("rita", "PATCH", `/api/v1/alerts/${two.id}`, { body: { status: "dismissed" } });
      assert.equal(rita.statusCode, 403);
      assert.equal(
        (await f.call("otto", "PATCH", `/api/v1/alerts/${two.id}`, { body: { status: "dismissed" } })).statusCode,
        404,
      );
      assert.equal(
        (await f.call("ana", "PATCH", `/api/v1/alerts/${two.id}`, { body: { status: "dismissed" } })).statusCode,
        200,
      );
      const open = (await f.call("ana", "GET", "/api/v1/alerts?limit=1000&status=new")).json<{ alerts: AlertRow[] }>();
      assert.equal(open.alerts.length, 717);
      const done = (await f.call("rita", "GET", "/api/v1/alerts?status=acknowledged,dismissed")).json<{
        alerts: AlertRow[];
      }>();
      assert.deepEqual(done.alerts.map((a) => a.id).sort(), [one.id, two.id].sort());
      const got = (await f.call("rita", "GET", `/api/v1/alerts/${one.id}`)).json<AlertRow>();
      assert.equal(got.note, "host 192.168.1.107 aislado");

      // The histogram adds up to the list.
      const histogram = (await f.call("ana", "GET", "/api/v1/alerts/histogram?bucket=day")).json<{
        buckets: { bucket: string; kind: string; count: number }[];
      }>();
      assert.deepEqual(histogram.buckets, [{ bucket: "2023-02-22", kind: "indicator", count: 719 }]);

      // The indicators seen most: counted in the store, named through TLP, in the caller's scope.
      type Top = { indicators: { id: string; title: string | null; count: number; organizations: number }[] };
      const mine = (await f.call("ana", "GET", "/api/v1/alerts/top-indicators")).json<Top>();
      assert.deepEqual(
        mine.indicators.map((x) => [x.id, x.count, x.organizations]),
        [[EXFIL, 719, 1]],
      );
      // The fixture's indicators are unmarked, imported by the system: TLP lets no organization read them, so
      // they are counted (the alerts are the organization's) but not named.
      assert.equal(mine.indicators[0]?.title, null);
      const national = (await f.call("admin", "GET", "/api/v1/alerts/top-indicators?limit=5")).json<Top>();
      assert.deepEqual(
        national.indicators.map((x) => [x.id, x.count, x.organizations]),
        [[EXFIL, 720, 2]],
      );
      const theirs = (await f.call("otto", "GET", "/api/v1/alerts/top-indicators")).json<Top>();
      assert.deepEqual(
        theirs.indicators.map((x) => x.count),
        [1],
      );
      const late = (await f.call("ana", "GET", "/api/v1/alerts/top-indicators?from=2030-01-01")).json<Top>();
      assert.deepEqual(late.indicators, []);
    });

    it("GET /alerts and PATCH refuse bad input naming the parameter, in Spanish or English", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const message = async (url: string, lang?: string, method: "GET" | "PATCH" = "GET", body?: object) => {
        const res = await f.call("ana", method, url, { ...(lang ? { lang } : {}), ...(body ? { body } : {}) });
        assert.equal(res.statusCode, 400, res.body);
        return res.json<{ message: string }>().message;
      };
      assert.match(await message("/api/v1/alerts?kind=worm"), /parámetro «kind» no es válido.*indicator, exfiltration/);
      assert.match(await message("/api/v1/alerts?kind=worm", "en"), /parameter «kind» is not valid/);
      assert.match(await message("/api/v1/alerts?status=open", "en"), /«status».*new, acknowledged, dismissed/);
      assert.match(await message("/api/v1/alerts?from=ayer"), /«from».*ISO 8601/);
      assert.match(await message("/api/v1/alerts?limit=0", "en"), /«limit».*1 to 1000/);
      assert.match(await message("/api/v1/alerts?after=zzz", "en"), /«after».*next/);
      assert.match(await message("/api/v1/alerts?indicator=evil", "en"), /«indicator».*indicator--/);
      assert.match(await message("/api/v1/alerts?sort=ts", "en"), /no parameter «sort».*kind, status/);
      assert.match(await message("/api/v1/alerts/histogram?bucket=week", "en"), /«bucket».*day, hour or minute/);
      assert.match(await message("/api/v1/alerts/top-indicators?limit=101", "en"), /«limit»/);
      const id = "0".repeat(32);
      assert.match(await message(`/api/v1/alerts/${id}`, "en", "PATCH", { status: "done" }), /«status».*one of new/);
      assert.match(await message(`/api/v1/alerts/${id}`, undefined, "PATCH", { note: "x" }), /falta el campo «status»/);
      assert.match(await message("/api/v1/alerts/xyz", "en"), /«id».*32 hexadecimal/);
      const missing = await f.call("ana", "GET", `/api/v1/alerts/${id}`, { lang: "en" });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json<{ message: string }>().message, /no alert/);
    });
  });
}

describe("the OpenAPI document", () => {
  it("describes POST /logs and the alert routes with their parameters", async (t) => {
    const dir = mkdtempSync(join(tmpdir(), "centinela-alerts-openapi-"));
    const store = await openStore({ dataDir: dir });
    const app = await createServer({ store, plugins: [apiPlugin({ store })] });
    t.after(async () => {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    });
    const doc = (await app.inject({ method: "GET", url: "/api/v1/openapi.json" })).json<{
      paths: Record<string, Record<string, { parameters?: { name: string }[]; requestBody?: unknown }>>;
    }>();
    const names = (path: string, method: string) => (doc.paths[path]?.[method]?.parameters ?? []).map((p) => p.name);
    assert.deepEqual(names("/api/v1/logs", "post").sort(), ["format", "mapping", "name", "org"]);
    assert.deepEqual(names("/api/v1/alerts", "get").sort(), [
      "after",
      "from",
      "indicator",
      "kind",
      "limit",
      "org",
      "status",
      "to",
      "value",
    ]);
    assert.ok(names("/api/v1/alerts/histogram", "get").includes("bucket"));
    assert.ok(names("/api/v1/alerts/top-indicators", "get").includes("limit"));
    assert.ok(doc.paths["/api/v1/alerts/{id}"]?.patch?.requestBody);
    assert.ok(doc.paths["/api/v1/alerts/{id}"]?.get);
  });
});
