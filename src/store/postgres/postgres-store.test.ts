import assert from "node:assert/strict";
import { test } from "node:test";
import pg from "pg";
import { postgresSchema } from "../../testing/index.js";
import { runStoreCases } from "../areas.cases.js";
import { openPostgresStore } from "./postgres-store.js";

/** Each test gets its own schema `t_<random>`, selected through the connection's search_path and dropped after. */
runStoreCases("postgres", async (t) => {
  const schema = await postgresSchema(t);
  if (!schema) return null;
  return {
    location: { url: schema.url },
    open: (options) => openPostgresStore({ ...options, url: schema.url }),
    dispose: () => schema.drop(),
  };
});

test("migration 7 indexes the search terms of a PostgreSQL store filled before it", async (t) => {
  const schema = await postgresSchema(t);
  if (!schema) return;
  try {
    const id = "indicator--00000000-0000-4000-8000-000000000001";
    const raw = JSON.stringify({ type: "indicator", id, name: "Índice Viejo" });
    const ctx = { orgId: null, userId: null, source: "test" };
    const input = {
      id,
      type: "indicator",
      specVersion: "2.1",
      created: null,
      versionKey: "",
      raw,
      tlp: null,
      revoked: false,
    };
    const store = await openPostgresStore({ url: schema.url });
    await store.putObjects(ctx, [input]);
    await store.close();
    // A store made by a release before migration 7: no term table.
    const old = new pg.Client({ connectionString: schema.url });
    await old.connect();
    await old.query("drop table object_terms; delete from schema_migrations where version = 7");
    await old.end();

    const reopened = await openPostgresStore({ url: schema.url });
    try {
      const system = { kind: "system" as const, orgId: null, userId: null };
      const page = await reopened.searchObjects(system, { text: "indice" }, { limit: 10 });
      assert.deepEqual(
        page.objects.map((o) => o.id),
        [id],
      );
    } finally {
      await reopened.close();
    }
  } finally {
    await schema.drop();
  }
});
