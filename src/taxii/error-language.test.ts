import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createFixture, FIXTURE_PASSWORD, indicatorId, listenFixture, type TaxiiFixture } from "./test-fixture.js";

/**
 * TAXII error descriptions (and the per-object messages of a status) follow the caller's
 * Accept-Language: Spanish (Mexico) by default, English when asked, over real HTTP.
 */

const TAXII = "application/taxii+json;version=2.1";
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, "utf8").toString("base64")}`;

const indicator = (n: number, name: string) => ({
  type: "indicator",
  spec_version: "2.1",
  id: indicatorId(n),
  created: "2026-01-01T00:00:00.000Z",
  modified: "2026-01-01T00:00:00.000Z",
  name,
  pattern: "[ipv4-addr:value = '198.51.100.1']",
  pattern_type: "stix",
  valid_from: "2026-01-01T00:00:00Z",
});

describe("TAXII errors in the caller's language", () => {
  let f: TaxiiFixture;
  let root: string;
  before(async () => {
    f = await createFixture();
    root = await listenFixture(f);
  });
  after(() => f.close());

  const get = async (path: string, lang: string | null, authorization?: string) => {
    const headers: Record<string, string> = { accept: TAXII };
    if (lang !== null) headers["accept-language"] = lang;
    if (authorization) headers.authorization = authorization;
    const res = await fetch(`${root}${path}`, { headers });
    return { status: res.status, body: (await res.json()) as { description: string; error_code: string } };
  };
  const alice = () => basic("alice", FIXTURE_PASSWORD);

  it("a wrong password, in Spanish by default and in English when asked", async () => {
    const es = await get("collections/", null, basic("alice", "no-es"));
    assert.equal(es.status, 401);
    assert.equal(es.body.description, "usuario o contraseña incorrectos");
    const en = await get("collections/", "en-US,en;q=0.9", basic("alice", "no-es"));
    assert.equal(en.body.description, "wrong username or password");
    const token = await get("collections/", "en", "Bearer nope");
    assert.match(token.body.description, /^the API token is unknown, revoked or expired/);
    const none = await get("collections/", "es-MX", undefined);
    assert.match(none.body.description, /^este recurso necesita credenciales/);
  });

  it("a bad filter and an unknown path", async () => {
    const es = await get("collections/c1/objects/?match[id]=nada", "es-MX", alice());
    assert.equal(es.status, 400);
    assert.equal(es.body.error_code, "TAXII_BAD_FILTER");
    assert.equal(es.body.description, 'el valor "nada" de match[id] no es un identificador STIX');
    const en = await get("collections/c1/objects/?match[id]=nada", "en", alice());
    assert.equal(en.body.description, 'match[id] value "nada" is not a STIX identifier');
    const limit = await get("collections/c1/objects/?limit=0", "en", alice());
    assert.equal(limit.body.description, 'limit "0" is not a positive whole number');
    const lost = await get("nowhere/", "fr-FR, en;q=0.5", alice());
    assert.equal(lost.status, 404);
    assert.match(lost.body.description, /^nothing at GET /);
    const perdido = await get("nowhere/", "fr-FR", alice());
    assert.match(perdido.body.description, /^no hay nada en GET /);
  });

  it("the failures of an added envelope: a conflict and an invalid object, in the poster's language", async () => {
    const post = async (objects: unknown[], lang: string) => {
      const res = await fetch(`${root}collections/c1/objects/`, {
        method: "POST",
        headers: { accept: TAXII, "content-type": TAXII, authorization: alice(), "accept-language": lang },
        body: JSON.stringify({ objects }),
      });
      assert.equal(res.status, 202);
      return (await res.json()) as { failures?: Array<{ id: string; message: string }> };
    };
    await post([indicator(901, "first")], "en");
    const en = await post([indicator(901, "changed"), { type: "indicator", id: "x" }], "en");
    const enMessages = (en.failures ?? []).map((x) => x.message).join("\n");
    assert.match(enMessages, /already stored with different content/);
    assert.match(enMessages, /\bmust\b|\bis not\b|\brequired\b/);
    const es = await post([indicator(901, "otra vez"), { type: "indicator", id: "x" }], "es-MX");
    const esMessages = (es.failures ?? []).map((x) => x.message).join("\n");
    assert.match(esMessages, /ya está guardada con otro contenido/);
    assert.doesNotMatch(esMessages, /already stored|\bmust\b|\bis not\b/);
  });

  it("keeps each request's language when requests in both languages run at once", async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        get(`collections/c1/objects/?match[type]=N${i}`, i % 2 ? "en" : "es", alice()),
      ),
    );
    for (const [i, a] of answers.entries())
      assert.match(a.body.description, i % 2 ? /is not a STIX type name$/ : /no es un nombre de tipo STIX$/);
  });
});
