import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { apiPlugin } from "../api/index.js";
import { call, createFixture, listenFixture } from "../taxii/test-fixture.js";
import { createRateBuckets, parseRateLimit, underPrefix } from "./rate-limit.js";
import { createServer } from "./server.js";

/**
 * A second process that fires `count` GETs at `url` with `authorization`, `concurrency` at a
 * time, and prints what came back: how many of each status, the Retry-After values of the 429s
 * and one 429 body.
 */
const LOAD = `
const { URL: url, AUTH: auth, COUNT, CONCURRENCY, XFF } = process.env;
const statuses = {}; const waits = []; let body = null; let sent = 0; const started = Date.now();
async function worker() {
  while (sent < Number(COUNT)) {
    sent++;
    const headers = { accept: "application/taxii+json;version=2.1", authorization: auth };
    if (XFF) headers["x-forwarded-for"] = XFF;
    const r = await fetch(url, { headers });
    statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    const text = await r.text();
    if (r.status === 429) { waits.push(r.headers.get("retry-after")); body ??= { type: r.headers.get("content-type"), text }; }
  }
}
Promise.all(Array.from({ length: Number(CONCURRENCY) }, worker)).then(() => process.stdout.write(JSON.stringify({ statuses, waits, body, ms: Date.now() - started })));
`;

interface Load {
  statuses: Record<string, number>;
  waits: string[];
  body: { type: string; text: string } | null;
  /** How long the load ran. */
  ms: number;
}

function load(env: Record<string, string>): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-e", LOAD], { env: { ...process.env, CONCURRENCY: "8", ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as Load) : reject(new Error(err))));
  });
}

describe("rate limits", () => {
  it("gives each key a burst of perMinute, then one every 60/perMinute s, and says how long to wait", () => {
    const buckets = createRateBuckets(3);
    for (let i = 0; i < 3; i++) assert.equal(buckets.take("a", 1000), 0, `request ${i}`);
    assert.equal(buckets.take("a", 1000), 20, "one more request in 20 s");
    assert.equal(buckets.take("b", 1000), 0, "another key has its own bucket");
    assert.equal(buckets.take("a", 11_000), 10, "half a request refilled after 10 s");
    assert.equal(buckets.take("a", 21_000), 0, "one request refilled after 20 s");
    assert.equal(buckets.take("a", 40_999), 1, "never less than 1 s");
  });

  it("reads N, N/min, N/s and off, and names the option of a bad rate", () => {
    assert.equal(parseRateLimit("600", "--rate-limit"), 600);
    assert.equal(parseRateLimit(" 120/min ", "--rate-limit"), 120);
    assert.equal(parseRateLimit("10/s", "--rate-limit"), 600);
    assert.equal(parseRateLimit("off", "--rate-limit"), 0);
    assert.equal(parseRateLimit("0", "--rate-limit"), 0);
    for (const bad of ["", "-5", "ten", "5/week", "1.5", "00"]) {
      assert.throws(
        () => parseRateLimit(bad, "CENTINELA_RATE_LIMIT"),
        /^Error: CENTINELA_RATE_LIMIT: ".*" is not a rate/,
      );
    }
  });

  it("applies under whole path segments only", () => {
    const prefixes = ["/taxii2", "/api"];
    for (const url of ["/taxii2", "/taxii2/", "/taxii2?x=1", "/api/v1/orgs"])
      assert.equal(underPrefix(url, prefixes), true);
    for (const url of ["/", "/taxii2x", "/apis", "/console/api"]) assert.equal(underPrefix(url, prefixes), false);
  });

  it("answers 429 with Retry-After to a principal hammering TAXII from a second process; others go on", async (t) => {
    const f = await createFixture({ rateLimit: { perPrincipal: 20, perAddress: 10_000 } });
    t.after(() => f.close());
    const root = await listenFixture(f);
    const hammer = load({ URL: root, AUTH: `Bearer ${f.users.alice.token}`, COUNT: "60" });
    // While the other process runs, another principal from the same address is served.
    const bob = await fetch(root, {
      headers: { accept: "application/taxii+json;version=2.1", authorization: `Bearer ${f.users.bob.token}` },
    });
    assert.equal(bob.status, 200, await bob.text());
    const result = await hammer;
    // 20 at once, and at most those refilled while the run lasted (one every 3 s; a loaded machine stretches it).
    const served = result.statuses["200"] ?? 0;
    assert.ok(served >= 20 && served <= 21 + Math.ceil(result.ms / 3000), JSON.stringify(result));
    assert.equal((result.statuses["200"] ?? 0) + (result.statuses["429"] ?? 0), 60, JSON.stringify(result.statuses));
    for (const wait of result.waits) assert.ok(Number(wait) >= 1 && Number(wait) <= 3, `Retry-After ${wait}`);
    assert.match(result.body?.type ?? "", /^application\/taxii\+json;version=2\.1/);
    const error = JSON.parse(result.body?.text ?? "{}") as Record<string, string>;
    assert.equal(error.error_code, "SERVER_TOO_MANY_REQUESTS");
    assert.equal(error.http_status, "429");
    assert.match(error.description ?? "", /demasiadas peticiones de alice; espere \d s/);
    // Alice's own limit holds after the load; Bob's is untouched. On a loaded machine seconds may
    // pass between the load's last request and this one (a token refills every 3 s), so Alice may
    // get the few refilled ones, never more, before the 429.
    let aliceServed = 0;
    while ((await call(f.app, "GET", "", { token: f.users.alice.token })).statusCode === 200) {
      aliceServed++;
      assert.ok(aliceServed <= 5, "Alice's limit holds after the load");
    }
    assert.equal((await call(f.app, "GET", "", { token: f.users.bob.token })).statusCode, 200);
  });

  it("counts addresses before sign-in, by X-Forwarded-For only from a trusted proxy", async (t) => {
    for (const trusted of [false, true]) {
      const f = await createFixture({
        rateLimit: { perPrincipal: 0, perAddress: 10 },
        ...(trusted ? { trustProxy: ["127.0.0.1"] } : {}),
      });
      t.after(() => f.close());
      const root = await listenFixture(f);
      const run = (xff: string) => load({ URL: root, AUTH: `Bearer ${f.users.alice.token}`, COUNT: "15", XFF: xff });
      const first = await run("198.51.100.1");
      assert.equal(first.statuses["200"], 10, JSON.stringify(first));
      assert.equal(first.statuses["429"], 5);
      // Another client behind the proxy: its own count when the proxy is trusted, the same one when not.
      const second = await run("198.51.100.2");
      assert.equal(second.statuses["200"] ?? 0, trusted ? 10 : 0, `trusted ${trusted}: ${JSON.stringify(second)}`);
      // Unsigned requests count too: the address is limited before any credential is checked.
      const anonymous = await fetch(root, {
        headers: { accept: "application/taxii+json;version=2.1", "x-forwarded-for": "198.51.100.1" },
      });
      assert.equal(anonymous.status, 429);
      assert.ok(Number(anonymous.headers.get("retry-after")) >= 1);
    }
  });

  it("answers the REST API's 429 as a problem document, and leaves the limits off at 0", async (t) => {
    const f = await createFixture();
    t.after(() => f.close());
    const app = await createServer({
      store: f.store,
      plugins: [apiPlugin({ store: f.store })],
      rateLimit: { perPrincipal: 2, perAddress: 0 },
    });
    t.after(() => app.close());
    const get = (token: string) =>
      app.inject({
        method: "GET",
        url: `/api/v1/orgs/${f.orgs.a}/assets`,
        headers: { authorization: `Bearer ${token}` },
      });
    assert.equal((await get(f.users.alice.token)).statusCode, 200);
    assert.equal((await get(f.users.alice.token)).statusCode, 200);
    const refused = await get(f.users.alice.token);
    assert.equal(refused.statusCode, 429);
    assert.match(String(refused.headers["content-type"]), /^application\/problem\+json/);
    assert.equal(refused.json().code, "SERVER_TOO_MANY_REQUESTS");
    assert.equal(refused.headers["retry-after"], "30");
    const off = await createServer({
      store: f.store,
      plugins: [apiPlugin({ store: f.store })],
      rateLimit: { perPrincipal: 0, perAddress: 0 },
    });
    t.after(() => off.close());
    for (let i = 0; i < 50; i++) {
      const r = await off.inject({
        method: "GET",
        url: `/api/v1/orgs/${f.orgs.a}/assets`,
        headers: { authorization: `Bearer ${f.users.alice.token}` },
      });
      assert.equal(r.statusCode, 200, `request ${i}`);
    }
  });
});
