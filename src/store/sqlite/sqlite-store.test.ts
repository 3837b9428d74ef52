import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import Database from "better-sqlite3";
import { runStoreCases } from "../areas.cases.js";
import type { ObjectVersionInput } from "../objects/contract.js";
import { openSqliteStore } from "./sqlite-store.js";

/** A store input of an unversioned indicator with this id and text. */
function unversioned(id: string, raw: string): ObjectVersionInput {
  return { id, type: "indicator", specVersion: "2.1", created: null, versionKey: "", raw, tlp: null, revoked: false };
}

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

test("migration 4 marks the ids of an existing store that have one version", async () => {
  const dir = await mkdtemp(join(tmpdir(), "centinela-migrate-"));
  try {
    const input = (n: number, modified: string) => ({
      id: `indicator--00000000-0000-4000-8000-00000000000${n}`,
      type: "indicator",
      specVersion: "2.1",
      created: "2026-01-01T00:00:00.000Z",
      versionKey: modified,
      raw: JSON.stringify({ n, modified }),
      tlp: null,
      revoked: false,
    });
    const ctx = { orgId: null, userId: null, source: "test" };
    const store = await openSqliteStore({ dataDir: dir });
    await store.putObjects(ctx, [input(1, "2026-01-01T00:00:00.000Z"), input(2, "2026-01-01T00:00:00.000Z")]);
    await store.putObjects(ctx, [input(2, "2026-02-01T00:00:00.000Z")]);
    await store.close();
    // Take the store back to before migration 4, as a store made by an older release.
    const raw = new Database(join(dir, "centinela.db"));
    raw.exec("alter table objects drop column only_version; delete from schema_migrations where version = 4");
    raw.close();

    const reopened = await openSqliteStore({ dataDir: dir });
    await reopened.close();
    const check = new Database(join(dir, "centinela.db"), { readonly: true });
    const flags = check.prepare("select id, version_key, only_version from objects order by id, version_key").all();
    check.close();
    assert.deepEqual(
      flags.map((r) => Object.values(r as object).join(" ")),
      [
        "indicator--00000000-0000-4000-8000-000000000001 2026-01-01T00:00:00.000Z 1",
        "indicator--00000000-0000-4000-8000-000000000002 2026-01-01T00:00:00.000Z 0",
        "indicator--00000000-0000-4000-8000-000000000002 2026-02-01T00:00:00.000Z 0",
      ],
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("migration 6 puts a long-fraction modified of an older store into the fixed-width form", async () => {
  const dir = await mkdtemp(join(tmpdir(), "centinela-migrate6-"));
  try {
    const modified = "2024-03-01T00:00:00.1234567890Z";
    const id = "indicator--00000000-0000-4000-8000-000000000001";
    const ctx = { orgId: null, userId: null, source: "test" };
    const input = {
      id,
      type: "indicator",
      specVersion: "2.1",
      created: "2024-01-01T00:00:00.000Z",
      versionKey: modified,
      raw: JSON.stringify({ id, modified }),
      tlp: null,
      revoked: false,
    };
    const store = await openSqliteStore({ dataDir: dir });
    await store.putObjects(ctx, [input]);
    await store.close();
    // What releases before migration 6 wrote: the raw text as the sort key.
    const raw = new Database(join(dir, "centinela.db"));
    raw.prepare("update objects set version_sort = version_key").run();
    raw.prepare("delete from schema_migrations where version = 6").run();
    raw.close();

    const reopened = await openSqliteStore({ dataDir: dir });
    try {
      const system = { kind: "system" as const, orgId: null, userId: null };
      const page = await reopened.queryObjects(system, { versions: ["2024-03-01T00:00:00.123456Z"] }, { limit: 10 });
      assert.deepEqual(
        page.objects.map((o) => o.versionKey),
        [modified],
      );
    } finally {
      await reopened.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("migration 7 indexes the search terms of a store filled before it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "centinela-migrate7-"));
  try {
    const id = "indicator--00000000-0000-4000-8000-000000000001";
    const raw = JSON.stringify({ type: "indicator", id, pattern: "[ipv4-addr:value = '198.51.100.9']" });
    const ctx = { orgId: null, userId: null, source: "test" };
    const store = await openSqliteStore({ dataDir: dir });
    await store.putObjects(ctx, [unversioned(id, raw)]);
    await store.close();
    // A store made by a release before migration 7: no term table.
    const old = new Database(join(dir, "centinela.db"));
    old.exec("drop table object_terms; delete from schema_migrations where version = 7");
    old.close();

    const reopened = await openSqliteStore({ dataDir: dir });
    try {
      const system = { kind: "system" as const, orgId: null, userId: null };
      const page = await reopened.searchObjects(system, { text: "198.51.100.9" }, { limit: 10 });
      assert.deepEqual(
        page.objects.map((o) => o.id),
        [id],
      );
    } finally {
      await reopened.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("migration 9 moves a store's search terms into a table clustered on (term, seq), keeping them all", async () => {
  const dir = await mkdtemp(join(tmpdir(), "centinela-terms9-"));
  try {
    const ctx = { orgId: null, userId: null, source: "test" };
    const inputs = [1, 2, 3].map((n) => {
      const id = `indicator--00000000-0000-4000-8000-00000000000${n}`;
      const raw = JSON.stringify({
        type: "indicator",
        id,
        name: `Relay ${n}`,
        pattern: `[ipv4-addr:value = '198.51.100.${n}']`,
      });
      return unversioned(id, raw);
    });
    const store = await openSqliteStore({ dataDir: dir });
    await store.putObjects(ctx, inputs);
    await store.close();
    // The table as migration 7 made it before migration 9: rows in a rowid table, the key an index.
    const old = new Database(join(dir, "centinela.db"));
    const before = old.prepare("select term, seq from object_terms order by term, seq").all();
    old.exec(`create table terms_before (term text not null, seq integer not null, constraint object_terms_pk primary key (term, seq));
      insert into terms_before select term, seq from object_terms; drop table object_terms;
      alter table terms_before rename to object_terms; delete from schema_migrations where version = 9`);
    assert.doesNotMatch(
      String(old.prepare("select sql from sqlite_master where name = 'object_terms'").pluck().get()),
      /without rowid/i,
    );
    old.close();
    assert.ok(before.length >= 9);

    const reopened = await openSqliteStore({ dataDir: dir });
    try {
      const system = { kind: "system" as const, orgId: null, userId: null };
      const page = await reopened.searchObjects(system, { text: "198.51.100.2" }, { limit: 10 });
      assert.deepEqual(
        page.objects.map((o) => o.id),
        [inputs[1]?.id],
      );
      // A write after the migration adds its terms to the new table.
      const id = "indicator--00000000-0000-4000-8000-000000000009";
      const raw = JSON.stringify({ type: "indicator", id, pattern: "[domain-name:value = 'later.example.org']" });
      await reopened.putObjects(ctx, [unversioned(id, raw)]);
      const later = await reopened.searchObjects(system, { text: "later.example.org" }, { limit: 10 });
      assert.deepEqual(
        later.objects.map((o) => o.id),
        [id],
      );
    } finally {
      await reopened.close();
    }
    const after = new Database(join(dir, "centinela.db"), { readonly: true });
    try {
      assert.match(
        String(after.prepare("select sql from sqlite_master where name = 'object_terms'").pluck().get()),
        /without rowid/i,
      );
      const rows = after
        .prepare("select term, seq from object_terms where term <> 'later.example.org' order by term, seq")
        .all();
      assert.deepEqual(rows, before);
    } finally {
      after.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("readiness names the migrations a database lost under a running store", async () => {
  const dir = await mkdtemp(join(tmpdir(), "centinela-ready-"));
  try {
    const store = await openSqliteStore({ dataDir: dir });
    // As if an older copy of the database were restored under the running server.
    const raw = new Database(join(dir, "centinela.db"));
    raw.exec("delete from schema_migrations where version in (4, 20)");
    raw.close();
    const readiness = await store.readiness();
    await store.close();
    assert.deepEqual(readiness, {
      ready: false,
      pending: [4, 20],
      reason: "the database lacks migrations 4, 20; restart the server (it applies them at start)",
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
