import assert from "node:assert/strict";
import { after, before, describe, it, type TestContext } from "node:test";
import { computeScoId, TLP_MARKING_IDS } from "../stix/index.js";
import { createPostgresSchema, type PostgresSchema, serviceMissing, TEST_POSTGRES_URL } from "../testing/index.js";
import { call, createFixture, indicator, indicatorId, type TaxiiFixture } from "./test-fixture.js";

/**
 * TAXII 2.1: an object's version is its `modified`, else `created`, else the date the server
 * added it. The manifest and versions endpoints list an SCO's date added as its version; asking
 * for that version with match[version] (objects, object by id, manifest, DELETE) must find the
 * SCO, among versioned objects, whatever way the same instant is written. On both databases.
 */

const T1 = "2024-01-01T00:00:00.000Z";
const T2 = "2024-02-01T00:00:00.000Z";
const json = (r: { body: string }) => JSON.parse(r.body);

function address(value: string): Record<string, unknown> {
  const sco: Record<string, unknown> = {
    type: "ipv4-addr",
    spec_version: "2.1",
    value,
    object_marking_refs: [TLP_MARKING_IDS.green],
  };
  return { ...sco, id: computeScoId(sco) };
}

/** `stamp` (`…ss.ffffffZ`) as the same instant 90 minutes east of UTC, with nine fraction digits. */
function respelled(stamp: string): string {
  const at = new Date(Date.parse(stamp) + 90 * 60_000).toISOString();
  return `${at.slice(0, 19)}.${stamp.slice(20, 26)}000+01:30`;
}

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`TAXII match[version] of objects without modified or created (${backend})`, () => {
    let f: TaxiiFixture | null = null;
    let drop: (() => Promise<void>) | null = null;
    const [a, b] = [address("198.51.100.1"), address("198.51.100.2")];
    const [idA, idB] = [a.id as string, b.id as string];
    /** Each object's version as the manifest lists it. */
    const listed = new Map<string, string>();
    /** Why PostgreSQL could not be reached (each test then skips, or fails in CI, saying so). */
    let unreachable: unknown = null;

    before(async () => {
      if (backend === "postgres") {
        let schema: PostgresSchema;
        try {
          schema = await createPostgresSchema();
        } catch (cause) {
          unreachable = cause;
          return;
        }
        drop = () => schema.drop();
        f = await createFixture({}, schema.url);
      } else f = await createFixture();
      for (const objects of [
        [indicator(1, "green", T1), a, indicator(2, "green", T1), b],
        [indicator(1, "green", T2)],
      ]) {
        const r = await call(f.app, "POST", "collections/c1/objects/", {
          token: f.users.alice.token,
          body: { objects },
        });
        assert.equal(json(r).failure_count ?? 0, 0, r.body);
      }
      const manifest = json(await get("manifest/", { "match[version]": "all" }));
      for (const o of manifest.objects) listed.set(`${o.id}@${o.version}`, o.date_added);
    });
    after(async () => {
      await f?.close();
      await drop?.();
    });

    /** The fixture, or null after skipping the test when PostgreSQL is not reachable. */
    const ready = (t: TestContext): TaxiiFixture | null => {
      if (!f) serviceMissing(t, `PostgreSQL at ${TEST_POSTGRES_URL}`, unreachable);
      return f;
    };
    const get = (path: string, query?: Record<string, string>) =>
      call(f!.app, "GET", `collections/c1/${path}`, { token: f!.users.bob.token, ...(query ? { query } : {}) });
    const versionOf = (id: string) => [...listed.keys()].find((k) => k.startsWith(`${id}@`))!.split("@")[1]!;
    const found = async (path: string, query: Record<string, string>) =>
      ((json(await get(path, query)).objects ?? []) as Array<{ id: string; modified?: string }>)
        .map((o) => `${o.id}@${o.modified ?? ""}`)
        .sort();

    it("lists an SCO's date added as its version in the manifest and versions", async (t) => {
      if (!ready(t)) return;
      assert.equal(listed.size, 5);
      const version = versionOf(idA);
      assert.equal(version, listed.get(`${idA}@${version}`), "the version is the date added");
      assert.deepEqual(json(await get(`objects/${idA}/versions/`)), { more: false, versions: [version] });
    });

    it("finds an SCO by that version on objects, object by id and manifest, mixed with versioned objects", async (t) => {
      if (!ready(t)) return;
      const [vA, vB] = [versionOf(idA), versionOf(idB)];
      assert.deepEqual(await found("objects/", { "match[version]": vA }), [`${idA}@`]);
      assert.deepEqual(await found("objects/", { "match[version]": respelled(vA) }), [`${idA}@`]);
      assert.deepEqual(
        await found("objects/", { "match[version]": `${vB},${T1}` }),
        [`${indicatorId(1)}@${T1}`, `${indicatorId(2)}@${T1}`, `${idB}@`].sort(),
      );
      assert.deepEqual(
        await found("objects/", { "match[version]": `${vA},last`, "match[type]": "ipv4-addr,indicator" }),
        [`${indicatorId(1)}@${T2}`, `${indicatorId(2)}@${T1}`, `${idA}@`, `${idB}@`].sort(),
      );
      assert.deepEqual(await found(`objects/${idB}/`, { "match[version]": vB }), [`${idB}@`]);
      assert.equal((await get(`objects/${idB}/`, { "match[version]": vA })).statusCode, 404, "another SCO's date");
      assert.equal((await get(`objects/${idB}/`, { "match[version]": T1 })).statusCode, 404);
      const manifest = json(await get("manifest/", { "match[version]": vA }));
      assert.deepEqual(
        manifest.objects.map((o: { id: string; version: string }) => [o.id, o.version]),
        [[idA, vA]],
      );
    });

    it("compares added_after by instant, and DELETE removes an SCO by that version", async (t) => {
      const fx = ready(t);
      if (!fx) return;
      const vA = versionOf(idA);
      const later = async (since: string) =>
        ((json(await get("objects/", { added_after: since })).objects ?? []) as Array<{ id: string }>).map((o) => o.id);
      assert.deepEqual(await later(respelled(vA)), await later(vA));
      assert.deepEqual(await later(vA), [indicatorId(2), idB, indicatorId(1)]);
      const del = await call(fx.app, "DELETE", `collections/c1/objects/${idA}/`, {
        token: fx.users.alice.token,
        query: { "match[version]": respelled(vA) },
      });
      assert.equal(del.statusCode, 200, del.body);
      assert.equal((await get(`objects/${idA}/`)).statusCode, 404);
      assert.deepEqual(await found(`objects/${idB}/`, {}), [`${idB}@`], "the other SCO stays");
    });
  });
}
