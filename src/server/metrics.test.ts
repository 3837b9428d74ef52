import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import type { FastifyInstance } from "fastify";
// The REST API and the detection fixture, to count real requests, objects and detection events
// (a test-only use of the modules the host mounts).
import { apiHost } from "../api/api-fixture.js";
import { importObjects, makeIndicator } from "../detect/detect-fixture.js";
import { recordFeedRun } from "../metrics/index.js";
import { isLoopback, METRICS_PATH, type MetricsOptions } from "./metrics.js";

const METRICS_TOKEN = "metrics-token-0123456789abcdef";

interface Host {
  app: FastifyInstance;
  /** An analyst's API token (a user's, not the metrics token). */
  userToken: string;
}

/** A host with the REST API over a store holding two indicators, its metrics as `metrics` says. */
async function host(t: TestContext, metrics: MetricsOptions | false): Promise<Host> {
  const api = await apiHost(
    t,
    "sqlite",
    [["ana", "SCT", "analyst"]],
    (store) =>
      importObjects(store, [
        makeIndicator(1, "[ipv4-addr:value = '66.63.168.35']"),
        makeIndicator(2, "[domain-name:value = 'evil.example']"),
      ]),
    { metrics },
  );
  if (!api) throw new Error("a SQLite host is always made");
  return { app: api.app, userToken: api.tokens.ana ?? "" };
}

/** The value of the sample `name{labels}` in a Prometheus text answer, or null. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const wanted = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (wanted) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return null;
}

describe("/metrics", () => {
  it("refuses without the metrics token, and with a user's credentials; counts requests, objects, feeds and detection with it", async (t) => {
    const { app, userToken } = await host(t, { token: METRICS_TOKEN });
    const none = await app.inject({ method: "GET", url: METRICS_PATH });
    assert.equal(none.statusCode, 401);
    assert.equal(none.json().code, "SERVER_UNAUTHORIZED");
    assert.match(String(none.headers["www-authenticate"]), /^Bearer/);
    assert.match(none.json().detail, /token de métricas/);
    const english = await app.inject({ method: "GET", url: METRICS_PATH, headers: { "accept-language": "en" } });
    assert.match(english.json().detail, /^the metrics need the metrics token/);
    // A user's API token signs in everywhere else, but is not the metrics token.
    const user = await app.inject({
      method: "GET",
      url: METRICS_PATH,
      headers: { authorization: `Bearer ${userToken}` },
    });
    assert.equal(user.statusCode, 401);
    assert.match(user.json().detail, /no es el de este servidor/);
    const basic = await app.inject({
      method: "GET",
      url: METRICS_PATH,
      headers: { authorization: `Basic ${Buffer.from(`metrics:${METRICS_TOKEN}`).toString("base64")}` },
    });
    assert.equal(basic.statusCode, 401);
    // Neither the local rule nor a trailing slash opens it once a token is set.
    assert.equal((await app.inject({ method: "GET", url: `${METRICS_PATH}/` })).statusCode, 401);

    // Traffic to count: a probe, an unknown path, an API read, and a post of log lines.
    await app.inject({ method: "GET", url: "/healthz" });
    await app.inject({ method: "GET", url: "/no/such/path" });
    const auth = { authorization: `Bearer ${userToken}` };
    assert.equal((await app.inject({ method: "GET", url: "/api/v1/alerts", headers: auth })).statusCode, 200);
    const lines = [
      JSON.stringify({
        _path: "conn",
        ts: 1700000000,
        "id.orig_h": "10.0.0.1",
        "id.resp_h": "66.63.168.35",
        uid: "C1",
      }),
      JSON.stringify({ _path: "dns", ts: 1700000001, "id.orig_h": "10.0.0.1", query: "ok.example", uid: "C2" }),
      "not a line",
    ].join("\n");
    const posted = await app.inject({
      method: "POST",
      url: "/api/v1/logs?format=zeek",
      headers: { ...auth, "content-type": "application/x-ndjson" },
      payload: lines,
    });
    assert.equal(posted.statusCode, 200, posted.body);
    assert.equal(posted.json().badLines, 1, posted.body);
    const before = await app.inject({
      method: "GET",
      url: METRICS_PATH,
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    const feedsBefore = sample(before.body, "centinela_feed_runs_total", { kind: "test", outcome: "failed" }) ?? 0;
    recordFeedRun("test", "failed");

    const ok = await app.inject({
      method: "GET",
      url: METRICS_PATH,
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    assert.equal(ok.statusCode, 200);
    assert.match(String(ok.headers["content-type"]), /^text\/plain; version=0\.0\.4/);
    const text = ok.body;
    assert.equal(sample(text, "centinela_http_requests_total", { route: "/healthz", method: "GET", status: "200" }), 1);
    assert.equal(sample(text, "centinela_http_requests_total", { route: "unmatched", status: "404" }), 1);
    assert.equal(sample(text, "centinela_http_requests_total", { route: "/api/v1/alerts", status: "200" }), 1);
    assert.equal(sample(text, "centinela_http_requests_total", { route: "/metrics", status: "401" }), 5);
    assert.equal(
      sample(text, "centinela_http_request_duration_seconds_count", { route: "/api/v1/logs", method: "POST" }),
      1,
    );
    assert.ok(
      text.includes('centinela_http_request_duration_seconds_bucket{le="0.005",route="/healthz",method="GET"}'),
    );
    assert.equal(sample(text, "centinela_objects", { type: "indicator" }), 2);
    // The two indicators and the sighting the post of log lines recorded, one version each.
    assert.equal(sample(text, "centinela_objects", { type: "sighting" }), 1);
    assert.equal(sample(text, "centinela_object_versions"), 3);
    assert.equal(sample(text, "centinela_feed_runs_total", { kind: "test", outcome: "failed" }), feedsBefore + 1);
    // Process-wide counters: at least this test's post (other tests in the process may add more).
    assert.ok((sample(text, "centinela_detection_events_total", { source: "api", format: "zeek-json" }) ?? 0) >= 2);
    assert.ok((sample(text, "centinela_detection_alerts_total", { source: "api" }) ?? 0) >= 1);
    assert.ok((sample(text, "centinela_detection_bad_lines_total", { source: "api" }) ?? 0) >= 1);
    assert.ok((sample(text, "centinela_process_resident_memory_bytes") ?? 0) > 0);
    // The token never appears in what the metrics say.
    assert.equal(text.includes(METRICS_TOKEN), false);
  });

  it("with no token: closed by default, open to local callers only when told the server is local", async (t) => {
    const closed = await host(t, {});
    const refused = await closed.app.inject({ method: "GET", url: METRICS_PATH });
    assert.equal(refused.statusCode, 403);
    assert.equal(refused.json().code, "SERVER_METRICS_REFUSED");
    assert.match(refused.json().detail, /CENTINELA_METRICS_TOKEN/);

    const local = await host(t, { local: true });
    assert.equal((await local.app.inject({ method: "GET", url: METRICS_PATH })).statusCode, 200);
    const remote = await local.app.inject({ method: "GET", url: METRICS_PATH, remoteAddress: "10.1.2.3" });
    assert.equal(remote.statusCode, 403);
    assert.match(remote.json().detail, /desde esta misma máquina/);
    // Through a reverse proxy on this machine every client would look local: refused.
    const proxied = await local.app.inject({
      method: "GET",
      url: METRICS_PATH,
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    assert.equal(proxied.statusCode, 403);
    const forwarded = await local.app.inject({
      method: "GET",
      url: METRICS_PATH,
      headers: { forwarded: "for=203.0.113.9" },
    });
    assert.equal(forwarded.statusCode, 403);

    const off = await host(t, false);
    assert.equal((await off.app.inject({ method: "GET", url: METRICS_PATH })).statusCode, 404);
  });

  it("tells loopback addresses", () => {
    for (const a of ["127.0.0.1", "127.1.2.3", "::1", "::ffff:127.0.0.1"]) assert.equal(isLoopback(a), true, a);
    for (const a of ["10.0.0.1", "::", "0.0.0.0", "::ffff:10.0.0.1", "", undefined])
      assert.equal(isLoopback(a), false, String(a));
  });
});
