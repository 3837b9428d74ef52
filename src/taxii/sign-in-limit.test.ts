import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createSignInLimit } from "./sign-in-limit.js";
import { call, createFixture, FIXTURE_PASSWORD, type TaxiiFixture } from "./test-fixture.js";

const json = (r: { body: string }) => JSON.parse(r.body);
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

describe("failed sign-ins per address", () => {
  it("counts failures in a window that starts with the first and ends after windowMs", () => {
    const limit = createSignInLimit({ failures: 3, windowMs: 10_000 });
    for (let i = 0; i < 3; i++) {
      assert.equal(limit.retryAfter("198.51.100.7", 1000 + i), 0);
      limit.failed("198.51.100.7", 1000 + i);
    }
    assert.equal(limit.retryAfter("198.51.100.7", 1003), 10, "the window ends at 11,000 ms");
    assert.equal(limit.retryAfter("198.51.100.7", 10_500), 1);
    assert.equal(limit.retryAfter("203.0.113.9", 1003), 0, "other addresses are not affected");
    assert.equal(limit.retryAfter("198.51.100.7", 11_000), 0, "a new window after the old one ends");
    limit.failed("198.51.100.7", 11_000);
    assert.equal(limit.retryAfter("198.51.100.7", 11_001), 0, "one failure in the new window");
  });
});

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
    assert.equal(json(blocked).error_code, "TAXII_TOO_MANY_REQUESTS");
    assert.match(json(blocked).description, /too many failed sign-ins/);
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
