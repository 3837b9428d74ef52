import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { it } from "node:test";
import { type AccessError, openSecret, sealSecret } from "../../access/index.js";
import type { StoreError } from "../errors.js";
import { type MakeStoreFixture, member, SYSTEM, testId, version, withStore, writer } from "../store-fixture.js";
import type { Actor } from "./contract.js";

/**
 * The directory cases of the shared suite: accounts, tokens, grants, status resources, feeds,
 * settings, the audit log, and the AMBER-through-collection-grant rule, on every adapter.
 */

const CLI: Actor = { userId: null, orgId: null, address: "cli" };

/** Registers the directory cases (called by runStoreCases). */
export function runDirectoryCases(make: MakeStoreFixture): void {
  it("creates organizations and users, refusing duplicates with codes", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      const org = await d.createOrganization(CLI, "CSIRT");
      assert.equal((await d.findOrganization("CSIRT"))?.id, org.id);
      await assert.rejects(d.createOrganization(CLI, "CSIRT"), (e: StoreError) => e.code === "STORE_DUPLICATE");
      const user = await d.createUser(CLI, { username: "ana", orgId: org.id, role: "analyst", passwordHash: "h" });
      assert.equal((await d.findUser("ana"))?.passwordHash, "h");
      assert.equal(await d.countUsers(), 1);
      assert.equal("passwordHash" in user, false);
      await assert.rejects(
        d.createUser(CLI, { username: "ana", orgId: org.id, role: "reader", passwordHash: null }),
        (e: StoreError) => e.code === "STORE_DUPLICATE",
      );
      await assert.rejects(
        d.createUser(CLI, { username: "bob", orgId: "org-none", role: "reader", passwordHash: null }),
        (e: StoreError) => e.code === "STORE_NOT_FOUND" && e.status === 404,
      );
    }));

  it("finds live tokens only: not revoked, not expired, user active", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      const org = await d.createOrganization(CLI, "A");
      const user = await d.createUser(CLI, { username: "m", orgId: org.id, role: "partner", passwordHash: null });
      const live = await d.createToken(CLI, { userId: user.id, tokenHash: "h1", name: "one", expires: null });
      await d.createToken(CLI, { userId: user.id, tokenHash: "h2", name: "old", expires: "2020-01-01T00:00:00Z" });
      const at = new Date().toISOString();
      assert.equal((await d.findToken("h1", at))?.user.id, user.id);
      assert.equal(await d.findToken("h2", at), null);
      assert.equal(await d.findToken("nope", at), null);
      assert.equal(await d.revokeToken(CLI, live.id), true);
      assert.equal(await d.revokeToken(CLI, live.id), false);
      assert.equal(await d.findToken("h1", at), null);
      await d.createToken(CLI, { userId: user.id, tokenHash: "h3", name: "three", expires: null });
      await d.setUserActive(CLI, user.id, false);
      assert.equal(await d.findToken("h3", at), null);
      assert.equal((await d.listTokens(user.id)).length, 3);
    }));

  it("sets and removes grants and logs every change without secrets", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      const org = await d.createOrganization(CLI, "A");
      await d.createCollection(CLI, { id: "c1", title: "One", description: null });
      await d.setGrant(CLI, { collectionId: "c1", orgId: org.id, read: true, write: false });
      assert.deepEqual(await d.listGrants({ orgId: org.id }), [
        { collectionId: "c1", orgId: org.id, read: true, write: false },
      ]);
      await d.setGrant(CLI, { collectionId: "c1", orgId: org.id, read: false, write: false });
      assert.deepEqual(await d.listGrants(), []);
      const user = await d.createUser(CLI, { username: "u", orgId: org.id, role: "reader", passwordHash: "SECRET" });
      await d.createToken(CLI, { userId: user.id, tokenHash: "TOKENHASH", name: "t", expires: null });
      const log = await d.listAudit(0, 100);
      assert.deepEqual(
        log.map((e) => e.action),
        ["org.create", "collection.create", "grant.set", "grant.set", "user.create", "token.create"],
      );
      assert.ok(log.every((e, i) => i === 0 || e.seq > (log[i - 1]?.seq ?? 0)));
      const text = JSON.stringify(log);
      assert.equal(text.includes("SECRET"), false);
      assert.equal(text.includes("TOKENHASH"), false);
      assert.equal((await d.listAudit(log[2]!.seq, 100)).length, 3);
    }));

  it("keeps status resources", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      const status = {
        id: "s1",
        ownerUser: "u",
        ownerOrg: "o",
        status: "pending" as const,
        requestTimestamp: "2024-01-01T00:00:00.000Z",
        totalCount: 2,
        successes: [],
        failures: [],
        pendings: [
          { id: "a", version: "1" },
          { id: "b", version: "2" },
        ],
      };
      await d.putStatus(status);
      await d.putStatus({ ...status, status: "complete", successes: status.pendings, pendings: [] });
      const got = await d.getStatus("s1");
      assert.equal(got?.status, "complete");
      assert.deepEqual(got?.successes, status.pendings);
      assert.equal(await d.getStatus("s2"), null);
    }));

  it("keeps feeds of any kind with sealed credentials only, replaces and removes them, and never logs them", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      const key = randomBytes(32);
      const feed = {
        id: "f1",
        kind: "taxii",
        config: { url: "http://x/", collection: "c", localCollection: null, username: "u" },
        secret: sealSecret(key, "f1", "pw-in-the-clear"),
        everySeconds: null,
      };
      const sameUrl = (old: { config: Record<string, unknown> }) => old.config.collection === "c";
      const notSealed = (e: AccessError) => e.code === "ACCESS_SECRET_NOT_SEALED";
      await assert.rejects(d.addFeed(CLI, { ...feed, secret: "pw-in-the-clear" }), notSealed);
      assert.deepEqual(await d.listFeeds(), [], "nothing stored when refused");
      await d.addFeed(CLI, feed);
      // A kind the store knows nothing about: its row is the same shape.
      await d.addFeed(CLI, {
        id: "f2",
        kind: "some-new-kind",
        config: { source: "/x" },
        secret: null,
        everySeconds: 90,
      });
      await d.updateFeedState("f1", {
        cursor: "opaque-1",
        lastSync: null,
        lastError: "x",
        failures: 2,
        nextRun: "2030-01-01T00:00:00.000Z",
      });
      const [stored, other] = await d.listFeeds();
      assert.deepEqual(
        [stored?.cursor, stored?.failures, stored?.nextRun],
        ["opaque-1", 2, "2030-01-01T00:00:00.000Z"],
      );
      assert.deepEqual(
        [other?.kind, other?.config, other?.everySeconds, other?.failures],
        ["some-new-kind", { source: "/x" }, 90, 0],
      );
      assert.equal(stored?.secret, feed.secret, "kept as given");
      assert.equal(openSecret(key, "f1", stored!.secret!), "pw-in-the-clear");
      await assert.rejects(d.addFeed(CLI, feed), (e: StoreError) => e.code === "STORE_DUPLICATE");

      // Replaced with a new credential, pulling from the same place (the connector says so): the cursor stays.
      const renewed = sealSecret(key, "f1", "new-pw");
      const same = await d.addFeed(CLI, { ...feed, secret: renewed }, { replace: true, keepCursor: sameUrl });
      assert.deepEqual([same.secret, same.cursor, same.lastError, same.failures], [renewed, "opaque-1", null, 0]);
      // Another remote collection starts from its beginning.
      const moved = await d.addFeed(
        CLI,
        { ...feed, config: { ...feed.config, collection: "other" } },
        { replace: true, keepCursor: (old) => old.config.collection === "other" },
      );
      assert.deepEqual([moved.config.collection, moved.cursor], ["other", null]);

      // A credential re-sealed by sync is rewritten with the cursor; one in the clear is refused.
      const resealed = sealSecret(key, "f1", "pw-in-the-clear");
      await d.updateFeedState("f1", { cursor: "a", lastSync: null, lastError: null, secret: resealed });
      assert.equal((await d.listFeeds())[0]?.secret, resealed);
      await assert.rejects(
        d.updateFeedState("f1", { cursor: "b", lastSync: null, lastError: null, secret: "plain" }),
        notSealed,
      );
      assert.equal((await d.listFeeds())[0]?.cursor, "a");

      assert.equal(await d.removeFeed(CLI, "f2"), true);
      assert.equal(await d.removeFeed(CLI, "f2"), false);
      assert.deepEqual(
        (await d.listFeeds()).map((f) => f.id),
        ["f1"],
      );
      const log = await d.listAudit(0, 100);
      assert.deepEqual(
        log.filter((e) => e.target === "f1" || e.target === "f2").map((e) => e.action),
        ["feed.add", "feed.add", "feed.replace", "feed.replace", "feed.remove"],
      );
      const text = JSON.stringify(log);
      for (const secret of ["pw-in-the-clear", "new-pw", "enc1:"]) assert.equal(text.includes(secret), false, secret);
    }));

  it("keeps the warninglists a feed stored: rewritten only when their digest changed, removed with the feed", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      await d.addFeed(CLI, {
        id: "wl",
        kind: "warninglists",
        config: { source: "/x" },
        secret: null,
        everySeconds: null,
      });
      const list = {
        feedId: "wl",
        name: "Resolvers",
        version: 20240615,
        digest: "a".repeat(64),
        source: "/x/lists/r/list.json",
        type: "cidr",
        description: "public resolvers",
        matchingAttributes: ["ip-dst"],
        list: ["192.0.2.53", "198.51.100.0/24"],
      };
      const empty = await d.warninglistsGeneration();
      assert.equal(await d.putWarninglist(list), "new");
      const first = await d.warninglistsGeneration();
      assert.notEqual(first, empty);
      assert.equal(await d.putWarninglist({ ...list, list: ["ignored: same digest"] }), "unchanged");
      assert.equal(await d.warninglistsGeneration(), first, "nothing written, the generation stays");
      assert.equal(await d.putWarninglist({ ...list, version: 20240616, digest: "b".repeat(64) }), "changed");
      const [stored] = await d.storedWarninglists();
      assert.deepEqual(
        [stored?.version, stored?.entryCount, stored?.list, stored?.matchingAttributes],
        [20240616, 2, list.list, ["ip-dst"]],
      );
      assert.deepEqual((await d.storedWarninglists({ entries: false }))[0]?.list, []);
      assert.equal(await d.removeWarninglists("wl", ["Resolvers", "never stored"]), 1);
      assert.equal(await d.warninglistsGeneration(), empty);
      await d.putWarninglist(list);
      await d.removeFeed(CLI, "wl");
      assert.deepEqual(await d.storedWarninglists(), [], "removed with its feed");
    }));

  it("readGeneration moves with a new version and with a grant, and stays while nothing is written", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      const start = await store.readGeneration();
      assert.equal(await store.readGeneration(), start, "reads move nothing");
      await store.putObjects(writer(null, null), [version(1)]);
      const written = await store.readGeneration();
      assert.notEqual(written, start);
      const org = await d.createOrganization(CLI, "Gen");
      await d.createCollection(CLI, { id: "gen", title: "Gen", description: null });
      const before = await store.readGeneration();
      await d.setGrant(CLI, { collectionId: "gen", orgId: org.id, read: true, write: false });
      assert.notEqual(await store.readGeneration(), before, "a grant changes what a reader may see");
    }));

  it("removes a collection or an organization only when nothing depends on it, naming what does", (t) =>
    withStore(t, make, async (store) => {
      const d = store.directory;
      const org = await d.createOrganization(CLI, "Uno");
      const empty = await d.createOrganization(CLI, "Vacía");
      await d.createCollection(CLI, { id: "c1", title: "One", description: null });
      await d.setGrant(CLI, { collectionId: "c1", orgId: org.id, read: true, write: false });
      await d.createUser(CLI, { username: "ana", orgId: org.id, role: "analyst", passwordHash: null });
      await d.addFeed(CLI, {
        id: "f",
        kind: "kev",
        config: { source: "/x", localCollection: "c1" },
        secret: null,
        everySeconds: null,
      });
      assert.deepEqual(await d.removeCollection(CLI, "c1"), [
        { what: "grants", count: 1, names: ["Uno"] },
        { what: "feeds", count: 1, names: ["f"] },
      ]);
      assert.deepEqual(await d.removeOrganization(CLI, org.id), [
        { what: "users", count: 1, names: ["ana"] },
        { what: "grants", count: 1, names: ["c1"] },
      ]);
      assert.ok(await d.findCollection("c1"), "nothing removed when refused");
      assert.deepEqual(await d.removeOrganization(CLI, empty.id), []);
      assert.equal(await d.findOrganization(empty.id), null);
      await d.setGrant(CLI, { collectionId: "c1", orgId: org.id, read: false, write: false });
      await d.removeFeed(CLI, "f");
      assert.deepEqual(await d.removeCollection(CLI, "c1"), []);
      assert.equal(await d.findCollection("c1"), null);
      await assert.rejects(d.removeCollection(CLI, "c1"), (e: StoreError) => e.code === "STORE_NOT_FOUND");
      const actions = (await d.listAudit(0, 100)).map((e) => e.action);
      assert.ok(actions.includes("collection.remove") && actions.includes("organization.remove"));
    }));

  it("keeps a setting made once: later callers, other connections and racing callers get the first value", (t) =>
    withStore(t, make, async (store, fixture) => {
      const d = store.directory;
      assert.equal(await d.ensureSetting(CLI, "k", "FIRST-VALUE"), "FIRST-VALUE");
      assert.equal(await d.ensureSetting(CLI, "k", "SECOND-VALUE"), "FIRST-VALUE");
      const other = await fixture.open();
      try {
        // A restart, or another server process: a second connection reads the kept value.
        assert.equal(await other.directory.ensureSetting(CLI, "k", "THIRD-VALUE"), "FIRST-VALUE");
        const raced = await Promise.all([
          d.ensureSetting(CLI, "race", "RACE-A"),
          other.directory.ensureSetting(CLI, "race", "RACE-B"),
          other.directory.ensureSetting(CLI, "race", "RACE-C"),
        ]);
        assert.equal(new Set(raced).size, 1);
        assert.ok(["RACE-A", "RACE-B", "RACE-C"].includes(raced[0]!));
      } finally {
        await other.close();
      }
      const log = await d.listAudit(0, 100);
      assert.deepEqual(
        log.map((e) => `${e.action} ${e.target}`),
        ["setting.create k", "setting.create race"],
      );
      assert.equal(/VALUE|RACE-/.test(JSON.stringify(log)), false);
    }));

  it("putSetting replaces a setting's value, getSetting reads it back, and the audit names it only", (t) =>
    withStore(t, make, async (store, fixture) => {
      const d = store.directory;
      assert.equal(await d.getSetting("hunt.last"), null);
      await d.putSetting(CLI, "hunt.last", "SINCE-ONE");
      await d.putSetting(CLI, "hunt.last", "SINCE-TWO");
      const other = await fixture.open();
      try {
        assert.equal(await other.directory.getSetting("hunt.last"), "SINCE-TWO");
      } finally {
        await other.close();
      }
      const log = await d.listAudit(0, 100);
      assert.deepEqual(
        log.map((e) => `${e.action} ${e.target}`),
        ["setting.update hunt.last", "setting.update hunt.last"],
      );
      assert.equal(JSON.stringify(log).includes("SINCE-"), false);
    }));

  it("shares AMBER (not AMBER+STRICT) with organizations that may read a collection its producer wrote into", (t) =>
    withStore(t, make, async (store) => {
      await store.directory.setGrant(CLI, { collectionId: "shared", orgId: "org-b", read: true, write: false });
      await store.directory.setGrant(CLI, { collectionId: "other", orgId: "org-c", read: true, write: false });
      await store.putObjects(writer("org-a", "user-1"), [
        version(1, { tlp: "amber", collectionId: "shared" }),
        version(2, { tlp: "amber+strict", collectionId: "shared" }),
        version(3, { tlp: null, collectionId: "shared" }),
        version(4, { tlp: "amber" }),
      ]);
      // org-c re-posts org-a's AMBER object into a collection org-c shares: that is not the producer sharing it.
      await store.putObjects(writer("org-c", "user-3"), [version(4, { tlp: "amber", collectionId: "other" })]);
      const ids = async (orgId: string) =>
        (await store.queryObjects(member(orgId, "x"), {}, { limit: 100 })).objects.map((o) => o.id).sort();
      assert.deepEqual(await ids("org-b"), [testId(1), testId(3)]);
      assert.deepEqual(await ids("org-c"), []);
      assert.deepEqual(await ids("org-a"), [testId(1), testId(2), testId(3), testId(4)]);
      assert.equal((await store.queryObjects(SYSTEM, {}, { limit: 100 })).objects.length, 4);
    }));

  it("removes only visible versions from a collection", (t) =>
    withStore(t, make, async (store) => {
      await store.putObjects(writer("org-a", "user-1"), [
        version(1, { tlp: "green", collectionId: "c", modified: "2024-01-01T00:00:00.000Z" }),
        version(1, { tlp: "red", collectionId: "c", modified: "2024-02-01T00:00:00.000Z" }),
      ]);
      const reader = member("org-b", "user-2");
      const removed = await store.directory.removeFromCollection(CLI, reader, "c", testId(1), null);
      assert.equal(removed, 1);
      const left = await store.queryObjects(SYSTEM, { collectionId: "c", versions: ["all"] }, { limit: 10 });
      assert.deepEqual(
        left.objects.map((o) => o.tlp),
        ["red"],
      );
      assert.equal((await store.queryObjects(SYSTEM, {}, { limit: 10 })).objects.length, 1);
    }));
}
