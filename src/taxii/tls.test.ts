import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { request } from "node:https";
import { after, before, describe, it } from "node:test";
import { createTestPki, type PkiName, type TestPki } from "../tls/test-pki.fixture.js";
import { API_ROOT_PATH, DISCOVERY_PATH } from "./context.js";
import { TAXII_MEDIA_TYPE } from "./media-type.js";
import { createFixture, fixtureTls, indicator, indicatorId, listenFixture, type TaxiiFixture } from "./test-fixture.js";

/**
 * TAXII over real TLS on 127.0.0.1 with certificates the test makes: HTTPS with the server's
 * certificate, and mutual TLS, where a client certificate signed by the trusted CA signs in as the
 * user its CN names (TLP then applies as for that user's password or token), and one from another
 * CA, an expired one, one naming no user, or none at all get a 401 saying why.
 */

interface Answer {
  status: number;
  body: string;
}

/** One request over TLS trusting the test CA, presenting client certificate `as` when given. */
function fetchTls(
  pki: TestPki,
  url: string,
  options: { as?: PkiName; method?: "GET" | "POST"; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const r = request(
      url,
      {
        method: options.method ?? "GET",
        ca: readFileSync(pki.cert("ca")),
        ...(options.as ? { cert: readFileSync(pki.cert(options.as)), key: readFileSync(pki.key(options.as)) } : {}),
        // A fresh connection each time: the client certificate is a property of the connection.
        agent: false,
        headers: {
          accept: TAXII_MEDIA_TYPE,
          ...(payload ? { "content-type": TAXII_MEDIA_TYPE } : {}),
          ...options.headers,
        },
      },
      (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => {
          body += chunk;
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    r.on("error", reject);
    r.end(payload);
  });
}

/** The TAXII fixture over HTTPS on 127.0.0.1 (mutual TLS with the test CA when `clientCa`), and its https://host:port. */
async function serveTls(
  pki: TestPki,
  clientCa: boolean,
  userAttribute?: string,
): Promise<{ f: TaxiiFixture; base: string }> {
  const tls = fixtureTls(pki, { clientCa });
  const f = await createFixture({ tls: userAttribute ? { ...tls, userAttribute } : tls });
  return { f, base: (await listenFixture(f)).replace(API_ROOT_PATH, "") };
}

const pki = createTestPki();
after(() => pki.close());

const ids = (answer: Answer): number[] =>
  ((JSON.parse(answer.body) as { objects?: Array<{ id: string }> }).objects ?? []).map((o) => Number(o.id.slice(-12)));

describe("TAXII over HTTPS", () => {
  let f: TaxiiFixture;
  let base: string;
  before(async () => {
    ({ f, base } = await serveTls(pki, false));
  });
  after(() => f.close());

  it("answers discovery over TLS with the server's certificate, signed in with a token", async () => {
    const answer = await fetchTls(pki, `${base}${DISCOVERY_PATH}`, {
      headers: { authorization: `Bearer ${f.users.alice.token}` },
    });
    assert.equal(answer.status, 200, answer.body);
    assert.ok((JSON.parse(answer.body) as { api_roots: string[] }).api_roots.length > 0);
  });

  it("is refused by a client that trusts another CA", async () => {
    await assert.rejects(
      new Promise((resolve, reject) => {
        const r = request(
          `${base}${DISCOVERY_PATH}`,
          { ca: readFileSync(pki.cert("other-ca")), agent: false },
          resolve,
        );
        r.on("error", reject);
        r.end();
      }),
      (e: NodeJS.ErrnoException) => e.code === "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
    );
  });
});

describe("TAXII over mutual TLS: the client certificate signs in", () => {
  let f: TaxiiFixture;
  let base: string;
  let root: string;
  before(async () => {
    ({ f, base } = await serveTls(pki, true));
    root = `${base}${API_ROOT_PATH}`;
    // Objects 1..6 by alice (org-a) in c1, signed in by her certificate alone, one per TLP level.
    const levels = ["clear", "green", "amber", "amber+strict", "red", null] as const;
    const posted = await fetchTls(pki, `${root}collections/c1/objects/`, {
      as: "alice",
      method: "POST",
      body: { objects: levels.map((tlp, i) => indicator(i + 1, tlp)) },
    });
    assert.equal(posted.status, 202, posted.body);
    assert.equal((JSON.parse(posted.body) as { success_count: number }).success_count, 6);
  });
  after(() => f.close());

  it("maps the certificate's CN to the user, and TLP applies as for that user", async () => {
    const alice = await fetchTls(pki, `${root}collections/c1/objects/`, { as: "alice" });
    assert.equal(alice.status, 200, alice.body);
    assert.deepEqual(ids(alice).sort(), [1, 2, 3, 4, 5, 6]);
    // bob (org-b, a read grant on c1): not alice's AMBER+STRICT (4) nor her RED (5).
    const bob = await fetchTls(pki, `${root}collections/c1/objects/`, { as: "bob" });
    assert.equal(bob.status, 200, bob.body);
    assert.deepEqual(ids(bob).sort(), [1, 2, 3, 6]);
    const red = await fetchTls(pki, `${root}collections/c1/objects/${indicatorId(5)}/`, { as: "bob" });
    assert.equal(red.status, 404);
  });

  it("lets Basic or Bearer credentials sent over the certificate's connection name the user instead", async () => {
    const asCarol = await fetchTls(pki, `${root}collections/c1/objects/`, {
      as: "alice",
      headers: { authorization: `Bearer ${f.users.carol.token}` },
    });
    assert.equal(asCarol.status, 200);
    assert.deepEqual(ids(asCarol).sort(), [1, 2, 3, 6]);
  });

  const refusals: Array<{ as: PkiName | undefined; why: string; en: RegExp; es: RegExp }> = [
    { as: undefined, why: "no certificate", en: /accepts only clients with a certificate/, es: /solo acepta clientes/ },
    {
      as: "alice-other",
      why: "another CA",
      en: /\(subject CN=alice, O=Centinela tests\) is not signed by the CA this server trusts \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/,
      es: /no está firmado por la CA/,
    },
    { as: "alice-expired", why: "expired", en: /CN=alice.*expired on .*; ask for a new one/, es: /venció el/ },
    {
      as: "nobody",
      why: "a CN naming no user",
      en: /CN=nobody names no active user on this server; an administrator creates it with `centinela user add nobody/,
      es: /no nombra a ningún usuario activo/,
    },
  ];
  for (const refusal of refusals) {
    it(`answers 401 saying why to ${refusal.why}, in the client's language`, async () => {
      const url = `${root}collections/c1/objects/`;
      const en = await fetchTls(pki, url, {
        ...(refusal.as ? { as: refusal.as } : {}),
        headers: { "accept-language": "en" },
      });
      assert.equal(en.status, 401, en.body);
      const error = JSON.parse(en.body) as { title: string; description: string };
      assert.match(error.description, refusal.en);
      const es = await fetchTls(pki, url, {
        ...(refusal.as ? { as: refusal.as } : {}),
        headers: { "accept-language": "es-MX" },
      });
      assert.equal(es.status, 401);
      assert.match((JSON.parse(es.body) as { description: string }).description, refusal.es);
    });
  }

  it("refuses a certificate from another CA even with valid credentials beside it", async () => {
    const answer = await fetchTls(pki, `${root}collections/c1/objects/`, {
      as: "alice-other",
      headers: { authorization: `Bearer ${f.users.alice.token}` },
    });
    assert.equal(answer.status, 401);
  });

  it("answers discovery to a client with a certificate, and only to one", async () => {
    const discovery = await fetchTls(pki, `${base}${DISCOVERY_PATH}`, { as: "alice" });
    assert.equal(discovery.status, 200, discovery.body);
    // Its links name the https scheme the client came by.
    assert.deepEqual((JSON.parse(discovery.body) as { api_roots: string[] }).api_roots, [`${base}${API_ROOT_PATH}`]);
    assert.equal((await fetchTls(pki, `${base}${DISCOVERY_PATH}`)).status, 401);
    assert.equal((await fetchTls(pki, `${base}${DISCOVERY_PATH}`, { as: "alice-expired" })).status, 401);
  });

  it("still answers the health probes without a certificate", async () => {
    const answer = await fetchTls(pki, `${base}/healthz`);
    assert.equal(answer.status, 200, answer.body);
  });
});

describe("TAXII over mutual TLS with the user named by another attribute", () => {
  let f: TaxiiFixture;
  let base: string;
  before(async () => {
    ({ f, base } = await serveTls(pki, true, "emailAddress"));
  });
  after(() => f.close());

  it("signs in by the subject's emailAddress, and refuses a subject without one", async () => {
    const url = `${base}${API_ROOT_PATH}collections/`;
    const carol = await fetchTls(pki, url, { as: "carol-email" });
    assert.equal(carol.status, 200, carol.body);
    const alice = await fetchTls(pki, url, { as: "alice", headers: { "accept-language": "en" } });
    assert.equal(alice.status, 401);
    assert.match(
      (JSON.parse(alice.body) as { description: string }).description,
      /\(subject CN=alice, O=Centinela tests\) has no single emailAddress in its subject/,
    );
  });
});
