import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { sealSecret } from "../access/index.js";
import { type Feed, openStore, type Store } from "../store/index.js";
import { connectorFor } from "./registry.js";
import { type RunFeedResult, runFeed } from "./run-feed.js";

/**
 * The cases every connector's test runs, against a real remote its fixture makes (a local HTTP
 * server, or files in a folder): every page pulled; a run cut short resumes from its cursor and
 * stores nothing twice; a second run stores nothing new; a bad page is a clear error naming it,
 * what was good is kept, and once the page is good again the next run brings the rest.
 */

/** A remote serving one feed's content, made fresh for each case. */
export interface ConnectorRemote {
  /** What `feeds add KIND SOURCE` is given. */
  source: string;
  /** Kind options (`collection`, `into`…). */
  options?: Record<string, string>;
  /** The credential the remote wants, if any (sent as a Bearer token, or Basic with `username`). */
  secret?: string;
  username?: string;
  /** Pages a full pull takes. */
  pages: number;
  /** What the store holds after a full pull, as `stored` counts it. */
  records: number;
  /** Counts what the feed put in `store`. */
  stored(store: Store): Promise<number>;
  /** Makes one page bad (not JSON, missing, a bad row). */
  breakPage(): Promise<void>;
  /** Makes it good again. */
  repairPage(): Promise<void>;
  /** What the error or problem of the bad page says. */
  badPage: RegExp;
  dispose(): Promise<void>;
}

/** What a connector's test gives the cases. */
export interface ConnectorCaseFixture {
  kind: string;
  /** Page size asked of kinds that page by count, small enough to make several pages. */
  pageSize?: number;
  remote(t: TestContext): Promise<ConnectorRemote | null>;
}

const CLI = { userId: null, orgId: null, address: "test" };
const CTX = { orgId: null, userId: null, source: "feed:test" };
const KEY = { key: randomBytes(32), source: "the test key" };

interface Bench {
  store: Store;
  remote: ConnectorRemote;
  run(options?: { maxPages?: number }): Promise<RunFeedResult>;
}

async function bench(t: TestContext, fixture: ConnectorCaseFixture): Promise<Bench | null> {
  const remote = await fixture.remote(t);
  if (!remote) return null;
  const dir = await mkdtemp(join(tmpdir(), `centinela-connector-${fixture.kind}-`));
  const store = await openStore({ dataDir: dir });
  t.after(async () => {
    await store.close();
    await remote.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const connector = connectorFor(fixture.kind);
  const config = connector.configure({
    source: remote.source,
    options: remote.options ?? {},
    username: remote.username ?? null,
  });
  await connector.check(config, remote.secret ?? null);
  const id = connector.defaultId(config);
  await store.directory.addFeed(CLI, {
    id,
    kind: fixture.kind,
    config,
    secret: remote.secret ? sealSecret(KEY.key, id, remote.secret) : null,
    everySeconds: null,
  });
  const current = async (): Promise<Feed> => {
    const feed = (await store.directory.listFeeds()).find((f) => f.id === id);
    assert.ok(feed, id);
    return feed;
  };
  return {
    store,
    remote,
    run: async (options = {}) =>
      runFeed(store, await current(), { ctx: CTX, pageSize: fixture.pageSize, secretKey: () => KEY, ...options }),
  };
}

/** Registers the shared cases for one connector. */
export function connectorCases(fixture: ConnectorCaseFixture): void {
  describe(`connector contract: ${fixture.kind}`, () => {
    it("pulls every page into the store, and a second run stores nothing new", async (t) => {
      const b = await bench(t, fixture);
      if (!b) return;
      const first = await b.run();
      assert.equal(first.drained, true);
      assert.equal(first.pages, b.remote.pages);
      assert.deepEqual(first.problems, []);
      assert.equal(first.counts.rejected, 0, "nothing rejected (an empty last page is no object)");
      assert.equal(await b.remote.stored(b.store), b.remote.records);
      assert.ok(first.counts.new > 0);
      const second = await b.run();
      assert.equal(second.counts.new, 0, "nothing new the second time");
      assert.equal(second.counts.rejected, 0);
      assert.equal(await b.remote.stored(b.store), b.remote.records);
    });

    it("resumes from its cursor after an interruption, storing nothing twice", async (t) => {
      const b = await bench(t, fixture);
      if (!b) return;
      const cut = await b.run({ maxPages: 1 });
      assert.equal(cut.pages, 1);
      const rest = await b.run();
      assert.equal(rest.drained, true);
      assert.equal(await b.remote.stored(b.store), b.remote.records);
      if (b.remote.pages > 1) {
        assert.equal(cut.drained, false);
        assert.equal(
          rest.pages,
          b.remote.pages - cut.pages,
          "the resumed run goes on from its cursor, not from the start",
        );
        assert.equal(cut.counts.new + rest.counts.new, b.remote.records, "nothing stored twice");
      }
      assert.equal(rest.counts.rejected + cut.counts.rejected, 0);
    });

    it("says clearly which page is bad, keeps what was good, and brings the rest once it is fixed", async (t) => {
      const b = await bench(t, fixture);
      if (!b) return;
      await b.remote.breakPage();
      let said = "";
      try {
        said = (await b.run()).problems.join("\n");
      } catch (error) {
        said = (error as Error).message;
        const [feed] = await b.store.directory.listFeeds();
        assert.equal(feed?.lastError, said, "the failure is the feed's last error");
        assert.equal(feed?.failures, 1);
      }
      assert.match(said, b.remote.badPage);
      assert.doesNotMatch(said, /\n\s+at /, "no stack trace");
      const kept = await b.remote.stored(b.store);
      assert.ok(kept > 0 && kept <= b.remote.records, `kept ${kept} of ${b.remote.records}`);
      await b.remote.repairPage();
      const fixed = await b.run();
      assert.deepEqual(fixed.problems, []);
      assert.equal(await b.remote.stored(b.store), b.remote.records);
      assert.equal((await b.store.directory.listFeeds())[0]?.failures, 0);
    });
  });
}
