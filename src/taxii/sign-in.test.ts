import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { call, createFixture, FIXTURE_PASSWORD, indicator, listenFixture, type TaxiiFixture } from "./test-fixture.js";

const json = (r: { body: string }) => JSON.parse(r.body);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("TAXII server: too many failed sign-ins", () => {
  let f: TaxiiFixture;
  before(async () => {
    f = await createFixture({ signInLimit: { failures: 5, windowMs: 60_000 } });
  });
  after(() => f.close());

  it("answers 429 with Retry-After once an address has guessed too often, even with the right password", async () => {
    // Asking without credentials (how clients learn the scheme) is not a guess.
    for (let i = 0; i < 8; i++) assert.equal((await call(f.app, "GET", "")).statusCode, 401);
    assert.equal(
      (await call(f.app, "GET", "", { headers: { authorization: basic("alice", FIXTURE_PASSWORD) } })).statusCode,
      200,
    );
    for (let i = 0; i < 5; i++) {
      const wrong = await call(f.app, "GET", "", { headers: { authorization: basic("alice", `guess-${i}`) } });
      assert.equal(wrong.statusCode, 401, `guess ${i}`);
    }
    const blocked = await call(f.app, "GET", "", { headers: { authorization: basic("alice", FIXTURE_PASSWORD) } });
    assert.equal(blocked.statusCode, 429);
    assert.equal(json(blocked).error_code, "SERVER_TOO_MANY_REQUESTS");
    // Spanish unless the caller asks for English (no Accept-Language here).
    assert.match(json(blocked).description, /demasiados inicios de sesión fallidos/);
    const wait = Number(blocked.headers["retry-after"]);
    assert.ok(wait >= 1 && wait <= 60, `Retry-After ${wait}`);
    // The token route is blocked too: the address, not the scheme, is limited.
    const token = await call(f.app, "GET", "", { token: f.users.bob.token });
    assert.equal(token.statusCode, 429);
    // Another client address is not.
    const other = await f.app.inject({
      method: "GET",
      url: "/taxii2/main/",
      headers: { accept: "application/taxii+json;version=2.1", authorization: `Bearer ${f.users.bob.token}` },
      remoteAddress: "203.0.113.9",
    });
    assert.equal(other.statusCode, 200, other.body);
  });
});

describe("TAXII server: the sign-in limit and the audit address over real HTTP, with and without a trusted proxy", () => {
  const wrong = basic("alice", "wrong-guess");
  const right = basic("alice", FIXTURE_PASSWORD);
  /** One GET of the API root from this machine (127.0.0.1), claiming `forwardedFor` if given. */
  const get = (root: string, authorization: string, forwardedFor?: string) =>
    fetch(root, {
      headers: {
        accept: "application/taxii+json;version=2.1",
        authorization,
        ...(forwardedFor ? { "x-forwarded-for": forwardedFor } : {}),
      },
    });

  it("by default counts the TCP peer: X-Forwarded-For cannot spoof a way out of the limit", async (t) => {
    const f = await createFixture({ signInLimit: { failures: 3, windowMs: 60_000 } });
    t.after(() => f.close());
    const root = await listenFixture(f);
    for (let i = 0; i < 3; i++) assert.equal((await get(root, wrong, `198.51.100.${i + 1}`)).status, 401);
    const spoofed = await get(root, right, "203.0.113.77");
    assert.equal(spoofed.status, 429);
    assert.match(
      ((await spoofed.json()) as { description: string }).description,
      /demasiados inicios de sesión fallidos desde 127\.0\.0\.1/,
    );
  });

  it("ignores X-Forwarded-For from a peer that is not the trusted proxy", async (t) => {
    const f = await createFixture({ signInLimit: { failures: 3, windowMs: 60_000 }, trustProxy: ["10.0.0.1"] });
    t.after(() => f.close());
    const root = await listenFixture(f);
    for (let i = 0; i < 3; i++) assert.equal((await get(root, wrong, `198.51.100.${i + 1}`)).status, 401);
    assert.equal((await get(root, right, "203.0.113.77")).status, 429);
  });

  it("behind a trusted proxy counts each client it names, and records that client in the audit log", async (t) => {
    const f = await createFixture({ signInLimit: { failures: 3, windowMs: 60_000 }, trustProxy: ["127.0.0.1/32"] });
    t.after(() => f.close());
    const root = await listenFixture(f);
    const guesser = "198.51.100.7";
    for (let i = 0; i < 3; i++) assert.equal((await get(root, wrong, guesser)).status, 401);
    const blocked = await get(root, right, guesser);
    assert.equal(blocked.status, 429);
    assert.match(((await blocked.json()) as { description: string }).description, /desde 198\.51\.100\.7;/);
    // A guesser that claims another address: the proxy appends the real one, and that is the one counted.
    assert.equal((await get(root, right, `203.0.113.9, ${guesser}`)).status, 429);
    // Other clients behind the same proxy, and the proxy itself, are not locked out.
    assert.equal((await get(root, right, "203.0.113.9")).status, 200);
    assert.equal((await get(root, right)).status, 200);

    const posted = await fetch(`${root}collections/c1/objects/`, {
      method: "POST",
      headers: {
        accept: "application/taxii+json;version=2.1",
        "content-type": "application/taxii+json;version=2.1",
        authorization: right,
        "x-forwarded-for": "203.0.113.20",
      },
      body: JSON.stringify({ objects: [indicator(1)] }),
    });
    assert.equal(posted.status, 202, await posted.clone().text());
    const log = await f.store.directory.listAudit(0, 1000);
    const entry = log.findLast((e) => e.userId === f.users.alice.id);
    assert.equal(entry?.address, "203.0.113.20");
  });
});
