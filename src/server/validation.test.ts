import assert from "node:assert/strict";
import { describe, it } from "node:test";
// The REST API's real routes and schemas (a test-only use of the module the host mounts).
import { apiHost } from "../api/api-fixture.js";

/** Schema refusals as people read them: the field, what it takes, in the caller's language. */
describe("schema refusals", () => {
  it("name the field and the allowed values, the missing field, the unknown one and the fields there are", async (t) => {
    const host = await apiHost(t, "sqlite", [["ana", "SCT", "analyst"]]);
    if (!host) throw new Error("a SQLite host is always made");
    const url = `/api/v1/orgs/${host.orgs.SCT}/assets`;
    const call = (payload: object | undefined, lang?: string, path = url, method: "POST" | "GET" = "POST") =>
      host.app.inject({
        method,
        url: path,
        headers: { authorization: `Bearer ${host.tokens.ana}`, ...(lang ? { "accept-language": lang } : {}) },
        ...(payload ? { payload } : {}),
      });
    const detail = async (...args: Parameters<typeof call>) => {
      const res = await call(...args);
      assert.equal(res.statusCode, 400, res.body);
      assert.equal(res.json().code, "SERVER_BAD_REQUEST");
      return res.json().detail as string;
    };

    assert.equal(
      await detail({ name: "web-1", criticality: "mega" }),
      "criticality debe ser uno de low, medium, high, critical",
    );
    assert.equal(
      await detail({ name: "web-1", criticality: "mega" }, "en-US,en;q=0.9"),
      "criticality must be one of low, medium, high, critical",
    );
    assert.equal(await detail({ criticality: "high" }, "en"), "name is missing, and it is required");
    assert.equal(await detail({ criticality: "high" }), "falta name, que es obligatorio");
    assert.match(
      await detail({ name: "web-1", kind: "server" }, "en"),
      /^kind is not a field this route takes; the fields are: name, siteId, addresses, .*criticality.*software$/,
    );
    assert.equal(await detail({ name: 7 }, "en"), "name must be of type string");
    assert.equal(await detail({ name: "" }, "en"), "name must be at least 1 character long");
    assert.equal(await detail({ name: "" }), "name debe tener al menos 1 carácter");
    // Nested: the item's place in the list.
    assert.equal(
      await detail({ name: "web-1", software: [{ name: "nginx", kind: "app" }] }, "en"),
      "software[0].kind must be one of application, operating-system, firmware, hardware, library",
    );
    // A query parameter, in Spanish by default.
    assert.equal(
      await detail(undefined, undefined, "/api/v1/intel/search?q=x&match=fuzzy", "GET"),
      "match debe ser uno de prefix, exact",
    );
  });
});
