import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { PROJECT_ROOT } from "../../testing/index.js";
import { createTestPki, type TestPki } from "../../tls/test-pki.fixture.js";
import { runCli } from "../run-in-process.fixture.js";
import { serveTarget } from "./cli-target.fixture.js";

/**
 * `centinela serve --tls-cert --tls-key [--tls-client-ca]` from the command line: refused at start,
 * naming the option, the file and what to do, for a missing file, a folder, a key given as the
 * certificate, a key of another certificate, an expired certificate, or a flag without its pair
 * (es-MX by default, en with LANG); and a real HTTPS server that says so and answers TAXII.
 */

function centinela(args: string[], lang = "es_MX.UTF-8") {
  const env: Record<string, string | undefined> = { ...process.env, LANG: lang };
  delete env.CENTINELA_DB;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  return runCli(args, { env, cwd: PROJECT_ROOT });
}

describe("centinela serve over TLS", () => {
  let pki: TestPki;
  let dir: string;
  before(async () => {
    pki = createTestPki();
    dir = await mkdtemp(join(tmpdir(), "centinela-serve-tls-"));
  });
  after(async () => {
    pki.close();
    await rm(dir, { recursive: true, force: true });
  });

  const serve = (tlsArgs: string[], lang?: string) =>
    centinela(["serve", "--port", "0", "--data", join(dir, "data"), ...tlsArgs], lang);

  it("refuses to start on bad certificate or key files, saying which and what to do", async () => {
    const cases: Array<{ args: string[]; es: RegExp; en: RegExp }> = [
      {
        args: ["--tls-cert", join(dir, "nope.pem"), "--tls-key", pki.key("server")],
        es: /--tls-cert \S+nope\.pem: no existe ese archivo; indique la ruta del archivo PEM/,
        en: /--tls-cert \S+nope\.pem: no such file; give the path of the PEM file/,
      },
      {
        args: ["--tls-cert", pki.cert("server"), "--tls-key", join(dir, "nope.key")],
        es: /--tls-key \S+nope\.key: no existe ese archivo/,
        en: /--tls-key \S+nope\.key: no such file/,
      },
      {
        args: ["--tls-cert", pki.dir, "--tls-key", pki.key("server")],
        es: /--tls-cert \S+ es una carpeta; indique el archivo PEM dentro de ella/,
        en: /--tls-cert \S+ is a folder; give the PEM file in it/,
      },
      {
        args: ["--tls-cert", pki.key("server"), "--tls-key", pki.key("server")],
        es: /--tls-cert \S+server\.key no contiene un certificado PEM/,
        en: /--tls-cert \S+server\.key holds no PEM certificate .*give the certificate, not its key/,
      },
      {
        args: ["--tls-cert", pki.cert("server"), "--tls-key", pki.key("alice")],
        es: /la llave \S+alice\.key \(--tls-key\) no corresponde al certificado \S+server\.pem \(--tls-cert\)/,
        en: /the key \S+alice\.key \(--tls-key\) does not belong to the certificate \S+server\.pem \(--tls-cert\); give the key that certificate was made with/,
      },
      {
        args: ["--tls-cert", pki.cert("server-expired"), "--tls-key", pki.key("server-expired")],
        es: /--tls-cert \S+server-expired\.pem: el certificado \(sujeto CN=127\.0\.0\.1, O=Centinela tests\) venció el \d{4}-/,
        en: /--tls-cert \S+server-expired\.pem: the certificate \(subject CN=127\.0\.0\.1, O=Centinela tests\) expired on \d{4}-.*renew it/,
      },
      {
        args: ["--tls-cert", pki.cert("server"), "--tls-key", pki.key("server"), "--tls-client-ca", pki.key("ca")],
        es: /--tls-client-ca \S+ca\.key no contiene un certificado PEM/,
        en: /--tls-client-ca \S+ca\.key holds no PEM certificate/,
      },
      {
        args: ["--tls-cert", pki.cert("server")],
        es: /--tls-cert también necesita --tls-key/,
        en: /--tls-cert needs --tls-key too/,
      },
      {
        args: ["--tls-client-ca", pki.cert("ca")],
        es: /--tls-client-ca también necesita --tls-cert and --tls-key/,
        en: /--tls-client-ca needs --tls-cert and --tls-key too/,
      },
    ];
    for (const c of cases) {
      const es = await serve(c.args);
      assert.equal(es.code, 2, `${c.args.join(" ")}: ${es.stderr}`);
      assert.match(es.stderr, c.es);
      const en = await serve(c.args, "en_US.UTF-8");
      assert.equal(en.code, 2);
      assert.match(en.stderr, c.en);
    }
    const attribute = await serve(
      ["--tls-cert", pki.cert("server"), "--tls-key", pki.key("server"), "--tls-client-user", "CNN"],
      "en_US.UTF-8",
    );
    assert.equal(attribute.code, 2);
    assert.match(attribute.stderr, /--tls-client-user must be one of CN, emailAddress, UID/);
  });

  it("serves HTTPS with client certificates required, and says so", async (t) => {
    const server = await serveTarget(
      {
        name: "sqlite",
        args: ["--data", join(dir, "live")],
        env: {},
        location: { dataDir: join(dir, "live") },
        dispose: async () => {},
      },
      { CENTINELA_ADMIN_PASSWORD: "admin-pw-123" },
      ["--tls-cert", pki.cert("server"), "--tls-key", pki.key("server"), "--tls-client-ca", pki.cert("ca")],
    );
    t.after(() => server.stop());
    assert.match(server.url, /^https:\/\/127\.0\.0\.1:\d+\/taxii2\/$/);
    assert.match(
      server.stderr(),
      /HTTPS with the certificate \S+server\.pem \(subject CN=127\.0\.0\.1, O=Centinela tests, valid until \d{4}-/,
    );
    assert.match(
      server.stderr(),
      /client certificates required, signed by the CA in \S+ca\.pem; each certificate's CN names the user/,
    );
  });
});
