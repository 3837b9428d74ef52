import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { TlpLevel } from "../stix/index.js";
import { TAXII_MEDIA_TYPE } from "./media-type.js";
import { call, createFixture, indicator, indicatorId, type TaxiiFixture } from "./test-fixture.js";

const json = (r: { body: string }) => JSON.parse(r.body);
const ids = (body: { objects?: Array<{ id: string }> }) => (body.objects ?? []).map((o) => Number(o.id.slice(-12)));

describe("TAXII server: objects, TLP, paging, filters, errors", () => {
  let f: TaxiiFixture;
  const levels: Array<TlpLevel | null> = ["clear", "green", "amber", "amber+strict", "red", null];
  before(async () => {
    f = await createFixture({ bodyLimit: 64 * 1024 });
    // Objects 1..6 by alice (org-a) in c1, one per level; object 1 gets a second version.
    const objects = levels.map((tlp, i) => indicator(i + 1, tlp));
    const r = await call(f.app, "POST", "collections/c1/objects/", { token: f.users.alice.token, body: { objects } });
    assert.equal(json(r).success_count, 6);
    await call(f.app, "POST", "collections/c1/objects/", {
      token: f.users.alice.token,
      body: { objects: [indicator(1, "clear", "2024-02-01T00:00:00.000Z")] },
    });
  });
  after(() => f.close());

  const get = (token: string, path: string, query?: Record<string, string>) =>
    call(f.app, "GET", `collections/c1/${path}`, { token, ...(query ? { query } : {}) });

  it("shows each TLP level to the right readers, inside the store", async () => {
    assert.deepEqual(ids(json(await get(f.users.alice.token, "objects/"))), [2, 3, 4, 5, 6, 1]);
    // org-b reads c1, which alice's organization wrote into: AMBER and unmarked (AMBER of the producer) are shared; STRICT and RED are not.
    assert.deepEqual(ids(json(await get(f.users.bob.token, "objects/"))), [2, 3, 6, 1]);
    assert.deepEqual(ids(json(await get(f.users.carol.token, "objects/"))), [2, 3, 6, 1]);
    assert.deepEqual(ids(json(await get(f.users.admin.token, "objects/"))), [2, 3, 4, 6, 1]);
  });

  it("gives a hidden object the same 404 as an absent one, on every path", async () => {
    for (const path of [
      `objects/${indicatorId(5)}/`,
      `objects/${indicatorId(5)}/versions/`,
      `objects/${indicatorId(77)}/`,
    ]) {
      const r = await get(f.users.bob.token, path);
      assert.equal(r.statusCode, 404, path);
      assert.equal(json(r).error_code, "TAXII_OBJECT_NOT_FOUND");
    }
    const manifest = json(await get(f.users.bob.token, "manifest/"));
    assert.deepEqual(
      manifest.objects.map((o: { id: string }) => Number(o.id.slice(-12))),
      [2, 3, 6, 1],
    );
    const own = await get(f.users.alice.token, `objects/${indicatorId(5)}/`);
    assert.equal(own.statusCode, 200);
  });

  it("pages with limit, more, next and the date-added headers, byte for byte", async () => {
    const first = await get(f.users.alice.token, "objects/", { limit: "2" });
    const body = json(first);
    assert.equal(body.more, true);
    assert.equal(typeof body.next, "string");
    assert.deepEqual(ids(body), [2, 3]);
    assert.ok(first.headers["x-taxii-date-added-first"]);
    assert.ok(String(first.headers["x-taxii-date-added-first"]) < String(first.headers["x-taxii-date-added-last"]));
    assert.ok(first.body.includes(JSON.stringify(indicator(2, "green"))));
    const seen: number[] = [...ids(body)];
    let next = body.next as string | undefined;
    while (next) {
      const page = json(await get(f.users.alice.token, "objects/", { limit: "2", next }));
      seen.push(...ids(page));
      next = page.next;
      if (!page.more) assert.equal(page.next, undefined);
    }
    assert.deepEqual(seen, [2, 3, 4, 5, 6, 1]);
    const last = await get(f.users.alice.token, "objects/", {
      added_after: String(first.headers["x-taxii-date-added-last"]),
    });
    assert.deepEqual(ids(json(last)), [4, 5, 6, 1]);
    const none = await get(f.users.alice.token, "objects/", { added_after: "2999-01-01T00:00:00Z" });
    assert.deepEqual(json(none), { more: false });
    assert.equal(none.headers["x-taxii-date-added-first"], undefined);
  });

  it("refuses a forged, altered or foreign next with 400", async () => {
    const body = json(await get(f.users.alice.token, "objects/", { limit: "1" }));
    const [cursor] = String(body.next).split(".");
    for (const next of [
      "garbage",
      `${cursor}.AAAAAAAAAAAAAAAAAAAAAA`,
      `${cursor}x.${String(body.next).split(".")[1]}`,
      "x".repeat(300),
    ]) {
      const r = await get(f.users.alice.token, "objects/", { limit: "1", next });
      assert.equal(r.statusCode, 400, next.slice(0, 30));
      assert.equal(json(r).error_code, "TAXII_BAD_NEXT");
    }
    // A next issued for other filters does not open this query.
    const foreign = await get(f.users.alice.token, "objects/", {
      limit: "1",
      next: body.next,
      "match[type]": "indicator",
    });
    assert.equal(foreign.statusCode, 400);
  });

  it("follows next whether or not the client repeats added_after", async () => {
    // Some clients send added_after on the first request only and then just limit + next.
    const since = "2000-01-01T00:00:00Z";
    const first = json(await get(f.users.alice.token, "objects/", { limit: "2", added_after: since }));
    assert.deepEqual(ids(first), [2, 3]);
    const without = await get(f.users.alice.token, "objects/", { limit: "10", next: first.next });
    assert.equal(without.statusCode, 200, without.body);
    assert.deepEqual(ids(json(without)), [4, 5, 6, 1]);
    const repeated = json(
      await get(f.users.alice.token, "objects/", { limit: "10", next: first.next, added_after: since }),
    );
    assert.deepEqual(ids(repeated), [4, 5, 6, 1]);
    // The other way round: a cursor issued without added_after, followed with one, still pages on.
    const plain = json(await get(f.users.alice.token, "manifest/", { limit: "2" }));
    const later = json(
      await get(f.users.alice.token, "manifest/", { limit: "10", next: plain.next, added_after: since }),
    );
    assert.deepEqual(ids(later), [4, 5, 6, 1]);
  });

  it("filters by id, type, version and spec version", async () => {
    const t = f.users.alice.token;
    assert.deepEqual(
      ids(json(await get(t, "objects/", { "match[id]": `${indicatorId(1)},${indicatorId(3)}` }))),
      [3, 1],
    );
    assert.deepEqual(ids(json(await get(t, "objects/", { "match[type]": "malware" }))), []);
    assert.deepEqual(ids(json(await get(t, "objects/", { "match[type]": "indicator,malware", limit: "1" }))), [2]);
    const all = json(await get(t, "objects/", { "match[id]": indicatorId(1), "match[version]": "all" }));
    assert.deepEqual(
      all.objects.map((o: { modified: string }) => o.modified),
      ["2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"],
    );
    const firstV = json(await get(t, "objects/", { "match[id]": indicatorId(1), "match[version]": "first" }));
    assert.equal(firstV.objects[0].modified, "2024-01-01T00:00:00.000Z");
    const stamp = json(
      await get(t, "objects/", { "match[id]": indicatorId(1), "match[version]": "2024-02-01T00:00:00Z" }),
    );
    assert.equal(stamp.objects.length, 1);
    assert.deepEqual(ids(json(await get(t, "objects/", { "match[spec_version]": "2.0" }))), []);
    const versions = json(await get(t, `objects/${indicatorId(1)}/versions/`));
    assert.deepEqual(versions, { more: false, versions: ["2024-01-01T00:00:00.000Z", "2024-02-01T00:00:00.000Z"] });
    const manifest = json(await get(t, "manifest/", { "match[id]": indicatorId(1) }));
    assert.equal(manifest.objects[0].version, "2024-02-01T00:00:00.000Z");
    assert.equal(manifest.objects[0].media_type, "application/stix+json;version=2.1");
  });

  it("rejects crafted filter values with 400 before any query", async () => {
    const t = f.users.alice.token;
    const cases: Array<Record<string, string>> = [
      { "match[id]": "indicator--1' OR 1=1 --" },
      { "match[type]": "indicator'); DROP TABLE objects; --" },
      { "match[version]": "yesterday" },
      { "match[spec_version]": "2.1;x" },
      { added_after: "2024-13-45" },
      { added_after: "'; select 1" },
      { limit: "0" },
      { limit: "-5" },
      { limit: "1e9" },
      {
        "match[id]":
          Array.from({ length: 1001 }, (_, i) => indicatorId(i))
            .join(",")
            .slice(0, 8000) + ",x",
      },
    ];
    for (const query of cases) {
      const r = await get(t, "objects/", query);
      assert.equal(r.statusCode, 400, JSON.stringify(query).slice(0, 60));
      assert.ok(["TAXII_BAD_FILTER", "TAXII_BAD_REQUEST"].includes(json(r).error_code));
    }
    assert.equal((await get(t, "objects/")).statusCode, 200);
  });

  it("refuses bad POSTs with the right status and a TAXII error, and stores nothing from them", async () => {
    const t = f.users.alice.token;
    const before = await f.store.countObjects({ kind: "system", orgId: null, userId: null }, {});
    const post = (body: unknown, headers: Record<string, string> = {}, token = t, collection = "c1") =>
      call(f.app, "POST", `collections/${collection}/objects/`, { token, body, headers });
    const expect = async (
      r: Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>,
      status: number,
      code: string,
    ) => {
      const res = await r;
      assert.equal(res.statusCode, status, code);
      assert.equal(json(res).error_code, code);
      assert.equal(res.headers["content-type"], TAXII_MEDIA_TYPE);
    };
    await expect(post('{"objects": [ {"type": '), 400, "TAXII_BAD_JSON");
    await expect(
      post({ objects: [indicator(50)] }, { "content-type": "application/json" }),
      415,
      "TAXII_UNSUPPORTED_MEDIA_TYPE",
    );
    await expect(
      post({ objects: [indicator(50)] }, { "content-type": "application/taxii+json;version=2.0" }),
      415,
      "TAXII_UNSUPPORTED_MEDIA_TYPE",
    );
    await expect(post({ objects: "nope" }), 400, "SERVER_BAD_REQUEST");
    const big = { objects: Array.from({ length: 200 }, (_, i) => indicator(1000 + i)) };
    await expect(post(big), 413, "SERVER_TOO_LARGE");
    await expect(post({ objects: [indicator(51)] }, {}, f.users.bob.token), 403, "TAXII_FORBIDDEN");
    await expect(post({ objects: [indicator(52)] }, {}, f.users.carol.token), 403, "TAXII_FORBIDDEN");
    await expect(post({ objects: [indicator(53)] }, {}, "cnt_nope"), 401, "SERVER_UNAUTHORIZED");
    await expect(post({ objects: [indicator(54)] }, {}, t, "c2"), 404, "TAXII_COLLECTION_NOT_FOUND");
    assert.equal(await f.store.countObjects({ kind: "system", orgId: null, userId: null }, {}), before);
    // The server is still up and answering.
    assert.equal((await get(t, "objects/")).statusCode, 200);
  });

  it("deletes only with write access, and only what the caller can see", async () => {
    const del = (token: string, id: number) =>
      call(f.app, "DELETE", `collections/c1/objects/${indicatorId(id)}/`, { token });
    assert.equal((await del(f.users.bob.token, 2)).statusCode, 403);
    assert.equal((await del(f.users.admin.token, 5)).statusCode, 404);
    const ok = await del(f.users.alice.token, 2);
    assert.equal(ok.statusCode, 200);
    assert.equal((await get(f.users.alice.token, `objects/${indicatorId(2)}/`)).statusCode, 404);
    assert.equal((await del(f.users.alice.token, 2)).statusCode, 404);
    const audit = await f.store.directory.listAudit(0, 1000);
    assert.equal(audit.filter((e) => e.action === "objects.delete").length, 1);
  });
});
