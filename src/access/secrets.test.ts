import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { generatePassword, generateToken, hashPassword, TOKEN_PREFIX, tokenHash, verifyPassword } from "./secrets.js";

describe("secrets", () => {
  it("hashes passwords with a salt and verifies them", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    assert.notEqual(a, b);
    assert.match(a, /^scrypt\$32768\$8\$1\$/);
    assert.equal(await verifyPassword("correct horse", a), true);
    assert.equal(await verifyPassword("correct hors", a), false);
  });

  it("refuses malformed or hostile stored hashes without throwing", async () => {
    for (const bad of ["", "plain", "scrypt$1$2$3$x$y", "scrypt$99999999$8$1$AAAA$AAAA", "bcrypt$1$1$1$a$b"]) {
      assert.equal(await verifyPassword("x", bad), false, bad);
    }
  });

  it("makes long random tokens stored only as SHA-256", () => {
    const token = generateToken();
    assert.ok(token.startsWith(TOKEN_PREFIX));
    assert.ok(token.length >= 40);
    assert.notEqual(generateToken(), token);
    assert.match(tokenHash(token), /^[0-9a-f]{64}$/);
    assert.equal(tokenHash(token), tokenHash(token));
    assert.ok(generatePassword().length >= 20);
  });
});
