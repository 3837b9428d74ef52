import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe } from "node:test";
import pg from "pg";
import { serviceMissing, TEST_POSTGRES_URL } from "../testing/index.js";
import { runInventoryCases } from "./inventory.cases.js";
import { openPostgresStore } from "./postgres/index.js";
import { openSqliteStore } from "./sqlite/index.js";

/**
 * The inventory cases on both adapters, with the same fixtures as the adapters' own test files
 * (a fresh SQLite folder; a fresh PostgreSQL schema dropped after each test).
 */

describe("inventory on sqlite", () => {
  runInventoryCases(async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "centinela-inv-"));
    return {
      location: { dataDir },
      open: (options) => openSqliteStore({ ...options, dataDir }),
      dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  });
});

describe("inventory on postgres", () => {
  runInventoryCases(async (t) => {
    const schema = `t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    try {
      await admin.connect();
    } catch (cause) {
      serviceMissing(t, `PostgreSQL at ${TEST_POSTGRES_URL}`, cause);
      return null;
    }
    await admin.query(`create schema ${schema}`);
    const url = new URL(TEST_POSTGRES_URL);
    url.searchParams.set("options", `-c search_path=${schema}`);
    return {
      location: { url: url.toString() },
      open: (options) => openPostgresStore({ ...options, url: url.toString() }),
      dispose: async () => {
        await admin.query(`drop schema ${schema} cascade`);
        await admin.end();
      },
    };
  });
});
