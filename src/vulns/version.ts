/**
 * Version comparison for NVD ranges (versionStartIncluding and the three other bounds). Vendors
 * write versions many ways (17.3.8a, 6.6.1p1, 2.0.0-rc1, 7.4.0.1570), so a version is read as a
 * run of tokens: digit runs compare as numbers, letter runs as words, separators (. - _ + ~ and
 * the like) only split. Pre-release words (alpha, beta, rc, pre, preview, dev, snapshot) sort
 * before the release they precede; any other trailing word (the "a" of 17.3.8a, the "p" of
 * 6.6.1p1) sorts after it, as those vendors mean a later build.
 */

const PRERELEASE = new Set(["alpha", "beta", "rc", "pre", "preview", "dev", "snapshot", "milestone", "cr", "ea"]);

type Token = string | number;

const cache = new Map<string, Token[]>();
const CACHE_LIMIT = 50_000;

/** The tokens of a version string (cached: inventories repeat the same versions). */
function tokens(version: string): Token[] {
  const hit = cache.get(version);
  if (hit) return hit;
  const out: Token[] = [];
  const text = version.toLowerCase();
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
      const digits = text.slice(i, j).replace(/^0+(?=\d)/, "");
      out.push(digits.length <= 15 ? Number(digits) : digits);
      i = j;
    } else if (c >= 97 && c <= 122) {
      let j = i;
      while (j < text.length && text.charCodeAt(j) >= 97 && text.charCodeAt(j) <= 122) j++;
      out.push(text.slice(i, j));
      i = j;
    } else {
      i++;
    }
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(version, out);
  return out;
}

function isNumeric(t: Token): boolean {
  return typeof t === "number" || /^\d+$/.test(t);
}

function compareNumbers(a: Token, b: Token): number {
  if (typeof a === "number" && typeof b === "number") return a === b ? 0 : a < b ? -1 : 1;
  const x = String(a);
  const y = String(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x === y ? 0 : x < y ? -1 : 1;
}

/** Sign of a lone token left over when the other version has run out: the effect of having it. */
function tailSign(t: Token): number {
  if (isNumeric(t)) return t === 0 ? 0 : 1;
  return PRERELEASE.has(t as string) ? -1 : 1;
}

/** Compares two versions: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const x = tokens(a);
  const y = tokens(b);
  const n = Math.max(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const p = x[i];
    const q = y[i];
    if (p === undefined || q === undefined) {
      // One side ran out: trailing zeros do not count, a pre-release word lowers, anything else raises.
      const rest = p === undefined ? y.slice(i) : x.slice(i);
      let sign = 0;
      for (const t of rest) {
        sign = tailSign(t);
        if (sign !== 0) break;
      }
      return p === undefined ? 0 - sign || 0 : sign;
    }
    const pn = isNumeric(p);
    const qn = isNumeric(q);
    if (pn && qn) {
      const c = compareNumbers(p, q);
      if (c !== 0) return c;
    } else if (!pn && !qn) {
      const pp = PRERELEASE.has(p as string);
      const qp = PRERELEASE.has(q as string);
      if (pp !== qp) return pp ? -1 : 1;
      if (p !== q) return (p as string) < (q as string) ? -1 : 1;
    } else {
      // A number against a word: the number sorts higher (1.0.1 > 1.0a, 1.0.1 > 1.0.rc1).
      return pn ? 1 : -1;
    }
  }
  return 0;
}

/** The four NVD range bounds of a cpeMatch criterion; absent bounds are undefined. */
export interface VersionRange {
  versionStartIncluding?: string;
  versionStartExcluding?: string;
  versionEndIncluding?: string;
  versionEndExcluding?: string;
}

/** True when the range has at least one bound. */
export function hasBounds(range: VersionRange): boolean {
  return (
    range.versionStartIncluding !== undefined ||
    range.versionStartExcluding !== undefined ||
    range.versionEndIncluding !== undefined ||
    range.versionEndExcluding !== undefined
  );
}

/** True when `version` lies within every bound of `range`. */
export function inRange(version: string, range: VersionRange): boolean {
  if (range.versionStartIncluding !== undefined && compareVersions(version, range.versionStartIncluding) < 0)
    return false;
  if (range.versionStartExcluding !== undefined && compareVersions(version, range.versionStartExcluding) <= 0)
    return false;
  if (range.versionEndIncluding !== undefined && compareVersions(version, range.versionEndIncluding) > 0) return false;
  if (range.versionEndExcluding !== undefined && compareVersions(version, range.versionEndExcluding) >= 0) return false;
  return true;
}

/** The range as text for explanations: "≥ 17.3, < 17.3.8a". */
export function describeRange(range: VersionRange): string {
  const parts: string[] = [];
  if (range.versionStartIncluding !== undefined) parts.push(`>= ${range.versionStartIncluding}`);
  if (range.versionStartExcluding !== undefined) parts.push(`> ${range.versionStartExcluding}`);
  if (range.versionEndIncluding !== undefined) parts.push(`<= ${range.versionEndIncluding}`);
  if (range.versionEndExcluding !== undefined) parts.push(`< ${range.versionEndExcluding}`);
  return parts.join(", ");
}
