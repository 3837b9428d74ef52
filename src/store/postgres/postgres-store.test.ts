import { randomBytes } from "node:crypto";
import pg from "pg";
import { serviceMissing, TEST_POSTGRES_URL } from "../../testing/index.js";
import { runStoreCases } from "../store.cases.js";
import { openPostgresStore } from "./postgres-store.js";

/** Each test gets its own schema `t_<random>`, selected through the connection's search_path and dropped after. */
runStoreCases("postgres", async (t) => {
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
