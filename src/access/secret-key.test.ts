import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it, type TestContext } from "node:test";
import type { AccessError } from "./errors.js";
import { loadSecretKey, parseSecretKey, SECRET_KEY_ENV, SECRET_KEY_FILE } from "./secret-key.js";

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), "centinela-key-"));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const invalid = (e: AccessError) => e.code === "ACCESS_SECRET_KEY_INVALID";

describe("the secret key", () => {
  it("reads 32 bytes in hex, base64 and base64url", () => {
    const key = randomBytes(32);
    for (const text of [
      key.toString("hex"),
      key.toString("base64"),
      key.toString("base64url"),
      ` ${key.toString("hex").toUpperCase()}\n`,
    ]) {
      assert.deepEqual(parseSecretKey(text, SECRET_KEY_ENV), key, text);
    }
  });

  it("refuses other lengths and forms with a message naming the source and the form, never the value", () => {
    const hex = randomBytes(32).toString("hex");
    for (const bad of [
      "",
      "short",
      hex.slice(2),
      `${hex}00`,
      randomBytes(31).toString("base64"),
      randomBytes(33).toString("base64"),
      "z".repeat(64),
    ]) {
      assert.throws(() => parseSecretKey(bad, SECRET_KEY_ENV), invalid, bad);
    }
    assert.throws(
      () => parseSecretKey(hex.slice(2), SECRET_KEY_ENV),
      (e: Error) =>
        /^CENTINELA_SECRET_KEY must hold 32 bytes written as 64 hex digits or as base64/.test(e.message) &&
        !e.message.includes(hex.slice(2)),
    );
  });

  it("prefers the environment's key, and makes no file for it", (t) => {
    const dir = tempDir(t);
    const key = randomBytes(32);
    const loaded = loadSecretKey({ env: key.toString("base64"), dataDir: dir });
    assert.deepEqual(loaded.key, key);
    assert.equal(loaded.source, SECRET_KEY_ENV);
    assert.throws(() => statSync(join(dir, SECRET_KEY_FILE)), /ENOENT/);
    assert.throws(() => loadSecretKey({ env: "not-a-key", dataDir: dir }), /CENTINELA_SECRET_KEY must hold/);
  });

  it("creates the key file on first need with mode 0600, in a folder it makes, and reads the same key after", (t) => {
    const dir = join(tempDir(t), "nested", "data");
    const first = loadSecretKey({ dataDir: dir, env: "" });
    const path = join(dir, SECRET_KEY_FILE);
    assert.equal(first.source, path);
    assert.equal(first.key.length, 32);
    if (process.platform !== "win32") assert.equal(statSync(path).mode & 0o777, 0o600);
    assert.deepEqual(parseSecretKey(readFileSync(path, "utf8"), path), first.key);
    assert.deepEqual(loadSecretKey({ dataDir: dir }).key, first.key);
    assert.notDeepEqual(loadSecretKey({ dataDir: tempDir(t) }).key, first.key, "each data directory its own key");
  });

  it("refuses a damaged key file naming it, instead of making a new key over it", (t) => {
    const dir = tempDir(t);
    const path = join(dir, SECRET_KEY_FILE);
    writeFileSync(path, "garbage\n");
    assert.throws(
      () => loadSecretKey({ dataDir: dir }),
      (e: AccessError) => invalid(e) && e.message.includes(path) && /restore it from your backup/.test(e.message),
    );
    assert.equal(readFileSync(path, "utf8"), "garbage\n");
  });
});

describe("the secret key file where it cannot be made", () => {
  it("says which file and what to do", (t) => {
    const dir = tempDir(t);
    const file = join(dir, "not-a-folder");
    writeFileSync(file, "x");
    assert.throws(
      () => loadSecretKey({ dataDir: file }),
      (e: AccessError) =>
        e.code === "ACCESS_SECRET_KEY_UNAVAILABLE" &&
        e.message.includes(join(file, SECRET_KEY_FILE)) &&
        e.message.includes(SECRET_KEY_ENV),
    );
  });
});
