import type { EcosystemOrdering } from "../contract.js";

/**
 * Composer's ordering (Packagist): the version normalized as Composer's VersionParser does — a
 * leading "v" dropped, up to four numbers padded with zeros (7.30.6 is 7.30.6.0), a stability
 * suffix (alpha/a, beta/b, RC, patch/pl/p, each with an optional number) and "-dev" — and ordered
 * as PHP's version_compare orders the normalized form: dev < alpha < beta < RC < stable < patch.
 * Branch names ("dev-main") are not versions and do not parse.
 */

/** A Composer version: four numbers, the stability's rank and its number. */
export interface ComposerVersion {
  numbers: readonly bigint[];
  stability: number;
  stabilityNumber: bigint;
}

const STABILITY: Record<string, number> = {
  dev: 0,
  alpha: 1,
  a: 1,
  beta: 2,
  b: 2,
  rc: 3,
  stable: 4,
  patch: 5,
  pl: 5,
  p: 5,
};

const VERSION =
  /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:\.(\d+))?(?:[._-]?(stable|beta|b|rc|alpha|a|patch|pl|p)[._-]?(\d+)?)?([._-]?dev)?$/i;

function cmp(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The Composer ordering. */
export const composerOrdering: EcosystemOrdering<ComposerVersion> = {
  name: "Composer",
  parse(text) {
    const m = VERSION.exec(text.trim().replace(/\+.*$/, ""));
    if (!m) return null;
    const numbers = [1, 2, 3, 4].map((i) => BigInt(m[i] ?? "0"));
    const suffix = m[5]?.toLowerCase();
    // "1.0.0-dev" is before every other 1.0.0; "1.0.0-beta2-dev" before 1.0.0-beta2.
    let stability = suffix ? (STABILITY[suffix] as number) : STABILITY.stable;
    // Doubled so that a "-dev" of beta2 can sit just below beta2 and above beta1.
    let stabilityNumber = BigInt(m[6] ?? "0") * 2n;
    if (m[7]) {
      if (suffix) stabilityNumber -= 1n;
      else stability = STABILITY.dev as number;
    }
    return { numbers, stability: stability as number, stabilityNumber };
  },
  compare(a, b) {
    for (let i = 0; i < 4; i++) {
      const c = cmp(a.numbers[i] as bigint, b.numbers[i] as bigint);
      if (c !== 0) return c;
    }
    return a.stability - b.stability || cmp(a.stabilityNumber, b.stabilityNumber);
  },
};
