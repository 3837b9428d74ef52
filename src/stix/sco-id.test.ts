import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalJson, computeScoId } from "./sco-id.js";

describe("computeScoId", () => {
  it("matches the example id of STIX 2.1 §2.9 (ipv4-addr 198.51.100.3)", () => {
    assert.equal(
      computeScoId({ type: "ipv4-addr", spec_version: "2.1", value: "198.51.100.3" }),
      "ipv4-addr--28bb3599-77cd-5a82-a950-b5bc3caf07c4",
    );
  });
  it("is UUIDv5 over the JCS text of the contributing properties", () => {
    // Independent check: the same name through Python's uuid.uuid5 gives these ids.
    assert.equal(
      computeScoId({ type: "domain-name", value: "example.com" }),
      "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7",
    );
    assert.equal(
      computeScoId({ type: "autonomous-system", number: 15139 }),
      "autonomous-system--3aa27478-50b5-5ab8-9da9-cdc12b657fff",
    );
    assert.equal(
      computeScoId({ type: "email-addr", value: "john@example.com" }),
      "email-addr--7165e2a9-671f-585d-b1e1-ca59c671d934",
    );
  });
  it("ignores non-contributing properties and property order", () => {
    const a = computeScoId({ type: "software", name: "Word", vendor: "Microsoft", languages: ["es"] });
    const b = computeScoId({ vendor: "Microsoft", type: "software", name: "Word", id: "software--x" });
    assert.equal(a, b);
    assert.notEqual(a, computeScoId({ type: "software", name: "Word", vendor: "Microsoft", version: "2" }));
  });
  it("uses one hash: MD5 before SHA-1 before SHA-256 before SHA-512", () => {
    const md5 = computeScoId({ type: "file", hashes: { MD5: "aa" } });
    assert.equal(computeScoId({ type: "file", hashes: { "SHA-256": "bb", MD5: "aa" } }), md5);
    const sha1 = computeScoId({ type: "file", hashes: { "SHA-1": "cc" } });
    assert.equal(computeScoId({ type: "file", hashes: { "SHA-512": "dd", "SHA-1": "cc" } }), sha1);
    assert.notEqual(md5, sha1);
    // Other algorithms only: the smallest name, whatever the order they came in.
    assert.equal(
      computeScoId({ type: "file", hashes: { TLSH: "t", SSDEEP: "s" } }),
      computeScoId({ type: "file", hashes: { SSDEEP: "s" } }),
    );
  });
  it("returns null when no contributing property is present or the type is not an SCO", () => {
    assert.equal(computeScoId({ type: "process", pid: 1 }), null);
    assert.equal(computeScoId({ type: "file", size: 3 }), null);
    assert.equal(computeScoId({ type: "indicator", name: "x" }), null);
    assert.equal(computeScoId({ value: "no type" }), null);
  });
});

describe("canonicalJson (RFC 8785)", () => {
  it("sorts keys by UTF-16 code units and drops whitespace", () => {
    assert.equal(
      canonicalJson({ b: 1, a: [true, null, "x"], "\u20ac": 0, "\ud83d\ude00": 1, "\u0080": 2 }),
      // U+20AC (0x20AC) sorts before the surrogate pair of U+1F600 (0xD83D …), as RFC 8785 §3.2.3 shows.
      '{"a":[true,null,"x"],"b":1,"\u0080":2,"\u20ac":0,"\ud83d\ude00":1}',
    );
  });
  it("writes numbers the ECMAScript way", () => {
    assert.equal(canonicalJson([1e21, 0.000001, 1e-7, -0, 4.5, 100]), "[1e+21,0.000001,1e-7,0,4.5,100]");
  });
  it("escapes strings like JSON.stringify", () => {
    assert.equal(canonicalJson('a"b\\\n\u0001'), '"a\\"b\\\\\\n\\u0001"');
  });
  it("rejects values JSON cannot hold", () => {
    assert.throws(() => canonicalJson(Number.NaN), TypeError);
    assert.throws(() => canonicalJson(() => 1), TypeError);
  });
});
