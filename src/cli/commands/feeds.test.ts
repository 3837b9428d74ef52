import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import BetterSqlite3 from "better-sqlite3";
import { openSecret, parseSecretKey } from "../../access/index.js";
import { openStore } from "../../store/index.js";
import { centinela, TARGETS, type Target } from "./cli-target.fixture.js";

/**
 * `feeds add` seals the credential with the key kept outside the database; `feeds sync` opens it.
 * The remote is never reached: these cases only add, or end before anything is sent (the full
 * add-and-sync against a served hub is in serve.test.ts).
 */

const TOKEN = "cnt_partner-token-do-not-store";
const REMOTE = "http://127.0.0.1:9/taxii2/main/";

/** A fresh store of the kind, with its own data directory for the key (for PostgreSQL, via CENTINELA_DATA). */
async function setUp(t: TestContext, make: (t: TestContext) => Promise<Target | null>) {
  const target = await make(t);
  if (!target) return null;
  const dir = await mkdtemp(join(tmpdir(), "centinela-feeds-"));
  t.after(async () => {
    await target.dispose();
    await rm(dir, { recursive: true, force: true });
  });
  const dataDir = target.location.dataDir ?? join(dir, "data");
  const env = { CENTINELA_SECRET_KEY: "", ...(target.location.dataDir ? {} : { CENTINELA_DATA: dataDir }) };
  const run = (args: string[], extra: Record<string, string> = {}) =>
    centinela(target, args, undefined, { ...env, ...extra });
  return { target, dataDir, run };
}

const addArgs = ["feeds", "add", "taxii", REMOTE, "--collection", "c1", "--id", "hub", "--no-check"];

for (const [name, make] of TARGETS) {
  describe(`feeds and their sealed credentials (${name})`, () => {
    it("stores the credential sealed under a key file made with mode 0600 in the data directory, never printed", async (t) => {
      const s = await setUp(t, make);
      if (!s) return;
      const added = await s.run(addArgs, { CENTINELA_FEED_TOKEN: TOKEN });
      assert.equal(added.code, 0, added.stderr);
      const keyPath = join(s.dataDir, "secret.key");
      if (process.platform !== "win32") assert.equal((await stat(keyPath)).mode & 0o777, 0o600);
      const key = parseSecretKey(await readFile(keyPath, "utf8"), keyPath);
      assert.equal(`${added.stdout}${added.stderr}`.includes(key.toString("base64")), false, "the key is not printed");

      const store = await openStore(s.target.location);
      const [feed] = await store.directory.listFeeds();
      const audit = JSON.stringify(await store.directory.listAudit(0, 100));
      await store.close();
      assert.match(feed?.secret ?? "", /^enc1:/);
      assert.equal(feed?.secret?.includes(TOKEN), false);
      assert.equal(openSecret(key, "hub", feed!.secret!), TOKEN);
      assert.equal(audit.includes(TOKEN) || audit.includes("enc1:"), false, "nothing of it in the audit log");
      if (s.target.location.dataDir) {
        // The column itself, read beside the store: no plaintext in the file a backup copies.
        const db = new BetterSqlite3(join(s.dataDir, "centinela.db"), { readonly: true });
        const row = db.prepare("select secret from feeds where id = 'hub'").get() as { secret: string };
        db.close();
        assert.equal(row.secret, feed?.secret);
      }

      const listed = await s.run(["feeds", "list"]);
      assert.match(listed.stdout, /^hub\ttaxii\t.*\tauth=token\t/m);
      assert.equal(listed.stdout.includes(TOKEN) || listed.stdout.includes("enc1:"), false);

      const again = await s.run(addArgs, { CENTINELA_FEED_TOKEN: TOKEN });
      assert.equal(again.code, 2);
      assert.match(again.stderr, /feed "hub" already exists; add --replace to replace it/);
      assert.equal((await s.run([...addArgs, "--replace"], { CENTINELA_FEED_TOKEN: "cnt_new" })).code, 0);
    });

    it("says what to do when the key changed, instead of sending anything, and recovers with feeds add --replace", async (t) => {
      const s = await setUp(t, make);
      if (!s) return;
      assert.equal((await s.run(addArgs, { CENTINELA_FEED_TOKEN: TOKEN })).code, 0);
      // The key file replaced (lost, or another machine's): the sealed credential no longer opens.
      await writeFile(join(s.dataDir, "secret.key"), `${randomBytes(32).toString("base64")}\n`, { mode: 0o600 });
      const synced = await s.run(["feeds", "sync"]);
      assert.equal(synced.code, 1);
      assert.match(
        synced.stderr,
        /feed hub: the stored credential of feed "hub" does not open with the secret key from /,
      );
      assert.match(
        synced.stderr,
        /restore the key it was added with .* or add the feed again with `centinela feeds add/,
      );
      assert.doesNotMatch(synced.stderr, /fetch failed|ECONNREFUSED|at .*\.ts:\d+/, "nothing sent, no stack trace");
      assert.match((await s.run(["feeds", "list"])).stdout, /error=the stored credential of feed "hub" does not open/);

      // Another CENTINELA_SECRET_KEY is refused the same way; a malformed one is named with the form it needs.
      const other = await s.run(["feeds", "sync"], { CENTINELA_SECRET_KEY: randomBytes(32).toString("hex") });
      assert.match(other.stderr, /does not open with the secret key from CENTINELA_SECRET_KEY/);
      const malformed = await s.run(["feeds", "sync"], { CENTINELA_SECRET_KEY: "too-short" });
      assert.equal(malformed.code, 1);
      assert.match(malformed.stderr, /CENTINELA_SECRET_KEY must hold 32 bytes written as 64 hex digits or as base64/);
      const badAdd = await s.run([...addArgs, "--id", "x"], {
        CENTINELA_FEED_TOKEN: TOKEN,
        CENTINELA_SECRET_KEY: "nope",
      });
      assert.equal(badAdd.code, 2);
      assert.match(badAdd.stderr, /CENTINELA_SECRET_KEY must hold/);

      // Re-added with its credential under the current key, the resume point kept: it opens again.
      assert.equal((await s.run([...addArgs, "--replace"], { CENTINELA_FEED_TOKEN: TOKEN })).code, 0);
      const keyPath = join(s.dataDir, "secret.key");
      const key = parseSecretKey(await readFile(keyPath, "utf8"), keyPath);
      const store = await openStore(s.target.location);
      const [feed] = await store.directory.listFeeds();
      await store.close();
      assert.equal(openSecret(key, "hub", feed!.secret!), TOKEN);
      assert.equal(feed?.lastError, null);
    });
  });
}
