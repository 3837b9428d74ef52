import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { readStixStream } from "../stix/index.js";
import { retryAfterMs, TaxiiClient } from "./client.js";
import { pushObjects } from "./push.js";
import { createFixture, FIXTURE_PASSWORD, indicator, listenFixture, type TaxiiFixture } from "./test-fixture.js";

async function* items(objects: unknown[]) {
  yield* readStixStream(
    (async function* () {
      yield JSON.stringify({ type: "bundle", id: "bundle--00000000-0000-4000-8000-000000000001", objects });
    })(),
  );
}

const SYSTEM = { kind: "system", orgId: null, userId: null } as const;

describe("TAXII client against our own server", () => {
  let f: TaxiiFixture;
  let root: string;
  before(async () => {
    f = await createFixture({ bodyLimit: 24 * 1024 });
    root = await listenFixture(f);
  });
  after(async () => {
    await f.close();
  });

  it("pushes objects in envelopes within max_content_length and follows each status", async () => {
    const client = new TaxiiClient({ credentials: { username: "alice", password: FIXTURE_PASSWORD } });
    const objects: unknown[] = Array.from({ length: 250 }, (_, i) => indicator(i + 1, i % 2 ? "green" : "amber"));
    objects.push({ type: "indicator", id: "indicator--bad" });
    const result = await pushObjects(client, root, "c1", items(objects), { batchSize: 100 });
    assert.equal(result.total, 251);
    assert.equal(result.successes, 250);
    assert.equal(result.failures.length, 1);
    assert.equal(result.pending, 0);
    // 24 KiB bodies hold fewer than 100 of these objects: the envelopes were cut by size.
    assert.ok(result.envelopes > 3, String(result.envelopes));
    assert.equal(await f.store.countObjects(SYSTEM, { collectionId: "c1" }), 250);
  });

  it("refuses a push with bad credentials with the server's reason", async () => {
    const client = new TaxiiClient({ credentials: { token: "cnt_wrong" }, maxRetries: 0 });
    await assert.rejects(pushObjects(client, root, "c1", items([indicator(1)])), /401.*Se requiere autenticación/);
  });
});

describe("TAXII client retries", () => {
  it("honours 429 with Retry-After and backs off on 503", async () => {
    const answers = [
      { status: 429, headers: { "retry-after": "3" } },
      { status: 503, headers: {} },
      { status: 200, headers: { "content-type": "application/taxii+json;version=2.1" } },
    ];
    const server = createServer((_req, res) => {
      const a = answers.shift() ?? { status: 500, headers: {} };
      res.writeHead(a.status, a.headers);
      res.end(a.status === 200 ? '{"more":false}' : '{"title":"busy"}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const waits: number[] = [];
    const client = new TaxiiClient({ baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) });
    const response = await client.request("GET", url);
    assert.equal(response.status, 200);
    assert.deepEqual(waits, [3000, 200]);
    // Out of retries: the last error is reported with its status.
    answers.push({ status: 503, headers: {} }, { status: 503, headers: {} });
    const giveUp = new TaxiiClient({ maxRetries: 1, sleep: async () => undefined });
    // In the process's language (respondió / answered): the status is what matters here.
    await assert.rejects(giveUp.request("GET", url), /GET \S+ \S+ 503: busy/);
    server.close();
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(retryAfterMs("120"), 120_000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(retryAfterMs("soon"), null);
    assert.equal(retryAfterMs(null), null);
  });
});
