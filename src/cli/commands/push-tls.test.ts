import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { createFixture, fixtureTls, listenFixture, type TaxiiFixture } from "../../taxii/test-fixture.js";
import { PROJECT_ROOT } from "../../testing/index.js";
import { createTestPki, type PkiName } from "../../tls/test-pki.fixture.js";
import { runCli } from "../run-in-process.fixture.js";

/**
 * `centinela push --client-cert --client-key --ca` to a TAXII server that requires mutual TLS, on
 * 127.0.0.1 with certificates the test makes: the certificate signs in (alice, who may write c1),
 * and another CA, an expired certificate or a key of another certificate is a clear error.
 */

const SAMPLE = join(PROJECT_ROOT, "examples", "sample-bundle.json");
const pki = createTestPki();
after(() => pki.close());

function push(root: string, tls: string[]) {
  const env: Record<string, string | undefined> = { ...process.env, LANG: "en_US.UTF-8" };
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return runCli(["push", SAMPLE, "--to", root, "--collection", "c1", ...tls], { env, cwd: PROJECT_ROOT });
}

const as = (name: PkiName, ca: PkiName = "ca") => [
  "--client-cert",
  pki.cert(name),
  "--client-key",
  pki.key(name),
  "--ca",
  pki.cert(ca),
];

describe("centinela push over mutual TLS", () => {
  let f: TaxiiFixture;
  let root: string;
  before(async () => {
    f = await createFixture({ tls: fixtureTls(pki, { clientCa: true }) });
    root = await listenFixture(f);
  });
  after(() => f.close());

  it("pushes with the client certificate as the user its CN names", async () => {
    const run = await push(root, as("alice"));
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /total=11\tsuccesses=11\tfailures=0/);
    const log = await f.store.directory.listAudit(0, 1000);
    assert.ok(
      log.some((e) => e.userId === f.users.alice.id && e.action.startsWith("objects.")),
      "written as alice",
    );
  });

  it("says what is wrong with another CA, an expired certificate, a wrong key or none", async () => {
    const cases: Array<{ tls: string[]; says: RegExp }> = [
      {
        tls: as("alice", "other-ca"),
        says: /the server's certificate is not trusted .*give the CA that signed it with --ca FILE/,
      },
      {
        tls: as("alice-expired"),
        says: /--client-cert \S+alice-expired\.pem: the certificate \(subject CN=alice, O=Centinela tests\) expired on/,
      },
      {
        tls: ["--client-cert", pki.cert("alice"), "--client-key", pki.key("server"), "--ca", pki.cert("ca")],
        says: /the key \S+server\.key \(--client-key\) does not belong to the certificate \S+alice\.pem \(--client-cert\)/,
      },
      { tls: ["--ca", pki.cert("ca")], says: /push needs credentials.*--client-cert/ },
    ];
    for (const c of cases) {
      const run = await push(root, c.tls);
      assert.notEqual(run.code, 0, c.tls.join(" "));
      assert.match(run.stderr, c.says);
    }
  });
});
