import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { compilePattern, type PatternError, prepareObservations } from "./index.js";

/**
 * Cross-type behaviour where STIX 2.1 §9.4 leaves room, checked case by case against what the
 * OASIS reference matcher (cti-pattern-matcher, tests v21/test_basic_ops) does: values of
 * different types are never equal or ordered, `!=` holds for any present unequal value, NOT
 * negates per value, IN sets compare ints and floats as numbers. One object, written here.
 */

const INPUT = [
  {
    type: "observed-data",
    id: "observed-data--p",
    first_observed: "2021-06-01T10:00:00Z",
    last_observed: "2021-06-01T10:00:00Z",
    number_observed: 1,
    object_refs: ["x-probe--1"],
  },
  {
    type: "x-probe",
    id: "x-probe--1",
    int: 7,
    float: 3.25,
    float_int: 9.0,
    bool: false,
    string: "bonjour",
    ip: "172.16.5.4",
    cidr: "172.16.5.4/22",
  },
];

const TS = "t'1970-01-01T00:00:00Z'";
const OTHERS = ["h'0a0b'", "b'CgsM'", TS];

/** [property, patterns that match, patterns that do not] — the property name is prefixed. */
const TABLE: [string, string[], string[]][] = [
  [
    "int",
    [
      "= 7",
      "NOT != 7",
      "> 6",
      "NOT < 6",
      "< 10",
      "> 6.9",
      "< 7.1",
      ">= 7",
      "NOT < 7",
      "<= 7",
      "!= false",
      "!= true",
      "NOT = true",
      "!= 'seven'",
      ...OTHERS.map((o) => `!= ${o}`),
      "IN (-1, 7, 8)",
      "IN (-1, 7, 8.5)",
      "NOT IN ('a', 'b')",
      "NOT MATCHES 'o+'",
      "NOT LIKE 'bo%'",
      "NOT ISSUBSET '172.16.0.0/12'",
      "NOT ISSUPERSET '172.16.5.4'",
    ],
    [
      "NOT = 7",
      "NOT != 9",
      "> 9",
      "< 1",
      "> 7.1",
      "< 6.9",
      "= false",
      "= true",
      "= 'seven'",
      ...OTHERS.map((o) => `= ${o}`),
      "> h'0a0b'",
      "< b'CgsM'",
      `> ${TS}`,
      "LIKE 'bo%'",
      "MATCHES 'o+'",
      "NOT IN (-1, 7, 8)",
      "NOT IN (-1, 7, 8.5)",
      "IN ('a', 'b')",
      "ISSUBSET '172.16.0.0/12'",
      "ISSUPERSET '172.16.5.4'",
    ],
  ],
  [
    "float",
    [
      "= 3.25",
      "NOT != 3.25",
      "> 3",
      "NOT < 3",
      "< 4",
      "> 3.24999",
      "< 3.25001",
      ">= 3.25",
      "<= 3.25",
      "!= false",
      "!= 'x'",
      ...OTHERS.map((o) => `!= ${o}`),
      "IN (-1.5, 3.25, 10.75)",
      "NOT IN ('a')",
      "NOT MATCHES '3'",
      "NOT LIKE '3%'",
    ],
    [
      "NOT = 3.25",
      "!= 3.25",
      "> 4",
      "< 3",
      "> 3.25001",
      "< 3.24999",
      "= false",
      "= true",
      "= 'x'",
      "NOT != 'x'",
      ...OTHERS.map((o) => `= ${o}`),
      `< ${TS}`,
      "LIKE '3%'",
      "MATCHES '3'",
      "NOT IN (-1.5, 3.25, 10.75)",
      "IN ('a')",
    ],
  ],
  [
    "float_int",
    ["= 9", "IN (8, 9, 10)", "IN (8.5, 9, 10)", ">= 9", "< 9.5"],
    ["NOT IN (8, 9, 10)", "NOT IN (8.5, 9, 10)", "!= 9", "> 9"],
  ],
  [
    "bool",
    [
      "!= 0",
      "!= 1",
      "!= 2.5",
      "= false",
      "NOT != false",
      "!= true",
      "NOT = true",
      "!= 'false'",
      ...OTHERS.map((o) => `!= ${o}`),
      "IN (true, false)",
      "NOT IN ('a')",
      "NOT MATCHES 'f'",
      "NOT LIKE 'f%'",
    ],
    [
      "= 0",
      "= 1",
      "= 2.5",
      "!= false",
      "NOT = false",
      "= true",
      "NOT != true",
      "= 'false'",
      ...OTHERS.map((o) => `= ${o}`),
      "LIKE 'f%'",
      "MATCHES 'f'",
      "NOT IN (true, false)",
      "IN ('a')",
      "IN (true)",
    ],
  ],
  [
    "string",
    [
      "!= 1",
      "!= 2.5",
      "!= true",
      "!= false",
      "= 'bonjour'",
      "NOT != 'bonjour'",
      "!= 'salut'",
      "NOT = 'salut'",
      "> 'allo'",
      "< 'zut'",
      ">= 'bonjour'",
      "<= 'bonjour'",
      "!= h'0a0b'",
      "!= b'CgsM'",
      "LIKE 'bon%'",
      "LIKE 'bo_jo_r'",
      "MATCHES 'o+'",
      "MATCHES '.ur$'",
      "IN ('allo', 'bonjour', 'salut')",
      "NOT IN (1, 2, 3)",
      "NOT IN ()",
    ],
    [
      "= 1",
      "= 2.5",
      "= true",
      "= false",
      "!= 'bonjour'",
      "NOT = 'bonjour'",
      "= 'salut'",
      "NOT != 'salut'",
      "< 'allo'",
      "> 'zut'",
      "<= 'allo'",
      ">= 'zut'",
      "= h'0a0b'",
      "= b'CgsM'",
      "NOT LIKE 'bon%'",
      "NOT LIKE 'bo_jo_r'",
      "NOT MATCHES 'o+'",
      "NOT MATCHES '.ur$'",
      "NOT IN ('allo', 'bonjour', 'salut')",
      "IN (1, 2, 3)",
      "IN ()",
    ],
  ],
  [
    "ip",
    [
      "ISSUBSET '172.16.7.200/22'",
      "NOT ISSUBSET '172.16.9.1/22'",
      "ISSUBSET '172.16.5.4'",
      "ISSUPERSET '172.16.5.4/32'",
    ],
    ["NOT ISSUBSET '172.16.7.200/22'", "ISSUBSET '172.16.9.1/22'", "ISSUPERSET '172.16.5.0/24'"],
  ],
  [
    "cidr",
    [
      "ISSUPERSET '172.16.6.9'",
      "ISSUPERSET '172.16.6.9/29'",
      "NOT ISSUPERSET '172.16.5.4/13'",
      "NOT ISSUPERSET '172.16.9.1/29'",
      "ISSUBSET '172.16.0.0/16'",
    ],
    [
      "NOT ISSUPERSET '172.16.6.9'",
      "NOT ISSUPERSET '172.16.6.9/29'",
      "ISSUPERSET '172.16.5.4/13'",
      "ISSUPERSET '172.16.9.1/29'",
      "ISSUBSET '172.16.5.0/24'",
    ],
  ],
];

describe("a t'..' literal against a string that is not a timestamp is an error, as in the reference matcher", () => {
  const set = prepareObservations(INPUT);
  for (const op of ["=", "!=", ">", "NOT <=", "IN ("]) {
    const pattern = `[x-probe:string ${op} ${TS}${op === "IN (" ? ")" : ""}]`;
    test(pattern, () => {
      const c = compilePattern(pattern);
      const at = pattern.indexOf("t'") + 1;
      for (const run of [() => c.matches(set), () => c.match(set)]) {
        assert.throws(run, (e: PatternError) => {
          assert.equal(e.code, "PATTERN_NOT_A_TIMESTAMP");
          assert.equal(e.issue.column, at);
          assert.match(e.message, /'bonjour' is compared with a timestamp literal/);
          return true;
        });
      }
    });
  }
});

describe("cross-type comparisons as the reference matcher behaves", () => {
  const set = prepareObservations(INPUT);
  for (const [prop, yes, no] of TABLE) {
    for (const [cases, expected] of [
      [yes, true],
      [no, false],
    ] as const) {
      for (const tail of cases) {
        const pattern = `[x-probe:${prop} ${tail}]`;
        test(`${expected ? "matches" : "does not match"}: ${pattern}`, () => {
          const c = compilePattern(pattern);
          assert.equal(c.matches(set), expected, "boolean path");
          assert.equal(c.match(set).matched, expected, "binding path");
        });
      }
    }
  }
});
