import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { setLocale } from "../../i18n/index.js";
import { openStore } from "../../store/index.js";
import { connectorCases } from "../connector-cases.js";
import { serveFolder } from "../folder-server.fixture.js";
import { runFeed } from "../run-feed.js";
import { LIST_CONNECTOR } from "./connector.js";

/**
 * The list kind on a plain text list served over HTTP: the shared connector cases (a bad page is
 * a list with a line that holds no value), then a value that leaves the list is expired, not
 * deleted.
 */

setLocale("en");
const SYSTEM = { kind: "system", orgId: null, userId: null } as const;
const LIST = "# bad hosts\n198.51.100.7\n203.0.113.9\nmalo.example.net\nhttp://malo.example.net/payload.exe\n";

connectorCases({
  kind: "list",
  async remote() {
    const dir = await mkdtemp(join(tmpdir(), "centinela-list-feed-"));
    const file = join(dir, "hosts.txt");
    await writeFile(file, LIST);
    const server = await serveFolder(dir);
    return {
      source: `${server.url}hosts.txt`,
      options: { into: "mirror" },
      pages: 1,
      records: 4,
      stored: (store) => store.countObjects(SYSTEM, { collectionId: "mirror", types: ["indicator"] }),
      breakPage: () => writeFile(file, `${LIST}ésto no es nada\n`),
      repairPage: () => writeFile(file, LIST),
      badPage: /hosts\.txt:6: .*ésto no es nada/,
      async dispose() {
        await server.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

describe("the list kind", () => {
  it("expires a value that left the list instead of deleting it", async (t) => {
    const dir = await mkdtemp(join(tmpdir(), "centinela-list-expire-"));
    const file = join(dir, "hosts.txt");
    await writeFile(file, LIST);
    const store = await openStore({ dataDir: join(dir, "data") });
    t.after(async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    });
    const config = LIST_CONNECTOR.configure({ source: file, options: {}, username: null });
    assert.equal(config.name, "hosts.txt");
    const cli = { userId: null, orgId: null, address: "test" };
    await store.directory.addFeed(cli, {
      id: "l",
      kind: "list",
      config: { ...config },
      secret: null,
      everySeconds: null,
    });
    const ctx = { orgId: null, userId: null, source: "feed:l" };
    assert.equal((await runFeed(store, (await store.directory.listFeeds())[0]!, { ctx })).counts.new, 4);
    await writeFile(file, LIST.replace("203.0.113.9\n", ""));
    const after = await runFeed(store, (await store.directory.listFeeds())[0]!, { ctx });
    assert.deepEqual([after.counts.new, after.counts.changed, after.counts.unchanged], [0, 1, 3]);
    assert.equal(await store.countObjects(SYSTEM, { types: ["indicator"] }), 4, "expired, not deleted");
  });
});
