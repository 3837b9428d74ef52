import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { runStoreCases } from "../store.cases.js";
import { openSqliteStore } from "./sqlite-store.js";

runStoreCases("sqlite", async () => {
  const dataDir = mkdtempSync(join(tmpdir(), "centinela-store-"));
  return {
    location: { dataDir },
    open: (options) => openSqliteStore({ ...options, dataDir }),
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
});

test("a write to a closed SQLite store fails with a message instead of hanging", async () => {
  const dir = await mkdtemp(join(tmpdir(), "centinela-closed-"));
  try {
    const store = await openSqliteStore({ dataDir: dir });
    await store.close();
    await assert.rejects(
      store.putObjects({ orgId: null, userId: null, source: "test" }, [
        {
          id: "indicator--00000000-0000-4000-8000-000000000001",
          type: "indicator",
          specVersion: "2.1",
          created: "2026-01-01T00:00:00.000Z",
          versionKey: "2026-01-01T00:00:00.000Z",
          raw: "{}",
          tlp: null,
          revoked: false,
        },
      ]),
      /closed/,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
