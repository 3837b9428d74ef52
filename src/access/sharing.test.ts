import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sharedOrganizations } from "./sharing.js";

describe("sharedOrganizations", () => {
  it("adds collection readers for AMBER only", () => {
    assert.deepEqual(sharedOrganizations("amber", ["a"], ["b", "a"]), ["a", "b"]);
    assert.deepEqual(sharedOrganizations("amber+strict", ["a"], ["b"]), ["a"]);
    for (const level of ["clear", "green", "red"] as const) assert.deepEqual(sharedOrganizations(level, [], ["b"]), []);
    assert.deepEqual(sharedOrganizations("amber", [], []), []);
  });
});
