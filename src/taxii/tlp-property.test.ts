import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import fc from "fast-check";
import { canRead, effectiveTlp, type Reader, sharedOrganizations } from "../access/index.js";
import { TLP_MARKING_IDS, type TlpLevel } from "../stix/index.js";
import type { ObjectVersionInput } from "../store/index.js";
import { postgresSchema } from "../testing/index.js";
import { call, createFixture, type TaxiiFixture } from "./test-fixture.js";

/**
 * Property: for random organizations' grants, objects, versions, markings, explicit shares and RED
 * recipients, no read path of the server (objects paged with any limit, object by id, versions,
 * manifest, and the store's count) ever returns, counts or hints at a version the reader may not
 * see by access/canRead, and `more` is true exactly when something visible is left.
 */

type UserName = "admin" | "alice" | "bob" | "mach" | "carol";
const USERS: UserName[] = ["admin", "alice", "bob", "mach", "carol"];
const ORGS = ["a", "b", "c"] as const;
const LEVELS: Array<TlpLevel | null> = ["clear", "green", "amber", "amber+strict", "red", null];

interface GenObject {
  producer: UserName;
  tlp: TlpLevel | null;
  versions: number;
  shareWith: Array<(typeof ORGS)[number]>;
  red: UserName[];
}

const objectArb: fc.Arbitrary<GenObject> = fc.record({
  producer: fc.constantFrom(...USERS),
  tlp: fc.constantFrom(...LEVELS),
  versions: fc.integer({ min: 1, max: 3 }),
  shareWith: fc.subarray([...ORGS]),
  red: fc.subarray(USERS),
});

const scenarioArb = fc.record({
  grants: fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean() }),
  objects: fc.array(objectArb, { minLength: 1, maxLength: 10 }),
  limit: fc.integer({ min: 1, max: 7 }),
});

const json = (r: { body: string }) => JSON.parse(r.body);
const modified = (v: number) => `2024-01-0${v + 1}T00:00:00.000Z`;

for (const backend of ["sqlite", "postgres"] as const) {
  describe(`TLP on every read path (property, ${backend})`, () => {
    let f: TaxiiFixture | null = null;
    let drop: (() => Promise<void>) | null = null;
    let run = 0;
    after(async () => {
      await f?.close();
      await drop?.();
    });

    it("never returns, counts or hints at an object the reader may not see", async (t) => {
      if (backend === "postgres") {
        const schema = await postgresSchema(t);
        if (!schema) return;
        drop = schema.drop;
        f = await createFixture({}, schema.url);
      } else f = await createFixture();
      const fixture = f;
      await fc.assert(
        fc.asyncProperty(scenarioArb, async ({ grants, objects, limit }) => {
          run++;
          const collection = `p${run}`;
          const actor = { userId: null, orgId: null, address: "test" };
          await fixture.store.directory.createCollection(actor, {
            id: collection,
            title: collection,
            description: null,
          });
          for (const org of ORGS) {
            await fixture.store.directory.setGrant(actor, {
              collectionId: collection,
              orgId: fixture.orgs[org],
              read: grants[org],
              write: false,
            });
          }
          const readers = ORGS.filter((o) => grants[o]).map((o) => fixture.orgs[o]);

          // Write every version as its producer, straight into the store (shares and RED recipients included).
          const expected: Array<{ id: string; version: string; reader: (r: Reader) => boolean }> = [];
          const ids: string[] = [];
          for (let n = 0; n < objects.length; n++) {
            const o = objects[n] as GenObject;
            const producer = fixture.users[o.producer];
            const id = `indicator--${String(run).padStart(8, "0")}-0000-4000-8000-${String(n).padStart(12, "0")}`;
            ids.push(id);
            const inputs: ObjectVersionInput[] = [];
            for (let v = 0; v < o.versions; v++) {
              const raw = JSON.stringify({
                type: "indicator",
                spec_version: "2.1",
                id,
                created: modified(0),
                modified: modified(v),
                pattern: "[ipv4-addr:value = '10.0.0.1']",
                pattern_type: "stix",
                valid_from: "2024-01-01T00:00:00Z",
                ...(o.tlp ? { object_marking_refs: [TLP_MARKING_IDS[o.tlp]] } : {}),
              });
              inputs.push({
                id,
                type: "indicator",
                specVersion: "2.1",
                created: modified(0),
                versionKey: modified(v),
                raw,
                tlp: o.tlp,
                revoked: false,
                collectionId: collection,
                shareWith: o.shareWith.map((s) => fixture.orgs[s]),
                redRecipients: o.red.map((u) => fixture.users[u].id),
              });
              const meta = {
                tlp: o.tlp,
                producerOrg: producer.orgId,
                sharedWith: sharedOrganizations(
                  effectiveTlp(o.tlp),
                  o.shareWith.map((s) => fixture.orgs[s]),
                  readers,
                ),
                redRecipients: o.red.map((u) => fixture.users[u].id),
                writerUser: producer.id,
              };
              expected.push({ id, version: modified(v), reader: (r) => canRead(r, meta) });
            }
            await fixture.store.putObjects({ orgId: producer.orgId, userId: producer.id, source: "test" }, inputs);
          }

          for (const name of USERS) {
            const user = fixture.users[name];
            const reader: Reader = { kind: "member", orgId: user.orgId, userId: user.id };
            const mayRead = name === "admin" || readers.includes(user.orgId);
            const base = `collections/${collection}/`;
            const get = (path: string, query: Record<string, string> = {}) =>
              call(fixture.app, "GET", base + path, { token: user.token, query });
            const visible = expected.filter((e) => e.reader(reader));
            const visibleKeys = visible.map((e) => `${e.id}@${e.version}`).sort();

            if (!mayRead) {
              const r = await get("objects/");
              assert.ok([403, 404].includes(r.statusCode));
              assert.equal(r.body.includes("indicator--"), false);
              continue;
            }
            // Every version, paged with the random limit: exactly the visible set; `more` only while some is left.
            const seen: string[] = [];
            let next: string | undefined;
            for (let page = 0; page < 100; page++) {
              const r = json(
                await get("objects/", { "match[version]": "all", limit: String(limit), ...(next ? { next } : {}) }),
              );
              for (const o of r.objects ?? []) seen.push(`${o.id}@${o.modified}`);
              assert.equal(
                r.more,
                seen.length < visibleKeys.length,
                `more flag after ${seen.length} of ${visibleKeys.length}`,
              );
              next = r.next;
              if (!r.more) break;
            }
            assert.deepEqual(seen.sort(), visibleKeys, `${name} objects`);
            const manifest = json(await get("manifest/", { "match[version]": "all", limit: "1000" }));
            assert.deepEqual(
              (manifest.objects ?? []).map((o: { id: string; version: string }) => `${o.id}@${o.version}`).sort(),
              visibleKeys,
              `${name} manifest`,
            );
            const count = await fixture.store.countObjects(reader, { collectionId: collection, versions: ["all"] });
            assert.equal(count, visibleKeys.length, `${name} count`);

            // Per object: latest visible version, versions list, and a 404 that is the same for hidden and absent.
            const latest = json(await get("objects/", { limit: "1000" }));
            const latestKeys = (latest.objects ?? [])
              .map((o: { id: string; modified: string }) => `${o.id}@${o.modified}`)
              .sort();
            const expectLatest: string[] = [];
            for (const id of ids) {
              const versions = visible
                .filter((e) => e.id === id)
                .map((e) => e.version)
                .sort();
              const one = await get(`objects/${id}/`);
              const history = await get(`objects/${id}/versions/`);
              if (versions.length === 0) {
                assert.equal(one.statusCode, 404, `${name} ${id}`);
                assert.equal(history.statusCode, 404);
                assert.equal(json(one).error_code, "TAXII_OBJECT_NOT_FOUND");
                continue;
              }
              const last = versions[versions.length - 1] as string;
              expectLatest.push(`${id}@${last}`);
              assert.deepEqual(
                json(one).objects.map((o: { modified: string }) => o.modified),
                [last],
              );
              assert.deepEqual(json(history).versions, versions);
            }
            assert.deepEqual(latestKeys, expectLatest.sort(), `${name} latest`);
          }
        }),
        { numRuns: 25 },
      );
    });
  });
}
