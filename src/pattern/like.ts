/**
 * LIKE as the spec defines it (SQL LIKE): `%` matches any run of characters, `_` exactly one.
 * Matching is a greedy scan that backtracks only to the last `%`, so it takes at most
 * O(pattern × value) steps whatever the input — no regular expression is built. Both sides are
 * NFC-normalized and compared by Unicode code point, as the reference matcher does.
 *
 * Where we think the reference matcher is wrong: it turns LIKE into a Python regular expression
 * without DOTALL, so its `%` and `_` never match a line break. STIX 2.1 §9.4 defines `%` as
 * "zero or more characters" and `_` as "exactly one character", with no exception for line
 * breaks, so here they match any character.
 */

/** A compiled LIKE operand. */
export type LikeMatcher = (value: string) => boolean;

/** Compiles a LIKE operand into a matcher function. */
export function compileLike(pattern: string): LikeMatcher {
  const text = pattern.normalize("NFC");
  const n = text.length;
  // Fast shapes: exact, prefix%, %suffix, %infix% (both wildcards are ASCII, so code units do).
  let wild = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 37 || c === 95) wild++;
  }
  if (wild === 0) return (value) => value.normalize("NFC") === text;
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(n - 1);
  if (wild === 1 && last === 37) {
    const prefix = text.slice(0, -1);
    return (value) => value.normalize("NFC").startsWith(prefix);
  }
  if (wild === 1 && first === 37) {
    const suffix = text.slice(1);
    return (value) => value.normalize("NFC").endsWith(suffix);
  }
  if (wild === 2 && n >= 2 && first === 37 && last === 37) {
    const infix = text.slice(1, -1);
    return (value) => value.normalize("NFC").includes(infix);
  }
  return likeScanner(Array.from(text));
}

/** The general case: `_` is one code point, so both sides are scanned as code point arrays. */
function likeScanner(p: string[]): LikeMatcher {
  return (value) => likeScan(p, Array.from(value.normalize("NFC")));
}

function likeScan(p: string[], v: string[]): boolean {
  let pi = 0;
  let vi = 0;
  let starP = -1;
  let starV = 0;
  while (vi < v.length) {
    const pc = p[pi];
    if (pc !== undefined && pc !== "%" && (pc === "_" || pc === v[vi])) {
      pi++;
      vi++;
    } else if (pc === "%") {
      starP = pi++;
      starV = vi;
    } else if (starP >= 0) {
      pi = starP + 1;
      vi = ++starV;
    } else return false;
  }
  while (p[pi] === "%") pi++;
  return pi === p.length;
}
