import assert from "node:assert/strict";
import { describe, it, type TestContext } from "node:test";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { sealSecret } from "../../access/index.js";
import type { Actor, Store } from "../../store/index.js";
import { apiHost } from "../api-fixture.js";

const CLI: Actor = { userId: null, orgId: null, address: "cli" };
type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE";

interface Fixture {
  store: Store;
  app: FastifyInstance;
  call(
    user: string | null,
    method: Method,
    url: string,
    payload?: unknown,
    lang?: string,
  ): Promise<LightMyRequestResponse>;
}

/** A host with the API over a fresh store on `backend`: admin (CSIRT), ana (analyst) and rita (reader) of SCT. */
async function fixture(t: TestContext, backend: "sqlite" | "postgres"): Promise<Fixture | null> {
  const host = await apiHost(t, backend, [
    ["admin", "CSIRT Nacional", "admin"],
    ["ana", "SCT", "analyst"],
    ["rita", "SCT", "reader"],
  ]);
  if (!host) return null;
  const { store, app, tokens } = host;
  return {
    store,
    app,
    call: (user, method, url, payload, lang) =>
      app.inject({
        method,
        url,
        headers: {
          ...(user ? { authorization: `Bearer ${tokens[user]}` } : {}),
          ...(lang ? { "accept-language": lang } : {}),
        },
        ...(payload === undefined ? {} : { payload: payload as object }),
      }),
  };
}

/** Basic credentials of a user with a password. */
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

for (const backend of ["sqlite", "postgres"] as const)
  describe(`administration REST API (${backend})`, () => {
    it("adds an organization with sector and state, and lists it with its profile", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const res = await f.call("admin", "POST", "/api/v1/orgs", {
        name: "CFE Occidente",
        sector: "energy",
        state: "Jalisco",
      });
      assert.equal(res.statusCode, 201, res.body);
      assert.equal(res.json().state, "MX-JAL");
      assert.match(res.json().id, /^org-/);
      const list = (await f.call("admin", "GET", "/api/v1/orgs")).json() as { name: string; sector: string | null }[];
      assert.deepEqual(
        list.find((o) => o.name === "CFE Occidente"),
        { ...res.json(), sector: "energy" },
      );
      const plain = await f.call("admin", "POST", "/api/v1/orgs", { name: "Sin perfil" });
      assert.equal(plain.statusCode, 201);
      assert.equal(plain.json().sector, null);
      // The audit log names who made it.
      const audit = await f.store.directory.listAudit(0, 1000);
      assert.ok(audit.some((e) => e.action === "org.create" && e.target === res.json().id && e.userId !== null));
    });

    it("adds a user who signs in with the password answered once; a new password ends the old one; disabling stops its tokens", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const res = await f.call("admin", "POST", "/api/v1/users", { username: "luis", org: "SCT", role: "analyst" });
      assert.equal(res.statusCode, 201, res.body);
      const { user, password } = res.json() as {
        user: { id: string; orgName: string; role: string };
        password: string;
      };
      assert.equal(user.orgName, "SCT");
      assert.ok(password.length >= 20);
      const me = await f.app.inject({
        method: "GET",
        url: "/api/v1/orgs",
        headers: { authorization: basic("luis", password) },
      });
      assert.equal(me.statusCode, 200, me.body);
      assert.ok(
        !JSON.stringify(await f.store.directory.listAudit(0, 1000)).includes(password),
        "no password in the audit log",
      );

      const listed = (await f.call("admin", "GET", "/api/v1/users")).json() as {
        username: string;
        passwordHash?: string;
      }[];
      assert.deepEqual(listed.map((u) => u.username).sort(), ["admin", "ana", "luis", "rita"]);
      assert.ok(listed.every((u) => !("passwordHash" in u)));

      const reset = await f.call("admin", "POST", "/api/v1/users/luis/password");
      assert.equal(reset.statusCode, 200, reset.body);
      const fresh = reset.json().password as string;
      assert.notEqual(fresh, password);
      const old = await f.app.inject({
        method: "GET",
        url: "/api/v1/orgs",
        headers: { authorization: basic("luis", password) },
      });
      assert.equal(old.statusCode, 401);

      const token = await f.call("admin", "POST", "/api/v1/tokens", { user: "luis", name: "script" });
      const secret = token.json().secret as string;
      const bearer = { authorization: `Bearer ${secret}` };
      assert.equal((await f.app.inject({ method: "GET", url: "/api/v1/orgs", headers: bearer })).statusCode, 200);
      const off = await f.call("admin", "PATCH", `/api/v1/users/${user.id}`, { active: false });
      assert.equal(off.statusCode, 200, off.body);
      assert.equal(off.json().active, false);
      assert.equal((await f.app.inject({ method: "GET", url: "/api/v1/orgs", headers: bearer })).statusCode, 401);
      const on = await f.call("admin", "PATCH", "/api/v1/users/luis", { active: true });
      assert.equal(on.json().active, true);
      assert.equal((await f.app.inject({ method: "GET", url: "/api/v1/orgs", headers: bearer })).statusCode, 200);
    });

    it("creates a token shown once, lists it without its text, and revokes it", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const res = await f.call("admin", "POST", "/api/v1/tokens", { user: "ana", name: "MISP de SCT", days: 30 });
      assert.equal(res.statusCode, 201, res.body);
      const { token, secret } = res.json() as {
        token: { id: string; username: string; expires: string };
        secret: string;
      };
      assert.equal(token.username, "ana");
      assert.ok(Date.parse(token.expires) > Date.now() + 29 * 86_400_000);
      const list = await f.call("admin", "GET", "/api/v1/tokens");
      assert.ok(!list.body.includes(secret), "the list never holds the token's text");
      assert.ok((list.json() as { id: string }[]).some((x) => x.id === token.id));
      const bearer = { authorization: `Bearer ${secret}` };
      assert.equal((await f.app.inject({ method: "GET", url: "/api/v1/orgs", headers: bearer })).statusCode, 200);
      assert.equal((await f.call("admin", "DELETE", `/api/v1/tokens/${token.id}`)).statusCode, 204);
      assert.equal((await f.app.inject({ method: "GET", url: "/api/v1/orgs", headers: bearer })).statusCode, 401);
      const again = await f.call("admin", "DELETE", `/api/v1/tokens/${token.id}`);
      assert.equal(again.statusCode, 404);
      assert.match(again.json().message, /no hay un token vigente/);
      const revoked = (await f.call("admin", "GET", "/api/v1/tokens")).json() as {
        id: string;
        revoked: string | null;
      }[];
      assert.ok(revoked.find((x) => x.id === token.id)?.revoked);
    });

    it("adds a collection, grants an organization read and write, and revokes it, as the directory then holds", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const res = await f.call("admin", "POST", "/api/v1/collections", { id: "energia", title: "Sector energía" });
      assert.equal(res.statusCode, 201, res.body);
      assert.deepEqual(res.json().grants, []);
      const put = await f.call("admin", "PUT", "/api/v1/collections/energia/grants/SCT", { read: true, write: false });
      assert.equal(put.statusCode, 200, put.body);
      assert.deepEqual(put.json(), { orgId: put.json().orgId, orgName: "SCT", read: true, write: false });
      const list = (await f.call("admin", "GET", "/api/v1/collections")).json() as { id: string; grants: unknown[] }[];
      assert.deepEqual(list.find((c) => c.id === "energia")?.grants, [put.json()]);
      assert.deepEqual(await f.store.directory.listGrants({ collectionId: "energia" }), [
        { collectionId: "energia", orgId: put.json().orgId, read: true, write: false },
      ]);
      await f.call("admin", "PUT", "/api/v1/collections/energia/grants/SCT", { read: true, write: true });
      assert.equal((await f.store.directory.listGrants({ collectionId: "energia" }))[0]?.write, true);
      assert.equal((await f.call("admin", "DELETE", "/api/v1/collections/energia/grants/SCT")).statusCode, 204);
      assert.deepEqual(await f.store.directory.listGrants({ collectionId: "energia" }), []);
      const missing = await f.call("admin", "PUT", "/api/v1/collections/nada/grants/SCT", { read: true, write: false });
      assert.equal(missing.statusCode, 404);
      assert.match(missing.json().message, /no hay una colección «nada»/);
    });

    it("lists feeds with their health and never their credentials", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const key = Buffer.alloc(32, 7);
      await f.store.directory.addFeed(CLI, {
        id: "cisa/ais",
        kind: "taxii",
        config: { url: "https://taxii.example/api/", collection: "ais", localCollection: null, username: "centinela" },
        secret: sealSecret(key, "cisa/ais", "clave-secreta"),
        everySeconds: null,
      });
      await f.store.directory.updateFeedState("cisa/ais", {
        cursor: null,
        lastSync: "2026-03-14T10:00:00.000Z",
        lastError: "HTTP 503 del servidor remoto",
      });
      const res = await f.call("admin", "GET", "/api/v1/feeds");
      assert.equal(res.statusCode, 200, res.body);
      const [feed] = res.json() as Record<string, unknown>[];
      assert.equal(feed?.lastError, "HTTP 503 del servidor remoto");
      assert.equal(feed?.lastSync, "2026-03-14T10:00:00.000Z");
      assert.ok(!("secret" in (feed ?? {})) && !("username" in (feed ?? {})), "no credentials leave the server");
      assert.ok(!res.body.includes("enc1:"));
    });

    it("refuses every administration route to an analyst and a reader, and writes nothing", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const before = (await f.store.directory.listAudit(0, 10_000)).length;
      const routes: [Method, string, unknown?][] = [
        ["POST", "/api/v1/orgs", { name: "X" }],
        ["GET", "/api/v1/users"],
        ["POST", "/api/v1/users", { username: "x", org: "SCT", role: "admin" }],
        ["POST", "/api/v1/users/ana/password"],
        ["PATCH", "/api/v1/users/admin", { active: false }],
        ["GET", "/api/v1/tokens"],
        ["POST", "/api/v1/tokens", { user: "admin", name: "x" }],
        ["DELETE", "/api/v1/tokens/tok-1"],
        ["GET", "/api/v1/collections"],
        ["POST", "/api/v1/collections", { id: "x" }],
        ["PUT", "/api/v1/collections/x/grants/SCT", { read: true, write: true }],
        ["DELETE", "/api/v1/collections/x/grants/SCT"],
        ["GET", "/api/v1/feeds"],
      ];
      for (const user of ["ana", "rita"]) {
        for (const [method, url, body] of routes) {
          const res = await f.call(user, method, url, body);
          assert.equal(res.statusCode, 403, `${user} ${method} ${url}: ${res.body}`);
          assert.equal(res.json().code, "API_FORBIDDEN");
          assert.match(res.json().message, /es del papel admin/);
        }
      }
      const english = await f.call("ana", "GET", "/api/v1/users", undefined, "en-US,en;q=0.9");
      assert.match(english.json().message, /takes the admin role and your account has the role "analyst"/);
      assert.equal((await f.call(null, "GET", "/api/v1/users")).statusCode, 401);
      assert.equal((await f.store.directory.listAudit(0, 10_000)).length, before, "nothing was written");
    });

    it("bad input is a 400 naming the field and what it holds, in the caller's language, and writes nothing", async (t) => {
      const f = await fixture(t, backend);
      if (!f) return;
      const before = (await f.store.directory.listAudit(0, 10_000)).length;
      const cases: [Method, string, unknown, number, RegExp, RegExp][] = [
        [
          "POST",
          "/api/v1/orgs",
          { sector: "energy" },
          400,
          /falta el campo «name»: el nombre de la organización/,
          /field "name" is missing/,
        ],
        [
          "POST",
          "/api/v1/orgs",
          { name: "X", sector: "energia", state: "JAL" },
          400,
          /«sector» no es válido: uno de: energy, /,
          /"sector" is not valid: one of: energy/,
        ],
        [
          "POST",
          "/api/v1/orgs",
          { name: "X", sector: "energy", state: "Texas" },
          400,
          /«state» no es válido: un estado de México/,
          /a Mexican state/,
        ],
        [
          "POST",
          "/api/v1/orgs",
          { name: "X", sector: "energy" },
          400,
          /el sector y el estado juntos/,
          /sector and the state together/,
        ],
        ["POST", "/api/v1/orgs", { name: "SCT" }, 409, /ya existe una organización llamada «SCT»/, /already exists/],
        [
          "POST",
          "/api/v1/orgs",
          { name: "X", color: "rojo" },
          400,
          /el campo «color» no existe aquí; los campos son: name, sector, state/,
          /no field "color"/,
        ],
        [
          "POST",
          "/api/v1/orgs",
          [1, 2],
          400,
          /envíe un objeto JSON con los campos name, sector, state/,
          /send a JSON object/,
        ],
        [
          "POST",
          "/api/v1/users",
          { username: "a b", org: "SCT", role: "analyst" },
          400,
          /«username» no es válido: de 1 a 100 letras/,
          /1 to 100 letters/,
        ],
        [
          "POST",
          "/api/v1/users",
          { username: "x", org: "SCT", role: "root" },
          400,
          /«role» no es válido: uno de: admin, analyst, reader, partner/,
          /one of: admin/,
        ],
        [
          "POST",
          "/api/v1/users",
          { username: "x", org: "Pemex", role: "reader" },
          400,
          /no hay una organización «Pemex»/,
          /no organization "Pemex"/,
        ],
        [
          "POST",
          "/api/v1/users",
          { username: "ana", org: "SCT", role: "reader" },
          409,
          /ya existe un usuario «ana»/,
          /a user named "ana"/,
        ],
        ["PATCH", "/api/v1/users/ana", { active: "no" }, 400, /«active» no es válido: true o false/, /true or false/],
        [
          "PATCH",
          "/api/v1/users/admin",
          { active: false },
          400,
          /no puede desactivar su propia cuenta/,
          /your own account/,
        ],
        ["PATCH", "/api/v1/users/nadie", { active: false }, 404, /no hay un usuario «nadie»/, /no user "nadie"/],
        [
          "POST",
          "/api/v1/tokens",
          { user: "ana", name: "x", days: 0 },
          400,
          /«days» no es válido: un número entero de días/,
          /whole number of days/,
        ],
        ["POST", "/api/v1/tokens", { user: "nadie", name: "x" }, 400, /no hay un usuario «nadie»/, /no user "nadie"/],
        [
          "POST",
          "/api/v1/collections",
          { id: "con espacios" },
          400,
          /«id» no es válido: de 1 a 100 letras/,
          /1 to 100 letters/,
        ],
        [
          "PUT",
          "/api/v1/collections/x/grants/SCT",
          { read: true },
          400,
          /falta el campo «write»/,
          /"write" is missing/,
        ],
      ];
      for (const [method, url, body, status, es, en] of cases) {
        const spanish = await f.call("admin", method, url, body);
        assert.equal(spanish.statusCode, status, `${method} ${url} ${JSON.stringify(body)}: ${spanish.body}`);
        assert.match(spanish.json().message, es);
        const english = await f.call("admin", method, url, body, "en");
        assert.equal(english.statusCode, status);
        assert.match(english.json().message, en);
      }
      assert.equal((await f.store.directory.listAudit(0, 10_000)).length, before, "nothing was written");
    });
  });
