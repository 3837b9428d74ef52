import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { readStixStream } from "../../stix/index.js";
import { pushObjects, TaxiiClient } from "../../taxii/index.js";
import {
  createFixture,
  fixtureTls,
  indicator,
  indicatorId,
  listenFixture,
  type TaxiiFixture,
} from "../../taxii/test-fixture.js";
import { PROJECT_ROOT } from "../../testing/index.js";
import { readClientTls } from "../../tls/index.js";
import { createTestPki } from "../../tls/test-pki.fixture.js";
import { runCli } from "../run-in-process.fixture.js";

/**
 * `feeds add taxii … --client-cert --client-key --ca` and `feeds sync` against TAXII servers on
 * 127.0.0.1 with certificates the test makes: one that requires mutual TLS (the feed signs in as
 * alice by her certificate and pulls what she may read), one whose certificate has expired. A
 * feed trusting another CA, one whose server certificate has expired and one whose own client
 * certificate expired after it was added each fail with a message saying which, and the feed
 * beside them is pulled all the same.
 */

const pki = createTestPki();
after(() => pki.close());

function centinela(args: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, LANG: "en_US.UTF-8" };
  delete env.CENTINELA_DB;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  delete env.CENTINELA_FEED_TOKEN;
  return runCli(args, { env, cwd: PROJECT_ROOT });
}

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

describe("feeds over mutual TLS", () => {
  let remote: TaxiiFixture;
  let root: string;
  let stale: TaxiiFixture;
  let staleRoot: string;
  let dir: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "centinela-feeds-tls-"));
    remote = await createFixture({ tls: fixtureTls(pki, { clientCa: true }) });
    root = await listenFixture(remote);
    stale = await createFixture({ tls: fixtureTls(pki, { server: "server-expired" }) });
    staleRoot = await listenFixture(stale);
    // Five GREEN indicators in the remote's c1, pushed by alice with her certificate.
    const client = new TaxiiClient({
      tls: readClientTls({ clientCert: pki.cert("alice"), clientKey: pki.key("alice"), ca: pki.cert("ca") }),
    });
    const bundle = JSON.stringify({
      type: "bundle",
      id: "bundle--00000000-0000-4000-8000-000000000001",
      objects: [1, 2, 3, 4, 5].map((n) => indicator(n, "green")),
    });
    const pushed = await pushObjects(client, root, "c1", readStixStream(once(bundle)));
    assert.equal(pushed.successes, 5);
    await client.close();
  });
  after(async () => {
    await remote.close();
    await stale.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pulls over mutual TLS, and a wrong CA or an expired certificate fails that feed alone, saying which", async () => {
    const data = ["--data", join(dir, "local")];
    const tls = (cert: string, key: string, ca: string) => ["--client-cert", cert, "--client-key", key, "--ca", ca];
    const add = (id: string, url: string, extra: string[]) =>
      centinela(["feeds", "add", "taxii", url, "--collection", "c1", "--id", id, ...extra, ...data]);

    const good = await add("good", root, tls(pki.cert("alice"), pki.key("alice"), pki.cert("ca")));
    assert.equal(good.code, 0, good.stderr);
    // Added with its check: the remote is asked now, and the CA is not the one that signed it.
    const refused = await add("wrong-ca", root, tls(pki.cert("alice"), pki.key("alice"), pki.cert("other-ca")));
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /the server's certificate is not trusted .*give the CA that signed it with --ca FILE/);
    const expiredOnAdd = await add(
      "mine",
      root,
      tls(pki.cert("alice-expired"), pki.key("alice-expired"), pki.cert("ca")),
    );
    assert.notEqual(expiredOnAdd.code, 0);
    assert.match(
      expiredOnAdd.stderr,
      /--client-cert \S+alice-expired\.pem: the certificate \(subject CN=alice, O=Centinela tests\) expired on/,
    );

    for (const [id, url, extra] of [
      ["wrong-ca", root, tls(pki.cert("alice"), pki.key("alice"), pki.cert("other-ca"))],
      ["stale-server", staleRoot, ["--ca", pki.cert("ca")]],
    ] as const) {
      const added = await add(id, url, [...extra, "--no-check"]);
      assert.equal(added.code, 0, added.stderr);
    }
    // A certificate that was valid when added and has expired since (the files are read at every sync).
    const mine = { cert: join(dir, "mine.pem"), key: join(dir, "mine.key") };
    copyFileSync(pki.cert("alice"), mine.cert);
    copyFileSync(pki.key("alice"), mine.key);
    const added = await add("mine", root, tls(mine.cert, mine.key, pki.cert("ca")));
    assert.equal(added.code, 0, added.stderr);
    copyFileSync(pki.cert("alice-expired"), mine.cert);
    copyFileSync(pki.key("alice-expired"), mine.key);

    // The paths are kept, never the key itself.
    const listed = await centinela(["feeds", "list", ...data]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.ok(listed.stdout.includes(pki.cert("alice")), listed.stdout);
    assert.equal(listed.stdout.includes("PRIVATE KEY"), false);

    const sync = await centinela(["feeds", "sync", ...data]);
    assert.equal(sync.code, 1, sync.stdout + sync.stderr);
    assert.match(sync.stderr, /wrong-ca.*the server's certificate is not trusted/);
    assert.match(sync.stderr, /stale-server.*the server's certificate has expired \(CERT_HAS_EXPIRED/);
    assert.match(
      sync.stderr,
      /mine.*--client-cert \S+mine\.pem: the certificate \(subject CN=alice, O=Centinela tests\) expired on/,
    );
    assert.equal(/good/.test(sync.stderr), false, sync.stderr);
    for (const n of [1, 2, 3, 4, 5]) {
      const got = await centinela(["get", indicatorId(n), ...data]);
      assert.equal(got.code, 0, `${indicatorId(n)}: ${got.stderr}`);
    }
  });
});
