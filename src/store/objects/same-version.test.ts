import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { sameVersionContent } from "./same-version.js";

describe("sameVersionContent", () => {
  it("reads member order, white space and the spelling of instants as the same object", () => {
    const a = '{"id":"x--1","modified":"2024-01-01T00:00:00.000Z","refs":[{"at":"2024-01-01T00:00:00Z","n":1}]}';
    const b =
      '{ "refs": [ { "n": 1, "at": "2024-01-01T01:00:00+01:00" } ], "modified": "2024-01-01T00:00:00Z", "id": "x--1" }';
    assert.equal(sameVersionContent(a, b), true);
  });

  it("tells apart another value, another instant, another member or order inside a list", () => {
    const a = '{"id":"x--1","modified":"2024-01-01T00:00:00Z","labels":["a","b"],"n":1}';
    for (const b of [
      '{"id":"x--1","modified":"2024-01-01T00:00:00Z","labels":["a","b"],"n":2}',
      '{"id":"x--1","modified":"2024-01-01T00:00:00.001Z","labels":["a","b"],"n":1}',
      '{"id":"x--1","modified":"2024-01-01T00:00:00Z","labels":["b","a"],"n":1}',
      '{"id":"x--1","modified":"2024-01-01T00:00:00Z","labels":["a","b"],"n":1,"x":null}',
      '{"id":"x--1","modified":"2024-01-01T00:00:00Z","labels":["a","b"],"n":"1"}',
    ]) {
      assert.equal(sameVersionContent(a, b), false, b);
    }
  });

  it("compares texts that are not JSON as they are", () => {
    assert.equal(sameVersionContent("{", "{"), true);
    assert.equal(sameVersionContent("{", "{ "), false);
  });
});
