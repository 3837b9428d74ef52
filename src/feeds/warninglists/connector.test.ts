import assert from "node:assert/strict";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import { centinela, sqliteTarget, stixIndicator } from "../../cli/commands/cli-target.fixture.js";
import { setLocale } from "../../i18n/index.js";
import { importItems } from "../../ingest/index.js";
import { openStore, type Store } from "../../store/index.js";
import { sharedData } from "../../testing/index.js";
import { connectorCases } from "../connector-cases.js";
import { serveFolder } from "../folder-server.fixture.js";
import { asStreamItems } from "../misp/read-file.js";
import { runFeed } from "../run-feed.js";
import { WARNINGLISTS_CONNECTOR } from "./connector.js";

/**
 * The warninglists kind: the shared connector cases over an index served by HTTP (a bad page is
 * a list that is not JSON), then the real misp-warninglists folder: only changed lists are
 * written, a list gone is removed, a bad one keeps its stored version, and what is stored is
 * what ingest flags and detection suppresses with, with or without --warninglists.
 */

setLocale("en");

const list = (name: string, type: string, entries: string[], attributes = ["ip-dst", "domain"], version = 1) =>
  `${JSON.stringify({ name, version, description: `${name} test list`, type, matching_attributes: attributes, list: entries }, null, 2)}\n`;

const LISTS: Record<string, string> = {
  resolvers: list("Test resolvers", "cidr", ["192.0.2.53", "198.51.100.0/24"]),
  sites: list("Test sites", "hostname", ["example.org", "example.net"]),
  blogs: list("Test blogs", "string", ["blog.example.com"]),
};

async function writeLists(dir: string): Promise<void> {
  for (const [name, text] of Object.entries(LISTS)) {
    await mkdir(join(dir, "lists", name), { recursive: true });
    await writeFile(join(dir, "lists", name, "list.json"), text);
  }
}

connectorCases({
  kind: "warninglists",
  async remote() {
    const dir = await mkdtemp(join(tmpdir(), "centinela-wl-feed-"));
    await writeLists(dir);
    // An index: names (read as <name>/list.json) and a path, relative to it.
    await writeFile(
      join(dir, "lists", "index.json"),
      JSON.stringify({ lists: ["blogs", "resolvers/", "sites/list.json"] }),
    );
    const server = await serveFolder(dir);
    const broken = join(dir, "lists", "sites", "list.json");
    return {
      source: `${server.url}lists/index.json`,
      pages: 3,
      records: 3,
      stored: async (store) => (await store.directory.storedWarninglists({ entries: false })).length,
      breakPage: () => writeFile(broken, '{"name": "Test sites", "list": ['),
      repairPage: () => writeFile(broken, LISTS.sites as string),
      badPage: /sites\/list\.json: not JSON/,
      async dispose() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

const CLI = { userId: null, orgId: null, address: "test" };
const CTX = { orgId: null, userId: null, source: "feed:wl" };

async function feedStore(
  t: TestContext,
  source: string,
): Promise<{ store: Store; run: () => ReturnType<typeof runFeed> }> {
  const dir = await mkdtemp(join(tmpdir(), "centinela-wl-store-"));
  const store = await openStore({ dataDir: dir });
  t.after(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const config = WARNINGLISTS_CONNECTOR.configure({ source, options: {}, username: null });
  await store.directory.addFeed(CLI, {
    id: "wl",
    kind: "warninglists",
    config: { ...config },
    secret: null,
    everySeconds: null,
  });
  const run = async () => runFeed(store, (await store.directory.listFeeds())[0]!, { ctx: CTX });
  return { store, run };
}

describe("the warninglists kind", () => {
  it("stores MISP's real lists with their versions, then writes only the list that changed", async (t) => {
    const real = sharedData(t, "misp-warninglists/lists");
    if (!real) return;
    const dir = await mkdtemp(join(tmpdir(), "centinela-wl-real-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await cp(real, join(dir, "lists"), { recursive: true });
    const { store, run } = await feedStore(t, join(dir, "lists"));
    const first = await run();
    assert.equal(first.counts.new, 126, first.problems.join("\n"));
    assert.equal(first.counts.rejected, 0);
    const stored = await store.directory.storedWarninglists({ entries: false });
    const dns = stored.find((s) => s.name === "List of known IPv4 public DNS resolvers");
    assert.deepEqual([dns?.version, dns?.type], [20240615, "cidr"]);
    assert.equal(
      stored.reduce((n, s) => n + s.entryCount, 0),
      205_700,
    );

    const again = await run();
    assert.deepEqual([again.pages, again.counts.new, again.counts.changed], [0, 0, 0], "nothing rewritten");

    const file = join(dir, "lists", "public-dns-v4", "list.json");
    const json = JSON.parse(await readFile(file, "utf8")) as { version: number; list: string[] };
    json.version = 20240616;
    json.list.push("203.0.113.53");
    await writeFile(file, JSON.stringify(json));
    const changed = await run();
    assert.deepEqual([changed.pages, changed.counts.changed, changed.counts.new], [1, 1, 0]);
    const now = (await store.directory.storedWarninglists()).find((s) => s.name === dns?.name);
    assert.equal(now?.version, 20240616);
    assert.ok(now?.list.includes("203.0.113.53"));
  });

  it("keeps a bad list's stored version, says why, and removes a list only once it is gone from the source", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-wl-bad-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeLists(dir);
    const { store, run } = await feedStore(t, join(dir, "lists"));
    assert.equal((await run()).counts.new, 3);
    const names = async () => (await store.directory.storedWarninglists({ entries: false })).map((s) => s.name);

    await writeFile(join(dir, "lists", "sites", "list.json"), list("Test sites", "glob", ["*.example.org"]));
    await writeFile(join(dir, "lists", "blogs", "list.json"), '{"name": "Test blogs", "list": "blog.example.com"}');
    const bad = await run();
    assert.equal(bad.counts.rejected, 2);
    assert.match(bad.problems.join("\n"), /sites\/list\.json: "type" is "glob"; it must be one of string, hostname/);
    assert.match(bad.problems.join("\n"), /blogs\/list\.json: "list" must be an array of strings/);
    assert.deepEqual(await names(), ["Test blogs", "Test resolvers", "Test sites"], "their stored versions are kept");

    await rm(join(dir, "lists", "sites"), { recursive: true });
    await writeFile(join(dir, "lists", "blogs", "list.json"), LISTS.blogs as string);
    const gone = await run();
    assert.deepEqual(gone.problems, []);
    assert.deepEqual(await names(), ["Test blogs", "Test resolvers"], "the list gone from the folder is removed");

    // A folder with no list at all is an error, never "every list is gone".
    await rm(join(dir, "lists"), { recursive: true });
    await mkdir(join(dir, "lists"));
    await assert.rejects(run(), /no warninglists to read .*no list\.json under it/);
    assert.deepEqual(await names(), ["Test blogs", "Test resolvers"]);

    // Two lists of one name: the second is refused, naming it.
    await writeLists(dir);
    await mkdir(join(dir, "lists", "zcopy"));
    await writeFile(join(dir, "lists", "zcopy", "list.json"), list("Test sites", "string", ["x.example"]));
    const twice = await run();
    assert.match(
      twice.problems.join("\n"),
      /zcopy\/list\.json: another list of this feed is already named "Test sites"/,
    );

    // Removing the feed removes its lists: they are its configuration.
    await store.directory.removeFeed(CLI, "wl");
    assert.deepEqual(await names(), []);
  });

  it("refuses at add time a source that is neither a list nor an index, naming why", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-wl-check-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, "not-an-index.json"), JSON.stringify({ hello: "world" }));
    await writeFile(join(dir, "bad-entry.json"), JSON.stringify(["sites", 42]));
    await writeFile(join(dir, "empty.json"), "[]");
    const server = await serveFolder(dir);
    t.after(() => server.close());
    const check = (name: string) =>
      WARNINGLISTS_CONNECTOR.check(
        WARNINGLISTS_CONNECTOR.configure({ source: `${server.url}${name}`, options: {}, username: null }),
        null,
      );
    await assert.rejects(check("not-an-index.json"), /neither a warninglist .* nor an index/);
    await assert.rejects(check("bad-entry.json"), /index entry 2 is 42, not the path or URL of a list/);
    await assert.rejects(check("empty.json"), /the index names no list/);
    await assert.rejects(check("missing.json"), (e: Error & { code?: string }) => e.code === "FEED_CHECK_FAILED");
  });

  it("flags at import and suppresses in detection with the stored lists, alone or with --warninglists", async (t) => {
    const target = await sqliteTarget();
    const dir = await mkdtemp(join(tmpdir(), "centinela-wl-use-"));
    t.after(async () => {
      await target.dispose();
      await rm(dir, { recursive: true, force: true });
    });
    await writeLists(dir);
    await mkdir(join(dir, "other"));
    await writeFile(join(dir, "other", "list.json"), list("Other resolvers", "cidr", ["203.0.113.0/24"]));
    const added = await centinela(target, ["feeds", "add", "warninglists", join(dir, "lists"), "--id", "wl"]);
    assert.equal(added.code, 0, added.stderr);
    const synced = await centinela(target, ["feeds", "sync", "wl"]);
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stdout, /wl\s+pages=3\s+new=3/);

    const bundle = join(dir, "iocs.json");
    const ids = {
      stored: "indicator--0a7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e",
      given: "indicator--1a7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e",
      none: "indicator--2a7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e",
    };
    await writeFile(
      bundle,
      JSON.stringify({
        type: "bundle",
        id: "bundle--0a7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e",
        objects: [
          stixIndicator(ids.stored, "[ipv4-addr:value = '198.51.100.7']"),
          stixIndicator(ids.given, "[ipv4-addr:value = '203.0.113.9']"),
          stixIndicator(ids.none, "[ipv4-addr:value = '178.237.33.50']"),
        ],
      }),
    );
    // No --warninglists, no $CENTINELA_WARNINGLISTS: the stored lists flag; the path given adds its own.
    const imported = await centinela(target, ["import", bundle, "--json", "-q", "--warninglists", join(dir, "other")]);
    assert.equal(imported.code, 0, imported.stderr);
    const summary = JSON.parse(imported.stdout) as { warninglistedByList: Record<string, number> };
    assert.deepEqual(summary.warninglistedByList, { "Other resolvers": 1, "Test resolvers": 1 });
    const flagged = await centinela(target, ["indicator", "warninglisted", "--json"]);
    const rows = flagged.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { list: string });
    assert.deepEqual(rows.map((r) => r.list).sort(), ["Other resolvers", "Test resolvers"]);

    const log = join(dir, "conn.log");
    await writeFile(
      log,
      ["198.51.100.7", "203.0.113.9", "178.237.33.50"]
        .map((ip, i) =>
          JSON.stringify({ ts: 1677024000 + i, _path: "conn", uid: `C${i}`, "id.orig_h": "10.0.0.5", "id.resp_h": ip }),
        )
        .join("\n"),
    );
    type Scan = { alerts: number; suppressed: number; suppressedByList: Record<string, number> };
    const stored = JSON.parse(
      (await centinela(target, ["scan", log, "--json", "-q", "--no-analytics"])).stdout,
    ) as Scan;
    assert.deepEqual([stored.alerts, stored.suppressedByList], [2, { "Test resolvers": 1 }], "the stored lists alone");
    const both = await centinela(target, ["scan", log, "--json", "-q", "--no-analytics"], undefined, {
      CENTINELA_WARNINGLISTS: join(dir, "other"),
    });
    const combined = JSON.parse(both.stdout) as Scan;
    assert.deepEqual(
      [combined.alerts, combined.suppressedByList],
      [1, { "Test resolvers": 1, "Other resolvers": 1 }],
      "combined with $CENTINELA_WARNINGLISTS",
    );
  });

  it("an import through the one ingest path sees a list a feed run changed, without a restart", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-wl-fresh-"));
    t.after(() => rm(dir, { recursive: true, force: true }));
    await writeLists(dir);
    const { store, run } = await feedStore(t, join(dir, "lists"));
    const ioc = stixIndicator(
      "indicator--3a7c8d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e",
      "[domain-name:value = 'www.example.com']",
    );
    const once = async (modified: string) =>
      importItems(store, asStreamItems([{ ...ioc, modified }]), { ctx: CTX, source: "test" });
    await run();
    assert.equal((await once("2023-02-01T00:00:00.000Z")).warninglisted, 0);
    await writeFile(
      join(dir, "lists", "sites", "list.json"),
      list("Test sites", "hostname", ["example.com"], undefined, 2),
    );
    await run();
    const after = await once("2023-03-01T00:00:00.000Z");
    assert.deepEqual(after.warninglistedByList, { "Test sites": 1 });
  });
});
