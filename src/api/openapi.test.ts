import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Validator } from "@seriousme/openapi-schema-validator";
import type { FastifyInstance } from "fastify";
// The host and the peer plugins the API is mounted beside, as `centinela serve` mounts them
// (a test-only use of the modules above and beside this one).
import { consolePlugin, createSessions, SESSION_COOKIE } from "../console/index.js";
import { incidentsPlugin } from "../incidents/index.js";
import { createServer, defaultPlugins, type ServerPlugin } from "../server/index.js";
import { openStore, type Store } from "../store/index.js";
import { API_PREFIX } from "./index.js";
import { OPENAPI_PATH } from "./openapi.js";

type Document = {
  openapi: string;
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
  components: { securitySchemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> };
};

/** Every route the host registers, seen from its root before any plugin: method and URL. */
function routeCollector(routes: { method: string; url: string }[]): ServerPlugin {
  const register = async (app: FastifyInstance) => {
    app.addHook("onRoute", (route) => {
      for (const method of [route.method].flat()) routes.push({ method, url: route.url });
    });
  };
  Object.defineProperty(register, Symbol.for("skip-override"), { value: true });
  return { name: "routes", prefix: "/-", register };
}

/** An OpenAPI path template of a Fastify URL: `:org` as `{org}`. */
function templateOf(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
}

describe("OpenAPI document", () => {
  let dir: string;
  let store: Store;
  let app: FastifyInstance;
  const routes: { method: string; url: string }[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "centinela-openapi-"));
    store = await openStore({ dataDir: dir });
    const sessions = await createSessions(store.directory);
    app = await createServer({
      store,
      plugins: [
        routeCollector(routes),
        ...defaultPlugins({ store }),
        incidentsPlugin({ store }),
        consolePlugin({ store, sessions }),
      ],
    });
  });
  after(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is served without credentials and is a valid OpenAPI 3.1 document", async () => {
    const res = await app.inject({ method: "GET", url: OPENAPI_PATH });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(String(res.headers["content-type"]), /^application\/json/);
    const document = res.json() as Document;
    assert.equal(document.openapi, "3.1.0");
    const result = await new Validator().validate(document);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 1)?.slice(0, 3000));
  });

  it("describes every REST route under /api/v1 with its method, and nothing else", async () => {
    const document = (await app.inject({ method: "GET", url: OPENAPI_PATH })).json() as Document;
    const rest = routes.filter((r) => r.url.startsWith(API_PREFIX) && r.method !== "HEAD");
    // The API's, the incidents' and the console's session routes at least.
    for (const url of ["/api/v1/orgs/:org/assets", "/api/v1/incidents", "/api/v1/session", OPENAPI_PATH]) {
      assert.ok(
        rest.some((r) => r.url === url),
        `${url} was not registered`,
      );
    }
    const missing = rest.filter((r) => !document.paths[templateOf(r.url)]?.[r.method.toLowerCase()]);
    assert.deepEqual(missing, [], "routes missing from the document");
    // Beside the REST routes, only the host's operations routes that ask to be described.
    const operations = ["/healthz", "/readyz"];
    for (const path of operations) assert.equal(document.paths[path]?.get?.security?.length, 0, `${path} is public`);
    // The metrics need their own token, not a user's credentials.
    assert.deepEqual(document.paths["/metrics"]?.get?.security, [{ metricsToken: [] }]);
    for (const path of Object.keys(document.paths))
      assert.ok(path.startsWith(API_PREFIX) || [...operations, "/metrics"].includes(path), `${path} is not REST`);
  });

  it("declares Basic, Bearer and the session cookie, and the problem document on every error", async () => {
    const document = (await app.inject({ method: "GET", url: OPENAPI_PATH })).json() as Document;
    const schemes = document.components.securitySchemes;
    assert.deepEqual(schemes.basic && [schemes.basic.type, schemes.basic.scheme], ["http", "basic"]);
    assert.deepEqual(schemes.bearer && [schemes.bearer.type, schemes.bearer.scheme], ["http", "bearer"]);
    assert.deepEqual(schemes.session && [schemes.session.in, schemes.session.name], ["cookie", SESSION_COOKIE]);
    assert.deepEqual(schemes.metricsToken && [schemes.metricsToken.type, schemes.metricsToken.scheme], [
      "http",
      "bearer",
    ]);
    const assets = document.paths["/api/v1/orgs/{org}/assets"]?.get;
    assert.deepEqual(assets?.responses["404"], {
      description: "Default Response",
      content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } },
    });
    assert.ok(assets?.responses.default, "no default error response");
    assert.equal(assets?.security, undefined, "a signed-in route takes the document's security");
    assert.deepEqual(document.paths[OPENAPI_PATH]?.get?.security, [], "the document itself is public");
  });

  it("GET /api/v1 lists the resources with their operations and links the document, without credentials", async () => {
    for (const url of [API_PREFIX, `${API_PREFIX}/`]) {
      const res = await app.inject({ method: "GET", url });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.headers.link, `<${OPENAPI_PATH}>; rel="service-desc"`);
      const index = res.json() as {
        openapi: string;
        taxii: string;
        resources: { name: string; href: string; operations: { method: string; path: string; summary: string }[] }[];
      };
      assert.equal(index.openapi, OPENAPI_PATH);
      assert.equal(index.taxii, "/taxii2/");
      const names = index.resources.map((r) => r.name);
      for (const name of ["alerts", "incidents", "intel", "logs", "orgs", "session"])
        assert.ok(names.includes(name), name);
      // Every operation the document describes under /api/v1 is in the index, and no other.
      const document = (await app.inject({ method: "GET", url: OPENAPI_PATH })).json() as Document;
      const described = Object.entries(document.paths)
        .filter(([path]) => path.startsWith(`${API_PREFIX}/`) && path !== OPENAPI_PATH)
        .flatMap(([path, item]) => Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`))
        .sort();
      const listed = index.resources.flatMap((r) => r.operations.map((o) => `${o.method} ${o.path}`)).sort();
      assert.deepEqual(listed, described);
      const orgs = index.resources.find((r) => r.name === "orgs");
      assert.equal(orgs?.href, "/api/v1/orgs");
      assert.ok(orgs?.operations.some((o) => o.path === "/api/v1/orgs/{org}/assets" && o.method === "GET"));
    }
    // In the document too, as a public route.
    const document = (await app.inject({ method: "GET", url: OPENAPI_PATH })).json() as Document;
    assert.deepEqual(document.paths[API_PREFIX]?.get?.security, []);
  });

  it("is not served on other paths: a route outside the API still needs credentials", async () => {
    const res = await app.inject({ method: "GET", url: "/api/v1/orgs" });
    assert.equal(res.statusCode, 401);
  });
});
