import assert from "node:assert/strict";
import { test } from "node:test";
import { AssetsError } from "./errors.js";
import { parsePurl } from "./purl.js";

test("purls of the common ecosystems parse", () => {
  assert.deepEqual(parsePurl("pkg:npm/%40angular/core@12.0.0"), {
    type: "npm",
    namespace: "@angular",
    name: "core",
    version: "12.0.0",
    qualifiers: {},
    subpath: null,
  });
  const m = parsePurl("pkg:maven/com.fasterxml.jackson.core/jackson-annotations@2.9.10?type=jar");
  assert.equal(m.namespace, "com.fasterxml.jackson.core");
  assert.deepEqual(m.qualifiers, { type: "jar" });
  const c = parsePurl("pkg:composer/asm89/stack-cors@1.3.0");
  assert.equal(c.name, "stack-cors");
  const d = parsePurl("pkg:DEB/debian/curl@7.50.3-1?Arch=i386&distro=jessie#src/lib");
  assert.equal(d.type, "deb");
  assert.deepEqual(d.qualifiers, { arch: "i386", distro: "jessie" });
  assert.equal(d.subpath, "src/lib");
  assert.equal(parsePurl("pkg:golang/github.com/gorilla/context").version, null);
  assert.equal(parsePurl("pkg:golang/github.com/gorilla/context").namespace, "github.com/gorilla");
});

test("malformed purls are refused with a code and offset", () => {
  const cases: [string, string, number][] = [
    ["npm/left-pad@1", "PURL_BAD_SCHEME", 0],
    ["pkg:left-pad", "PURL_NO_TYPE", 4],
    ["pkg:npm/@1.0", "PURL_NO_NAME", 8],
    ["pkg:npm/left-pad@%E0%A4%A", "PURL_BAD_ENCODING", 17],
    ["pkg:n pm/x", "PURL_NO_TYPE", 4],
  ];
  for (const [text, code, offset] of cases) {
    assert.throws(
      () => parsePurl(text),
      (e: unknown) => e instanceof AssetsError && e.code === code && e.offset === offset,
      text,
    );
  }
});
