import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sealSecret } from "../access/index.js";
import { readStixStream } from "../stix/index.js";
import { openStore, type Store } from "../store/index.js";
import { retryAfterMs, TaxiiClient } from "./client.js";
import { syncFeed } from "./feed-sync.js";
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
/** The key feed credentials are sealed with in these tests. */
const KEY = { key: randomBytes(32), source: "the test key" };
const secretKey = () => KEY;

describe("TAXII client against our own server", () => {
  let f: TaxiiFixture;
  let root: string;
  let local: Store;
  let localDir: string;
  before(async () => {
    f = await createFixture({ bodyLimit: 24 * 1024 });
    root = await listenFixture(f);
    localDir = mkdtempSync(join(tmpdir(), "centinela-sync-"));
    local = await openStore({ dataDir: localDir });
  });
  after(async () => {
    await local.close();
    rmSync(localDir, { recursive: true, force: true });
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
    await assert.rejects(pushObjects(client, root, "c1", items([indicator(1)])), /401.*Authentication required/);
  });

  it("syncs a feed incrementally, resumes after interruption, and sees only what TLP lets it", async () => {
    const ctx = { orgId: null, userId: null, source: "feed" };
    const cli = { userId: null, orgId: null, address: "test" };
    const feed = await local.directory.addFeed(cli, {
      id: "remote",
      kind: "taxii",
      url: root,
      collection: "c1",
      localCollection: "mirror",
      username: null,
      secret: sealSecret(KEY.key, "remote", f.users.bob.token),
    });
    // Interrupted after two pages of 50: the resume point is saved.
    const partial = await syncFeed(local, feed, { ctx, pageSize: 50, maxPages: 2, secretKey });
    assert.equal(partial.drained, false);
    assert.equal(partial.summary.new, 100);
    const [saved] = await local.directory.listFeeds();
    assert.ok(saved?.next);
    // Resumed: the rest, and only the GREEN half plus AMBER shared through org-b's read grant on c1.
    const rest = await syncFeed(local, saved!, { ctx, pageSize: 50, secretKey });
    assert.equal(rest.drained, true);
    assert.equal(await local.countObjects(SYSTEM, { collectionId: "mirror" }), 250);
    // New objects on the server: the next sync pulls only those.
    const post = await new TaxiiClient({ credentials: { token: f.users.alice.token } }).request(
      "POST",
      `${root}collections/c1/objects/`,
      JSON.stringify({ objects: [indicator(500), indicator(501, "red")] }),
    );
    assert.equal(post.status, 202);
    const [again] = await local.directory.listFeeds();
    const incremental = await syncFeed(local, again!, { ctx, pageSize: 50, secretKey });
    assert.equal(incremental.summary.read, 1);
    assert.equal(incremental.summary.new, 1);
  });

  it("drops a next the server refuses and resumes from added_after", async () => {
    const cli = { userId: null, orgId: null, address: "test" };
    const feed = await local.directory.addFeed(cli, {
      id: "stale",
      kind: "taxii",
      url: root,
      collection: "c1",
      localCollection: null,
      username: "carol",
      secret: sealSecret(KEY.key, "stale", FIXTURE_PASSWORD),
    });
    const result = await syncFeed(
      local,
      { ...feed, next: "forged.AAAA" },
      { ctx: { orgId: null, userId: null, source: "feed" }, pageSize: 500, secretKey },
    );
    assert.equal(result.drained, true);
    assert.equal(result.summary.read, 251);
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
    await assert.rejects(giveUp.request("GET", url), /answered 503/);
    server.close();
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    assert.equal(retryAfterMs("120"), 120_000);
    assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4_000), 6_000);
    assert.equal(retryAfterMs("soon"), null);
    assert.equal(retryAfterMs(null), null);
  });
});
