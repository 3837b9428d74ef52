import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { describe, it } from "node:test";
import type { AccessError } from "./errors.js";
import { isSealed, openSecret, SEALED_PREFIX, sealSecret } from "./sealed-secret.js";

const unreadable = (e: AccessError) => e.code === "ACCESS_SECRET_UNREADABLE";

describe("sealed secrets", () => {
  const key = randomBytes(32);

  it("round-trips, with a fresh nonce per value and no plaintext in the sealed text", () => {
    const plain = "cnt_partner-token-ñ-✓";
    const a = sealSecret(key, "hub", plain);
    const b = sealSecret(key, "hub", plain);
    assert.ok(a.startsWith(SEALED_PREFIX) && isSealed(a));
    assert.match(a, /^enc1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    assert.notEqual(a, b, "random nonce: the same secret seals differently");
    assert.equal(a.includes(plain) || a.includes(Buffer.from(plain).toString("base64url")), false);
    assert.equal(openSecret(key, "hub", a), plain);
    assert.equal(openSecret(key, "hub", b), plain);
    assert.equal(openSecret(key, "x", sealSecret(key, "x", "")), "");
  });

  it("refuses another key, another feed, and any altered byte", () => {
    const sealed = sealSecret(key, "hub", "password");
    assert.throws(() => openSecret(randomBytes(32), "hub", sealed), unreadable);
    assert.throws(() => openSecret(key, "other-feed", sealed), unreadable, "bound to its feed");
    const [, nonce, body] = sealed.split(":") as [string, string, string];
    const bytes = Buffer.from(body, "base64url");
    for (const at of [0, bytes.length - 1]) {
      const changed = Buffer.from(bytes);
      changed[at] = (changed[at] as number) ^ 1;
      assert.throws(() => openSecret(key, "hub", `enc1:${nonce}:${changed.toString("base64url")}`), unreadable);
    }
    const otherNonce = randomBytes(12).toString("base64url");
    assert.throws(() => openSecret(key, "hub", `enc1:${otherNonce}:${body}`), unreadable);
    assert.throws(
      () => openSecret(randomBytes(32), "hub", sealed),
      /does not open with this key: another key sealed it, or it was altered/,
    );
  });

  it("refuses malformed values without throwing anything but its own error", () => {
    for (const bad of [
      "",
      "password",
      "enc1:",
      "enc1:abc",
      "enc1:a:b:c",
      "enc1:!!!:???",
      "enc1:AAAA:AAAA",
      "enc2:x:y",
    ]) {
      assert.throws(() => openSecret(key, "hub", bad), unreadable, bad);
    }
    assert.equal(isSealed("password"), false);
    assert.throws(() => sealSecret(Buffer.alloc(16), "hub", "x"), RangeError);
  });
});
