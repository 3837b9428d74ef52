import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canRead, effectiveTlp, type Reader, type TlpObjectMeta } from "./tlp.js";

const meta = (over: Partial<TlpObjectMeta>): TlpObjectMeta => ({
  tlp: "amber",
  producerOrg: "org-a",
  sharedWith: [],
  redRecipients: [],
  writerUser: "user-a",
  ...over,
});
const SYSTEM: Reader = { kind: "system", orgId: null, userId: null };
const ANON: Reader = { kind: "anonymous", orgId: null, userId: null };
const member = (orgId: string | null, userId: string | null): Reader => ({ kind: "member", orgId, userId });

describe("canRead", () => {
  it("lets the system read everything", () => {
    for (const tlp of ["clear", "green", "amber", "amber+strict", "red", null] as const) {
      assert.equal(canRead(SYSTEM, meta({ tlp })), true);
    }
  });

  it("gives anonymous readers CLEAR only", () => {
    assert.equal(canRead(ANON, meta({ tlp: "clear" })), true);
    assert.equal(canRead(ANON, meta({ tlp: "green" })), false);
    assert.equal(canRead(ANON, meta({ tlp: "amber", sharedWith: ["org-a"] })), false);
    assert.equal(canRead(ANON, meta({ tlp: null })), false);
  });

  it("gives every member GREEN", () => {
    assert.equal(canRead(member("org-z", "u"), meta({ tlp: "green" })), true);
  });

  it("gives AMBER and AMBER+STRICT to the producer and the organizations shared with", () => {
    for (const tlp of ["amber", "amber+strict"] as const) {
      assert.equal(canRead(member("org-a", "x"), meta({ tlp })), true);
      assert.equal(canRead(member("org-b", "x"), meta({ tlp })), false);
      assert.equal(canRead(member("org-b", "x"), meta({ tlp, sharedWith: ["org-b"] })), true);
      assert.equal(canRead(member(null, "x"), meta({ tlp, producerOrg: null })), false);
    }
  });

  it("gives RED to named recipients and the writer only, not to the producer organization", () => {
    assert.equal(canRead(member("org-a", "user-a"), meta({ tlp: "red" })), true);
    assert.equal(canRead(member("org-a", "user-b"), meta({ tlp: "red" })), false);
    assert.equal(canRead(member("org-z", "user-r"), meta({ tlp: "red", redRecipients: ["user-r"] })), true);
    assert.equal(canRead(member("org-z", null), meta({ tlp: "red", writerUser: null })), false);
  });

  it("treats unmarked objects as AMBER of their producer unless told otherwise", () => {
    assert.equal(effectiveTlp(null), "amber");
    assert.equal(canRead(member("org-a", "x"), meta({ tlp: null })), true);
    assert.equal(canRead(member("org-b", "x"), meta({ tlp: null })), false);
    assert.equal(canRead(member("org-b", "x"), meta({ tlp: null }), "green"), true);
    assert.equal(canRead(ANON, meta({ tlp: null }), "clear"), true);
  });
});
