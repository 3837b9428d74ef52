import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EcosystemOrdering } from "./contract.js";

/**
 * The case suite every ecosystem ordering passes: each ecosystem's test gives its own versions,
 * and the same checks run on all — the order is the one given, total and consistent (antisymmetric,
 * transitive over every pair), equal spellings compare equal, and what is not a version does not
 * parse.
 */

/** One ecosystem's cases. */
export interface OrderingCases {
  /** Versions strictly ascending. */
  ascending: string[];
  /** Pairs that name the same version. */
  equal: [string, string][];
  /** Texts that are not versions. */
  invalid: string[];
}

/** Runs the shared suite on one ordering. */
export function runOrderingCases(ordering: EcosystemOrdering, cases: OrderingCases): void {
  const parse = (text: string) => {
    const v = ordering.parse(text);
    assert.notEqual(v, null, `${ordering.name}: "${text}" should parse`);
    return v;
  };
  const sign = (a: string, b: string) => Math.sign(ordering.compare(parse(a), parse(b)));

  describe(`${ordering.name} ordering (shared cases)`, () => {
    it("orders the versions as given, every pair both ways", () => {
      const { ascending } = cases;
      for (let i = 0; i < ascending.length; i++) {
        for (let j = 0; j < ascending.length; j++) {
          const a = ascending[i] as string;
          const b = ascending[j] as string;
          assert.equal(sign(a, b), Math.sign(i - j), `${a} vs ${b}`);
        }
      }
    });

    it("compares equal spellings as equal, and alike against the others", () => {
      for (const [a, b] of cases.equal) {
        assert.equal(sign(a, b), 0, `${a} = ${b}`);
        for (const other of cases.ascending) assert.equal(sign(a, other), sign(b, other), `${a}/${b} vs ${other}`);
      }
    });

    it("does not read what is not a version", () => {
      for (const text of cases.invalid) assert.equal(ordering.parse(text), null, `"${text}"`);
    });
  });
}
