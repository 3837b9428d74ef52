import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  checkPattern,
  compilePattern,
  matchPattern,
  PatternError,
  parsePattern,
  prepareObservations,
} from "./index.js";

/** Bad and hostile input: each gets a clear error (code and position), never a crash or a hang. */

const od = (refs: string[], extra: Record<string, unknown> = {}) => ({
  type: "observed-data",
  id: "observed-data--h",
  first_observed: "2020-01-01T00:00:00Z",
  last_observed: "2020-01-01T00:00:00Z",
  number_observed: 1,
  object_refs: refs,
  ...extra,
});

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof PatternError) return error.code;
    throw error;
  }
  return "none";
}

describe("hostile patterns", () => {
  test("empty pattern", () => assert.equal(checkPattern("").errors[0]?.code, "PATTERN_EMPTY"));
  test("unbalanced brackets", () => {
    assert.equal(checkPattern("[[file:name = 'x']").errors[0]?.code, "PATTERN_UNEXPECTED_TOKEN");
    assert.equal(checkPattern("((([file:name = 'x']))").errors[0]?.code, "PATTERN_UNEXPECTED_TOKEN");
    assert.equal(checkPattern("[file:name = 'x']))").errors[0]?.column, 18);
  });
  test("a 1 MB pattern is refused at once with PATTERN_TOO_LONG", () => {
    const big = `[file:name = '${"a".repeat(1 << 20)}']`;
    const e = checkPattern(big).errors[0]!;
    assert.equal(e.code, "PATTERN_TOO_LONG");
    assert.match(e.message, /limit is 262144/);
  });
  test("the length limit can be raised for trusted input", () => {
    const big = `[file:name = '${"a".repeat(1 << 20)}']`;
    assert.equal(checkPattern(big, { maxLength: 2 << 20 }).valid, true);
  });
  test("10,000 nested parentheses: PATTERN_TOO_DEEP, no stack overflow", () => {
    const deep = `${"(".repeat(10_000)}[file:name = 'x']${")".repeat(10_000)}`;
    const e = checkPattern(deep).errors[0]!;
    assert.equal(e.code, "PATTERN_TOO_DEEP");
    assert.equal(e.column, 101);
  });
  test("10,000 nested comparison parentheses", () => {
    const deep = `[${"(".repeat(10_000)}file:name = 'x'${")".repeat(10_000)}]`;
    assert.equal(checkPattern(deep).errors[0]?.code, "PATTERN_TOO_DEEP");
  });
  test("nesting up to the limit is fine", () => {
    const ok = `${"(".repeat(99)}[file:name = 'x']${")".repeat(99)}`;
    assert.equal(checkPattern(ok).valid, true);
  });
  test("an object path 20,000 steps long: PATTERN_TOO_DEEP, no stack overflow", () => {
    const e = checkPattern(`[x-t:a${".a".repeat(20_000)} = 1]`).errors[0]!;
    assert.equal(e.code, "PATTERN_TOO_DEEP");
    assert.equal(e.column, 7 + 2 * 63);
    assert.equal(checkPattern(`[x-t:a${"[*]".repeat(63)} = 1]`).valid, true);
  });
  test("invalid escapes", () => {
    for (const esc of ["\\n", "\\x41", "\\u00e9", "\\0", "\\%"]) {
      const e = checkPattern(`[file:name = 'a${esc}']`).errors[0]!;
      assert.equal(e.code, "PATTERN_BAD_ESCAPE", esc);
      assert.equal(e.column, 16);
    }
  });
  test("a lone backslash before the closing quote leaves the string open", () => {
    assert.equal(checkPattern("[file:name = 'a\\']").errors[0]?.code, "PATTERN_UNTERMINATED_STRING");
  });
  test("control characters and stray symbols", () => {
    assert.equal(checkPattern("[file:name = 'x'] \u0007").errors[0]?.code, "PATTERN_UNEXPECTED_CHAR");
    assert.equal(checkPattern("[file:name ~ 'x']").errors[0]?.code, "PATTERN_UNEXPECTED_CHAR");
    assert.equal(checkPattern("[file:name = 'x'] 😀").errors[0]?.message.includes("😀"), true);
  });
  test("a long chain of 50,000 ORs parses without recursion", () => {
    const p = Array.from({ length: 50_000 }, () => "[a:b = 1]").join(" OR ");
    assert.equal(parsePattern(p, { maxLength: 1 << 20 }).kind, "obs-or");
  });
});

describe("hostile regular expressions run in linear time (RE2)", () => {
  const input = [od(["x-t--1"]), { type: "x-t", id: "x-t--1", s: `${"a".repeat(50_000)}!` }];
  for (const re of ["^(a+)+$", "(a|aa)+$", "(a*)*b", "^(a|a?)+$", "(.*a){20}$"]) {
    test(`${re} against 50,000 a's returns`, () => {
      assert.equal(matchPattern(`[x-t:s MATCHES '${re}']`, input).matched, false);
    });
  }
  test("an over-long regular expression is an error", () => {
    assert.equal(checkPattern(`[x-t:s MATCHES '${"a".repeat(5000)}']`).errors[0]?.code, "PATTERN_BAD_REGEX");
  });
  test("LIKE with many wildcards against a long value returns", () => {
    const input2 = [od(["x-t--1"]), { type: "x-t", id: "x-t--1", s: "a".repeat(20_000) }];
    assert.equal(matchPattern(`[x-t:s LIKE '${"%a".repeat(30)}%b']`, input2).matched, false);
  });
});

describe("hostile observed-data", () => {
  test("no timestamps", () => {
    assert.equal(
      code(() => prepareObservations([{ type: "observed-data", object_refs: [] }])),
      "PATTERN_BAD_OBSERVED_DATA",
    );
  });
  test("number_observed 0", () => {
    assert.equal(
      code(() => prepareObservations([od([], { number_observed: 0 })])),
      "PATTERN_BAD_OBSERVED_DATA",
    );
  });
  test("last before first", () => {
    const bad = od([], { last_observed: "2019-01-01T00:00:00Z" });
    assert.equal(
      code(() => prepareObservations([bad])),
      "PATTERN_BAD_OBSERVED_DATA",
    );
  });
  test("neither object_refs nor objects", () => {
    assert.equal(
      code(() => prepareObservations([od([], { object_refs: undefined })])),
      "PATTERN_BAD_OBSERVED_DATA",
    );
  });
  test("dangling references are ignored, not errors", () => {
    const input = [
      od(["network-traffic--1", "missing--2"]),
      { type: "network-traffic", id: "network-traffic--1", dst_ref: "nowhere" },
    ];
    assert.equal(matchPattern("[network-traffic:dst_ref.value = 'x']", input).matched, false);
  });
  test("reference cycles terminate (paths are finite)", () => {
    const input = [od(["x-n--1"]), { type: "x-n", id: "x-n--1", next_ref: "x-n--1", v: 1 }];
    assert.equal(matchPattern("[x-n:next_ref.next_ref.next_ref.v = 1]", input).matched, true);
  });
  test("a huge number_observed with a huge REPEATS", () => {
    const input = [od(["x-t--1"], { number_observed: 1_000_000_000 }), { type: "x-t", id: "x-t--1", v: 1 }];
    assert.equal(matchPattern("[x-t:v = 1] REPEATS 999999999 TIMES", input).matched, true);
    assert.equal(matchPattern("[x-t:v = 1] REPEATS 1000000001 TIMES", input).matched, false);
  });
  test("a combinatorial explosion stops with PATTERN_EVAL_LIMIT", () => {
    const input: unknown[] = [];
    for (let i = 0; i < 200; i++) {
      input.push(od([`x-t--${i}`], { id: `observed-data--${i}` }), { type: "x-t", id: `x-t--${i}`, v: 1 });
    }
    const c = compilePattern("([x-t:v = 1] AND [x-t:v = 1] AND [x-t:v = 1]) WITHIN 1 SECONDS");
    assert.equal(
      code(() => c.match(prepareObservations(input))),
      "PATTERN_EVAL_LIMIT",
    );
  });
});
