import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openStore } from "./index.js";

describe("openStore", () => {
  it("opens SQLite in dataDir, creating the folder", async () => {
    const root = mkdtempSync(join(tmpdir(), "centinela-open-"));
    try {
      const store = await openStore({ dataDir: join(root, "nested", "data") });
      assert.equal(store.kind, "sqlite");
      await store.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("reports STORE_UNAVAILABLE with what to do when SQLite cannot be opened", async () => {
    const root = mkdtempSync(join(tmpdir(), "centinela-open-"));
    try {
      writeFileSync(join(root, "file"), "not a folder");
      await assert.rejects(
        openStore({ dataDir: join(root, "file") }),
        (error: Error & { code?: string; status?: number }) => {
          assert.equal(error.code, "STORE_UNAVAILABLE");
          assert.equal(error.status, 503);
          assert.match(error.message, /cannot open the SQLite store at .*file.*data directory/);
          return true;
        },
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("reports STORE_UNAVAILABLE naming the server, never the password, when PostgreSQL is unreachable", async () => {
    await assert.rejects(
      openStore({ url: "postgresql://user:s3cret@127.0.0.1:1/db" }),
      (error: Error & { code?: string }) => {
        assert.equal(error.code, "STORE_UNAVAILABLE");
        assert.match(
          error.message,
          /cannot connect to PostgreSQL at 127\.0\.0\.1:1\/db: .*start it or set CENTINELA_DB/,
        );
        assert.doesNotMatch(error.message, /s3cret/);
        return true;
      },
    );
  });
});
