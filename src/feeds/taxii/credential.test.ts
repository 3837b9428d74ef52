import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, it } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { type AccessError, openSecret, type SecretKey, sealSecret } from "../../access/index.js";
import { type Feed, openStore, type Store } from "../../store/index.js";
import { type RunFeedOptions, runFeed } from "../run-feed.js";

const syncFeed = (store: Store, feed: Feed, options: RunFeedOptions) => runFeed(store, feed, options);

/**
 * The feed's credential on its way from the store to the remote: opened with the key just before
 * it is sent, refused (with nothing sent) when it does not open, and sealed in place when an
 * older release left it in the clear. The remote is a recorder that answers one empty page, which
 * counts as nothing at all (not as one rejected object).
 */

const CLI = { userId: null, orgId: null, address: "test" };
const ctx = { orgId: null, userId: null, source: "feed" };
const KEY: SecretKey = { key: randomBytes(32), source: "the test key" };
const OTHER_KEY: SecretKey = { key: randomBytes(32), source: "/srv/centinela/data/secret.key" };

describe("feed sync and the sealed credential", () => {
  let server: Server;
  let url: string;
  let sent: Array<string | undefined>;
  let dataDir: string;
  let store: Store;
  before(async () => {
    server = createServer((request, response) => {
      sent.push(request.headers.authorization);
      response.writeHead(200, { "content-type": "application/taxii+json;version=2.1" });
      response.end('{"more":false,"objects":[]}');
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/taxii2/main/`;
    dataDir = mkdtempSync(join(tmpdir(), "centinela-feed-sync-"));
    store = await openStore({ dataDir });
  });
  after(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  beforeEach(() => {
    sent = [];
  });

  const add = (id: string, secret: string | null, username: string | null = null) =>
    store.directory.addFeed(
      CLI,
      {
        id,
        kind: "taxii",
        config: { url, collection: "c1", localCollection: null, username },
        secret,
        everySeconds: null,
      },
      { replace: true },
    );
  const stored = async (id: string): Promise<Feed> => {
    const feed = (await store.directory.listFeeds()).find((f) => f.id === id);
    assert.ok(feed, id);
    return feed;
  };

  it("opens the credential with the key and sends it: Bearer, or Basic with the user", async () => {
    const empty = await syncFeed(store, await add("token", sealSecret(KEY.key, "token", "cnt_secret")), {
      ctx,
      secretKey: () => KEY,
    });
    assert.deepEqual([empty.pages, empty.counts], [1, { new: 0, changed: 0, unchanged: 0, rejected: 0 }]);
    await syncFeed(store, await add("basic", sealSecret(KEY.key, "basic", "pässword"), "carol"), {
      ctx,
      secretKey: () => KEY,
    });
    assert.deepEqual(sent, ["Bearer cnt_secret", `Basic ${Buffer.from("carol:pässword").toString("base64")}`]);
    assert.equal((await stored("token")).lastError, null);
  });

  it("refuses a credential sealed with another key, naming the feed and what to do, and sends nothing", async () => {
    const feed = await add("hub", sealSecret(KEY.key, "hub", "cnt_secret"));
    await assert.rejects(
      syncFeed(store, feed, { ctx, secretKey: () => OTHER_KEY }),
      (e: AccessError) =>
        e.code === "ACCESS_SECRET_UNREADABLE" &&
        e.message.includes('feed "hub"') &&
        e.message.includes(OTHER_KEY.source) &&
        /restore the key/.test(e.message) &&
        /centinela feeds add taxii … --id hub --replace/.test(e.message) &&
        !e.message.includes("cnt_secret"),
    );
    assert.deepEqual(sent, [], "nothing reaches the remote");
    assert.match((await stored("hub")).lastError ?? "", /does not open with the secret key/);
  });

  it("refuses an altered credential and one moved from another feed's row", async () => {
    // One bit of the ciphertext changed, in a value sealed for this very feed.
    const [, nonce, body] = sealSecret(KEY.key, "altered", "cnt_secret").split(":") as [string, string, string];
    const bytes = Buffer.from(body, "base64url");
    bytes[0] = (bytes[0] as number) ^ 1;
    const flipped = `enc1:${nonce}:${bytes.toString("base64url")}`;
    const sealed = sealSecret(KEY.key, "a", "cnt_secret");
    for (const [id, secret] of [
      ["altered", flipped],
      ["moved", sealed],
    ] as const) {
      await assert.rejects(
        syncFeed(store, await add(id, secret), { ctx, secretKey: () => KEY }),
        (e: AccessError) => e.code === "ACCESS_SECRET_UNREADABLE" && e.message.includes(`feed "${id}"`),
      );
    }
    assert.deepEqual(sent, []);
  });

  it("needs a key only for a feed with a credential", async () => {
    await syncFeed(store, await add("open", null), { ctx });
    assert.deepEqual(sent, [undefined]);
    await assert.rejects(
      syncFeed(store, await add("closed", sealSecret(KEY.key, "closed", "x")), { ctx }),
      /feed "closed" has a credential but no secret key was given/,
    );
    assert.equal(sent.length, 1);
  });

  it("syncs a credential an older release stored in the clear, and seals it in the row as it saves its position", async () => {
    await add("legacy", null);
    // Written the way releases before sealing wrote it: straight into the column.
    const db = new BetterSqlite3(join(dataDir, "centinela.db"));
    try {
      db.pragma("busy_timeout = 5000");
      db.prepare("update feeds set secret = ? where id = ?").run("cnt_plain-legacy", "legacy");
      const legacy = await stored("legacy");
      assert.equal(legacy.secret, "cnt_plain-legacy");
      const result = await syncFeed(store, legacy, { ctx, secretKey: () => KEY });
      assert.equal(result.drained, true);
      assert.deepEqual(sent, ["Bearer cnt_plain-legacy"]);
      const row = db.prepare("select secret from feeds where id = ?").get("legacy") as { secret: string };
      assert.match(row.secret, /^enc1:/);
      assert.equal(row.secret.includes("cnt_plain-legacy"), false);
      assert.equal(openSecret(KEY.key, "legacy", row.secret), "cnt_plain-legacy");
      // The next sync opens the sealed value like any other.
      await syncFeed(store, await stored("legacy"), { ctx, secretKey: () => KEY });
      assert.deepEqual(sent, ["Bearer cnt_plain-legacy", "Bearer cnt_plain-legacy"]);
    } finally {
      db.close();
    }
  });
});
