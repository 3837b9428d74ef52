import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { apiHost } from "./api-fixture.js";

/**
 * REST errors (problem documents) follow the caller's Accept-Language: Spanish (Mexico) by
 * default, English when asked — the API's own, the store's and the host's — over real HTTP.
 */

describe("REST errors in the caller's language", () => {
  it("answers the API's, the store's and the host's errors in Spanish or English", async (t) => {
    const host = await apiHost(t, "sqlite", [
      ["ana", "A", "analyst"],
      ["rosa", "A", "reader"],
    ]);
    assert.ok(host);
    await host.app.listen({ host: "127.0.0.1", port: 0 });
    const address = host.app.server.address();
    assert.ok(address !== null && typeof address === "object");
    const base = `http://127.0.0.1:${address.port}`;
    const call = async (user: string | null, method: string, path: string, lang: string | null, body?: string) => {
      const headers: Record<string, string> = {};
      if (user) headers.authorization = `Bearer ${host.tokens[user]}`;
      if (lang) headers["accept-language"] = lang;
      if (body !== undefined) headers["content-type"] = "application/json";
      const res = await fetch(`${base}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
      assert.match(String(res.headers.get("content-type")), /^application\/problem\+json/);
      return { status: res.status, body: (await res.json()) as { code: string; detail: string; message: string } };
    };

    const lost = await call("ana", "GET", "/api/v1/orgs/Nadie/assets", null);
    assert.equal(lost.status, 404);
    assert.equal(lost.body.detail, 'no se encontró la organización "Nadie"');
    assert.equal(lost.body.message, lost.body.detail);
    const lostEn = await call("ana", "GET", "/api/v1/orgs/Nadie/assets", "en-GB");
    assert.equal(lostEn.body.detail, 'organization "Nadie" was not found');

    const reader = await call("rosa", "POST", "/api/v1/orgs/A/sites", "es-MX", '{"name":"x"}');
    assert.equal(reader.status, 403);
    assert.match(reader.body.detail, /^el rol reader puede leer el inventario pero no cambiarlo/);
    const readerEn = await call("rosa", "POST", "/api/v1/orgs/A/sites", "en", '{"name":"x"}');
    assert.match(readerEn.body.detail, /^the reader role may read the inventory but not change it/);

    const json = await call("ana", "POST", "/api/v1/orgs/A/sites", "es", '{"name": "x"');
    assert.equal(json.body.code, "SERVER_BAD_JSON");
    assert.match(json.body.detail, /^el cuerpo no es JSON válido/);
    const jsonEn = await call("ana", "POST", "/api/v1/orgs/A/sites", "en", '{"name": "x"');
    assert.match(jsonEn.body.detail, /^the body is not valid JSON/);

    const none = await call(null, "GET", "/api/v1/orgs/A/assets", null);
    assert.equal(none.status, 401);
    assert.match(none.body.detail, /^este recurso necesita credenciales/);
    const noneEn = await call(null, "GET", "/api/v1/orgs/A/assets", "en");
    assert.match(noneEn.body.detail, /^this resource needs credentials/);

    const page = await call("ana", "GET", "/api/v1/orgs/A/assets?cursor=%21%21", "en");
    assert.equal(page.status, 400);
    assert.doesNotMatch(page.body.detail, /[áéíóúñ]|\bno es\b/);
    const pagina = await call("ana", "GET", "/api/v1/orgs/A/assets?cursor=%21%21", "es-MX");
    assert.doesNotMatch(pagina.body.detail, /\bis not\b|\bthe\b/);

    const today = await call("ana", "GET", "/api/v1/orgs/A/actions?today=2026-13-45", null);
    assert.equal(today.status, 400);
    assert.match(today.body.detail, /no es una fecha de calendario/);
  });
});
