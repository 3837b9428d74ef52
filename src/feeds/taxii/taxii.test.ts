import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { sealSecret } from "../../access/index.js";
import { setLocale } from "../../i18n/index.js";
import { openStore, type Store } from "../../store/index.js";
import { TaxiiClient } from "../../taxii/index.js";
import {
  createFixture,
  FIXTURE_PASSWORD,
  indicator,
  listenFixture,
  type TaxiiFixture,
} from "../../taxii/test-fixture.js";
import { connectorCases } from "../connector-cases.js";
import type { FeedsError } from "../errors.js";
import { runFeed } from "../run-feed.js";
import { TAXII_CONNECTOR } from "./connector.js";

/**
 * The taxii kind against our own TAXII server on 127.0.0.1: the shared connector cases (through a
 * proxy that can make one page not JSON), then what is TAXII's own: TLP decides what a partner
 * pulls, a `next` the server refuses falls back to added_after, and `feeds add`'s check that the
 * remote has the collection.
 */

const SYSTEM = { kind: "system", orgId: null, userId: null } as const;
const CLI = { userId: null, orgId: null, address: "test" };
const ctx = { orgId: null, userId: null, source: "feed" };
const KEY = { key: randomBytes(32), source: "the test key" };
const secretKey = () => KEY;

/** Posts `objects` to collection c1 of the fixture as alice (who may write there). */
async function post(f: TaxiiFixture, root: string, objects: unknown[]): Promise<void> {
  const client = new TaxiiClient({ credentials: { token: f.users.alice.token } });
  for (let i = 0; i < objects.length; i += 100) {
    const response = await client.request(
      "POST",
      `${root}collections/c1/objects/`,
      JSON.stringify({ objects: objects.slice(i, i + 100) }),
    );
    assert.equal(response.status, 202);
  }
}

connectorCases({
  kind: "taxii",
  pageSize: 50,
  async remote() {
    const f = await createFixture();
    const root = await listenFixture(f);
    await post(
      f,
      root,
      Array.from({ length: 120 }, (_, i) => indicator(i + 1)),
    );
    // A proxy in front of the server: when broken, the second page (asked with `next`) is not JSON.
    let broken = false;
    const target = new URL(root);
    const proxy: Server = createServer(async (request, response) => {
      if (broken && request.url?.includes("next=")) {
        response.writeHead(200, { "content-type": "text/html" });
        response.end("<html>gateway error</html>");
        return;
      }
      const upstream = await fetch(`${target.origin}${request.url}`, {
        headers: { accept: String(request.headers.accept), authorization: String(request.headers.authorization) },
      });
      const headers: Record<string, string> = {};
      upstream.headers.forEach((value, name) => {
        if (name !== "content-length" && name !== "transfer-encoding" && name !== "connection") headers[name] = value;
      });
      response.writeHead(upstream.status, headers);
      response.end(await upstream.text());
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const base = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}${target.pathname}`;
    return {
      source: base,
      options: { collection: "c1", into: "mirror" },
      secret: f.users.bob.token,
      pages: 3,
      records: 120,
      stored: (store) => store.countObjects(SYSTEM, { collectionId: "mirror" }),
      breakPage: async () => {
        broken = true;
      },
      repairPage: async () => {
        broken = false;
      },
      badPage: /no respondió JSON \(<html>gateway error/,
      async dispose() {
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
        await f.close();
      },
    };
  },
});

describe("the taxii kind against our own server", () => {
  let f: TaxiiFixture;
  let root: string;
  let local: Store;
  let localDir: string;
  before(async () => {
    f = await createFixture();
    root = await listenFixture(f);
    await post(
      f,
      root,
      Array.from({ length: 250 }, (_, i) => indicator(i + 1, i % 2 ? "green" : "amber")),
    );
    localDir = mkdtempSync(join(tmpdir(), "centinela-sync-"));
    local = await openStore({ dataDir: localDir });
  });
  after(async () => {
    await local.close();
    rmSync(localDir, { recursive: true, force: true });
    await f.close();
  });

  const add = (id: string, secret: string, username: string | null = null, localCollection: string | null = null) =>
    local.directory.addFeed(CLI, {
      id,
      kind: "taxii",
      config: {
        ...TAXII_CONNECTOR.configure({
          source: root,
          options: { collection: "c1", ...(localCollection ? { into: localCollection } : {}) },
          username,
        }),
      },
      secret: sealSecret(KEY.key, id, secret),
      everySeconds: null,
    });
  const stored = async (id: string) => (await local.directory.listFeeds()).find((x) => x.id === id);

  it("syncs incrementally, resumes after interruption, and sees only what TLP lets it", async () => {
    const feed = await add("remote", f.users.bob.token, null, "mirror");
    // Interrupted after two pages of 50: the cursor is saved.
    const partial = await runFeed(local, feed, { ctx, pageSize: 50, maxPages: 2, secretKey });
    assert.equal(partial.drained, false);
    assert.equal(partial.counts.new, 100);
    const saved = await stored("remote");
    assert.match(saved?.cursor ?? "", /"next":"/);
    // Resumed: the rest, and only the GREEN half plus AMBER shared through org-b's read grant on c1.
    const rest = await runFeed(local, saved!, { ctx, pageSize: 50, secretKey });
    assert.equal(rest.drained, true);
    assert.equal(await local.countObjects(SYSTEM, { collectionId: "mirror" }), 250);
    // New objects on the server: the next sync pulls only those (RED stays there).
    await post(f, root, [indicator(500), indicator(501, "red")]);
    const incremental = await runFeed(local, (await stored("remote"))!, { ctx, pageSize: 50, secretKey });
    assert.deepEqual(incremental.counts, { new: 1, changed: 0, unchanged: 0, rejected: 0 });
  });

  it("drops a next the server refuses and resumes from added_after", async () => {
    const feed = await add("stale", FIXTURE_PASSWORD, "carol");
    const forged = { ...feed, cursor: JSON.stringify({ addedAfter: null, next: "forged.AAAA" }) };
    const result = await runFeed(local, forged, { ctx, pageSize: 500, secretKey });
    assert.equal(result.drained, true);
    assert.equal(result.counts.new + result.counts.unchanged, 251);
  });

  it("checks at add time that the remote has the collection, naming the ones it has, in es-MX and en", async () => {
    setLocale("es-MX");
    await assert.rejects(
      TAXII_CONNECTOR.check(
        { url: root, collection: "nope", localCollection: null, username: null },
        f.users.bob.token,
      ),
      /no tiene una colección "nope" que usted pueda leer \(tiene: c1, c2\)/,
    );
    setLocale("en");
    const config = TAXII_CONNECTOR.configure({ source: root, options: { collection: "c1" }, username: null });
    await TAXII_CONNECTOR.check(config, f.users.bob.token);
    await assert.rejects(
      TAXII_CONNECTOR.check({ ...config, collection: "nope" }, f.users.bob.token),
      (e: FeedsError) =>
        e.code === "FEED_CHECK_FAILED" && /no collection "nope".*\(it has: c1, c2\).*--no-check/.test(e.message),
    );
    const down = TAXII_CONNECTOR.configure({
      source: "http://127.0.0.1:9/taxii2/main/",
      options: { collection: "c1" },
      username: null,
    });
    await assert.rejects(
      TAXII_CONNECTOR.check(down, null),
      (e: FeedsError) => e.code === "FEED_CHECK_FAILED" && /--no-check/.test(e.message),
    );
    assert.throws(
      () => TAXII_CONNECTOR.configure({ source: root, options: {}, username: null }),
      /needs --collection ID/,
    );
  });
});
