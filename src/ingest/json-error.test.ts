import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeJsonError } from "./errors.js";
import { findJsonError } from "./json-error.js";

function errorOf(text: string): unknown {
  try {
    JSON.parse(text);
  } catch (error) {
    return error;
  }
  throw new Error("expected invalid JSON");
}

describe("findJsonError", () => {
  const cases: Array<[string, number]> = [
    ['{"a": oops}', 6],
    ['{"a": 1,}', 8],
    ['{"a" 1}', 5],
    ["{'a': 1}", 1],
    ['{"a": [1, 2}', 11],
    ['{"a": "x\\q"}', 8],
    ['{"a": 01}', 7],
    ['{"a": 1} extra', 9],
    ['{"a": "unterminated', 19],
    ['{"a": {"b": [true, nul]}}', 19],
  ];
  for (const [text, offset] of cases) {
    it(`finds offset ${offset} in ${text}`, () => {
      assert.equal(findJsonError(text).offset, offset);
    });
  }

  it("accepts valid JSON", () => {
    assert.equal(findJsonError('{"a": [1, -2.5e3, "x\\u00e9", {"b": null}], "c": true}').offset, -1);
  });

  it("describes the error with line and column inside a multi-line object", () => {
    const text = '{\n  "type": "indicator",\n  "id": oops\n}';
    assert.equal(
      describeJsonError(text, errorOf(text), 10),
      'invalid JSON at line 12, column 9: expected a value (string, number, object, array, true, false or null), found "oops\\n}"',
    );
  });
});
