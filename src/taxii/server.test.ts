import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { API_ROOT_PATH, DISCOVERY_PATH } from "./context.js";
import { TAXII_MEDIA_TYPE } from "./media-type.js";
import { call, createFixture, FIXTURE_PASSWORD, indicator, indicatorId, type TaxiiFixture } from "./test-fixture.js";

const json = (r: { body: string }) => JSON.parse(r.body);

describe("TAXII server: discovery, auth, negotiation, collections", () => {
  let f: TaxiiFixture;
  before(async () => {
    f = await createFixture();
  });
  after(() => f.close());

  it("serves discovery without credentials, with absolute API root URLs", async () => {
    const r = await call(f.app, "GET", DISCOVERY_PATH);
    assert.equal(r.statusCode, 200);
    assert.equal(r.headers["content-type"], TAXII_MEDIA_TYPE);
    assert.deepEqual(json(r).api_roots, [`http://localhost:80${API_ROOT_PATH}`]);
  });

  it("asks for credentials everywhere else, with a TAXII error and a challenge", async () => {
    const r = await call(f.app, "GET", "");
    assert.equal(r.statusCode, 401);
    assert.match(String(r.headers["www-authenticate"]), /Basic/);
    assert.equal(json(r).error_code, "SERVER_UNAUTHORIZED");
    assert.equal(json(r).http_status, "401");
    for (const authorization of ["Bearer cnt_wrong", "Bearer ", "Basic !!!", "Digest x", "x".repeat(5000)]) {
      const bad = await call(f.app, "GET", "collections/", { headers: { authorization } });
      assert.equal(bad.statusCode, 401, authorization.slice(0, 20));
      assert.equal(json(bad).error_code, "SERVER_UNAUTHORIZED");
    }
  });

  it("accepts HTTP Basic with the right password only", async () => {
    const basic = (user: string, pw: string) => `Basic ${Buffer.from(`${user}:${pw}`).toString("base64")}`;
    const ok = await call(f.app, "GET", "", { headers: { authorization: basic("alice", FIXTURE_PASSWORD) } });
    assert.equal(ok.statusCode, 200);
    assert.deepEqual(json(ok).versions, [TAXII_MEDIA_TYPE]);
    const again = await call(f.app, "GET", "", { headers: { authorization: basic("alice", FIXTURE_PASSWORD) } });
    assert.equal(again.statusCode, 200);
    const wrong = await call(f.app, "GET", "", { headers: { authorization: basic("alice", "nope") } });
    assert.equal(wrong.statusCode, 401);
    const nobody = await call(f.app, "GET", "", { headers: { authorization: basic("zed", FIXTURE_PASSWORD) } });
    assert.equal(nobody.statusCode, 401);
  });

  it("takes an API token under the Token scheme as well as Bearer", async () => {
    // The OASIS taxii2-client's TokenAuth (used by OpenCTI's TAXII 2 connector) sends "Token <key>".
    for (const scheme of ["Token", "token", "Bearer"]) {
      const r = await call(f.app, "GET", "collections/", {
        headers: { authorization: `${scheme} ${f.users.bob.token}` },
      });
      assert.equal(r.statusCode, 200, scheme);
      assert.deepEqual(
        json(r).collections.map((c: { id: string }) => c.id),
        ["c1", "c2"],
      );
    }
    const wrong = await call(f.app, "GET", "collections/", { headers: { authorization: "Token cnt_wrong" } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(json(wrong).error_code, "SERVER_UNAUTHORIZED");
  });

  it("refuses revoked tokens and disabled users at once", async () => {
    const { generateToken, tokenHash } = await import("../access/index.js");
    const token = generateToken();
    const cli = { userId: null, orgId: null, address: "test" };
    const t = await f.store.directory.createToken(cli, {
      userId: f.users.mach.id,
      tokenHash: tokenHash(token),
      name: "x",
      expires: null,
    });
    assert.equal((await call(f.app, "GET", "", { token })).statusCode, 200);
    await f.store.directory.revokeToken(cli, t.id);
    const r = await call(f.app, "GET", "", { token });
    assert.equal(r.statusCode, 401);
    assert.equal(json(r).error_code, "SERVER_UNAUTHORIZED");
    assert.equal((await call(f.app, "GET", "", { token: f.users.mach.token })).statusCode, 200);
    await f.store.directory.setUserActive(cli, f.users.mach.id, false);
    assert.equal((await call(f.app, "GET", "", { token: f.users.mach.token })).statusCode, 401);
  });

  it("negotiates media types: 406 for what it cannot send", async () => {
    const token = f.users.alice.token;
    for (const accept of [
      TAXII_MEDIA_TYPE,
      "application/taxii+json",
      "*/*",
      "application/json, application/taxii+json;version=2.1",
    ]) {
      assert.equal((await call(f.app, "GET", "", { token, headers: { accept } })).statusCode, 200, accept);
    }
    for (const accept of [
      "application/json",
      "application/taxii+json;version=2.0",
      "text/html",
      "application/taxii+json;q=0",
    ]) {
      const r = await call(f.app, "GET", "", { token, headers: { accept } });
      assert.equal(r.statusCode, 406, accept);
      assert.equal(json(r).error_code, "TAXII_NOT_ACCEPTABLE");
      assert.equal(r.headers["content-type"], TAXII_MEDIA_TYPE);
    }
  });

  it("lists only the collections a user may use, with their rights", async () => {
    const list = async (token: string) =>
      (json(await call(f.app, "GET", "collections/", { token })).collections ?? []).map(
        (c: { id: string; can_read: boolean; can_write: boolean }) =>
          `${c.id}:${c.can_read ? "r" : ""}${c.can_write ? "w" : ""}`,
      );
    assert.deepEqual(await list(f.users.alice.token), ["c1:rw"]);
    assert.deepEqual(await list(f.users.bob.token), ["c1:r", "c2:rw"]);
    assert.deepEqual(await list(f.users.carol.token), ["c1:r"]);
    assert.deepEqual(await list(f.users.admin.token), ["c1:rw", "c2:rw"]);
    const hidden = await call(f.app, "GET", "collections/c2/", { token: f.users.alice.token });
    assert.equal(hidden.statusCode, 404);
    assert.equal(json(hidden).error_code, "TAXII_COLLECTION_NOT_FOUND");
    const one = await call(f.app, "GET", "collections/c1/", { token: f.users.bob.token });
    assert.deepEqual(json(one), {
      id: "c1",
      title: "One",
      description: "first",
      can_read: true,
      can_write: false,
      media_types: ["application/stix+json;version=2.1"],
    });
  });

  it("answers unknown TAXII paths with a TAXII 404, and other paths with a problem document", async () => {
    const r = await call(f.app, "GET", "/taxii2/nowhere/", { token: f.users.alice.token });
    assert.equal(r.statusCode, 404);
    assert.equal(json(r).error_code, "SERVER_NOT_FOUND");
    assert.equal(json(r).http_status, "404");
    const other = await call(f.app, "GET", "/nowhere/", { token: f.users.alice.token });
    assert.equal(other.statusCode, 404);
    assert.equal(json(other).code, "SERVER_NOT_FOUND");
    assert.equal(json(other).status, 404);
  });

  it("posts an envelope: valid objects stored, invalid ones failed, in a status that stays readable", async () => {
    const bad = { type: "indicator", spec_version: "2.1", id: indicatorId(99), created: "2024-01-01T00:00:00.000Z" };
    const r = await call(f.app, "POST", "collections/c1/objects/", {
      token: f.users.alice.token,
      body: { objects: [indicator(1), bad, indicator(2), indicator(1)] },
    });
    assert.equal(r.statusCode, 202);
    const status = json(r);
    assert.equal(status.status, "complete");
    assert.equal(status.total_count, 4);
    assert.equal(status.success_count, 3);
    assert.equal(status.failure_count, 1);
    assert.equal(status.pending_count, 0);
    assert.equal(status.failures[0].id, indicatorId(99));
    // One reason per problem, each naming the object and the property once ("<id> pattern: …").
    const reasons: string[] = status.failures[0].message.split("; ");
    assert.ok(
      reasons.some((m) => m.startsWith(`${indicatorId(99)} pattern: `)),
      status.failures[0].message,
    );
    for (const m of reasons) assert.ok(m.startsWith(indicatorId(99)), m);
    const again = await call(f.app, "GET", `status/${status.id}/`, { token: f.users.alice.token });
    assert.deepEqual(json(again), status);
    // Someone of another organization: the status does not exist for them.
    const other = await call(f.app, "GET", `status/${status.id}/`, { token: f.users.bob.token });
    assert.equal(other.statusCode, 404);
    assert.equal(json(other).error_code, "TAXII_STATUS_NOT_FOUND");
    const objects = json(await call(f.app, "GET", "collections/c1/objects/", { token: f.users.bob.token }));
    assert.deepEqual(
      objects.objects.map((o: { id: string }) => o.id),
      [indicatorId(1), indicatorId(2)],
    );
    const audit = await f.store.directory.listAudit(0, 1000);
    const put = audit.filter((e) => e.action === "objects.put").at(-1);
    assert.equal(put?.userId, f.users.alice.id);
    assert.equal(put?.target, "c1");
  });

  it("stores the status once, complete, after the work (nobody can ask for it before the answer)", async () => {
    const saved: string[] = [];
    const directory = f.store.directory;
    const original = directory.putStatus.bind(directory);
    directory.putStatus = async (status) => {
      saved.push(`${status.status}:${status.pendings.length}:${status.successes.length}`);
      return original(status);
    };
    try {
      const r = await call(f.app, "POST", "collections/c1/objects/", {
        token: f.users.alice.token,
        body: { objects: [indicator(30), indicator(31)] },
      });
      assert.equal(r.statusCode, 202);
    } finally {
      directory.putStatus = original;
    }
    assert.deepEqual(saved, ["complete:0:2"]);
  });

  it("keeps paging correct while others write: no duplicates, no gaps, new objects at the end", async () => {
    const token = f.users.bob.token;
    const seen: string[] = [];
    let next: string | undefined;
    let written = 40;
    for (let page = 0; page < 50; page++) {
      const query: Record<string, string> = { limit: "1", ...(next ? { next } : {}) };
      const body = json(await call(f.app, "GET", "collections/c1/objects/", { token, query }));
      for (const o of body.objects ?? []) seen.push(o.id);
      if (written < 44) {
        await call(f.app, "POST", "collections/c1/objects/", {
          token: f.users.alice.token,
          body: { objects: [indicator(written++)] },
        });
      }
      next = body.next;
      if (!body.more) break;
    }
    assert.equal(new Set(seen).size, seen.length);
    const all = json(await call(f.app, "GET", "collections/c1/objects/", { token, query: { limit: "1000" } }));
    assert.deepEqual(
      seen,
      all.objects.map((o: { id: string }) => o.id),
    );
    assert.deepEqual(seen.slice(-4), [40, 41, 42, 43].map(indicatorId));
  });
});
