import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setLocale } from "../i18n/index.js";
import { readClientTls, type TlsError } from "../tls/index.js";
import { createTestPki, type PkiName } from "../tls/test-pki.fixture.js";
import { TaxiiClient } from "./client.js";
import type { TaxiiError } from "./errors.js";
import { createFixture, fixtureTls, listenFixture, type TaxiiFixture } from "./test-fixture.js";

/**
 * The TAXII client over mutual TLS on 127.0.0.1: it presents the client certificate and trusts
 * the CA given, and a server certificate from another CA or an expired one is a TlsError saying
 * what to do, raised at once (no retries: the same certificate fails the same way again).
 */

const pki = createTestPki();
after(() => pki.close());
// The client's own messages are checked in English.
setLocale("en");

/** A client presenting certificate `as` (none when null), trusting `ca`, recording its backoff waits. */
function clientAs(as: PkiName | null, ca: PkiName = "ca") {
  const waits: number[] = [];
  const tls = readClientTls({
    clientCert: as ? pki.cert(as) : null,
    clientKey: as ? pki.key(as) : null,
    ca: pki.cert(ca),
  });
  const client = new TaxiiClient({
    tls,
    maxRetries: 3,
    sleep: async (ms) => {
      waits.push(ms);
    },
  });
  return { client, waits };
}

describe("TAXII client over mutual TLS", () => {
  let f: TaxiiFixture;
  let root: string;
  let expired: TaxiiFixture;
  let expiredRoot: string;
  before(async () => {
    f = await createFixture({ tls: fixtureTls(pki, { clientCa: true }) });
    root = await listenFixture(f);
    expired = await createFixture({ tls: fixtureTls(pki, { server: "server-expired" }) });
    expiredRoot = await listenFixture(expired);
  });
  after(async () => {
    await f.close();
    await expired.close();
  });

  it("presents the client certificate and signs in as its CN", async () => {
    const { client } = clientAs("alice");
    const collections = await client.getJson<{ collections: Array<{ id: string }> }>(`${root}collections/`);
    assert.deepEqual(
      collections.collections.map((c) => c.id),
      ["c1"],
    );
    await client.close();
  });

  it("gets the server's reason when it refuses the certificate", async () => {
    for (const [as, reason] of [
      // The server's own words, in the client's language (it sends Accept-Language: the process's, en here).
      [null, /accepts only clients with a certificate signed by its CA/],
      ["alice-other", /is not signed by the CA this server trusts/],
    ] as const) {
      const { client, waits } = clientAs(as);
      await assert.rejects(
        client.getJson(`${root}collections/`),
        (e: TaxiiError) => e.code === "TAXII_REMOTE" && / answered 401: /.test(e.message) && reason.test(e.message),
      );
      assert.deepEqual(waits, []);
      await client.close();
    }
  });

  it("refuses a server whose certificate another CA signed, at once, saying to give --ca", async () => {
    const { client, waits } = clientAs("alice", "other-ca");
    await assert.rejects(
      client.getJson(`${root}collections/`),
      (e: TlsError) =>
        e.code === "TLS_REMOTE_UNTRUSTED" &&
        e.message.startsWith(`${root}collections/: `) &&
        /is not trusted \((SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_VERIFY_LEAF_SIGNATURE)/.test(e.message) &&
        /give the CA that signed it with --ca FILE/.test(e.message),
    );
    assert.deepEqual(waits, [], "not retried");
    await client.close();
  });

  it("refuses a server whose certificate has expired, at once", async () => {
    const { client, waits } = clientAs(null);
    await assert.rejects(
      client.getJson(`${expiredRoot}collections/`),
      (e: TlsError) => e.code === "TLS_REMOTE_EXPIRED" && /CERT_HAS_EXPIRED/.test(e.message),
    );
    assert.deepEqual(waits, []);
    await client.close();
  });

  it("refuses its own expired certificate, or a key of another, before connecting", () => {
    assert.throws(
      () => readClientTls({ clientCert: pki.cert("alice-expired"), clientKey: pki.key("alice-expired"), ca: null }),
      (e: TlsError) => e.code === "TLS_CERT_EXPIRED" && e.message.includes("--client-cert"),
    );
    assert.throws(
      () => readClientTls({ clientCert: pki.cert("alice"), clientKey: pki.key("server"), ca: null }),
      (e: TlsError) => e.code === "TLS_KEY_MISMATCH" && e.message.includes("--client-key"),
    );
    assert.throws(
      () => readClientTls({ clientCert: pki.cert("alice"), clientKey: null, ca: null }),
      (e: TlsError) => e.code === "TLS_OPTION_NEEDED",
    );
    assert.equal(readClientTls({ clientCert: null, clientKey: null, ca: null }), null);
  });
});
