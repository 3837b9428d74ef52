/**
 * Search terms of a STIX object version, written to `object_terms` at ingest (and by migration 7
 * for stores filled before it), so that a search by value, name or external id is one range
 * scan of an index instead of a look into every object's JSON:
 *
 *   values     pattern string literals (`[ipv4-addr:value = '203.0.113.7']` → 203.0.113.7), and
 *              the host of a URL literal; SCO `value`, file `hashes`
 *   names      `name`, `aliases`, `x_mitre_aliases`, and each word of three letters or more of them
 *   ids        `external_references[].external_id` (T1059.001, CVE-2021-44228)
 *   references the STIX ids in top-level `*_ref` / `*_refs` (a report's object_refs, a sighting's
 *              sighting_of_ref), so "who mentions X" is a search for X's id; markings and
 *              created_by_ref are left out (every object has them, and nobody searches them)
 *
 * Terms are folded (lower case, accents removed, trimmed) the same way as a search text, and cut
 * at MAX_TERM characters: a longer value still matches by its beginning.
 */

/** Longest stored term; a longer value is cut, and found by a search for its beginning. */
export const MAX_TERM = 200;
/** Most terms one object version gets (a report listing more references keeps the first ones). */
export const MAX_TERMS_PER_OBJECT = 5000;
/** Shortest word of a name indexed on its own. */
const MIN_WORD = 3;

const LITERAL = /(?<![A-Za-z0-9_.])'((?:[^'\\]|\\.)*)'/g;
const WORD_SPLIT = /[^\p{L}\p{N}]+/u;
const MARKS = /\p{M}+/gu;
// PostgreSQL text holds no NUL, and U+10FFFF is the top of a prefix range (termRange).
const DROPPED = /[\u0000-\u001f\u007f\u{10FFFF}]+/gu;
const SKIPPED_REFS = new Set(["created_by_ref", "object_marking_refs"]);
const STIX_ID = /^[a-z0-9-]+--[0-9a-f-]{36}$/;

/** Printable ASCII only: nothing to decompose, no marks and no control characters to remove. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** A text folded as terms are: NFD, marks and control characters removed, lower case, trimmed, cut at MAX_TERM. */
export function foldTerm(text: string): string {
  // Most terms (addresses, hashes, ids) are printable ASCII, where NFD and both removals change
  // nothing: skipping them is a third of the import's term extraction.
  const folded = PRINTABLE_ASCII.test(text)
    ? text.toLowerCase().trim()
    : text.normalize("NFD").replace(MARKS, "").replace(DROPPED, "").toLowerCase().trim();
  return folded.length > MAX_TERM ? folded.slice(0, MAX_TERM) : folded;
}

/** The string literals of a STIX pattern, unescaped; timestamp, hex and binary literals left out. */
export function patternLiterals(pattern: string): string[] {
  const out: string[] = [];
  for (const m of pattern.matchAll(LITERAL)) out.push((m[1] as string).replace(/\\(.)/g, "$1"));
  return out;
}

/** The host of a URL-looking text, or null. */
function urlHost(text: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return null;
  try {
    return new URL(text).hostname || null;
  } catch {
    return null;
  }
}

/** The distinct folded terms of one object's JSON text (none for a text that is not an object). */
export function extractTerms(raw: string): string[] {
  let object: unknown;
  try {
    object = JSON.parse(raw);
  } catch {
    return [];
  }
  return termsOf(object);
}

/** The distinct folded terms of a parsed object (none for a value that is not an object). */
export function termsOf(object: unknown): string[] {
  if (object === null || typeof object !== "object" || Array.isArray(object)) return [];
  const o = object as Record<string, unknown>;
  const terms = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value !== "string" || terms.size >= MAX_TERMS_PER_OBJECT) return;
    const term = foldTerm(value);
    if (term !== "") terms.add(term);
  };
  const addName = (value: unknown) => {
    if (typeof value !== "string") return;
    add(value);
    const words = foldTerm(value).split(WORD_SPLIT);
    if (words.length > 1) for (const word of words) if (word.length >= MIN_WORD) add(word);
  };

  if (typeof o.pattern === "string") {
    for (const literal of patternLiterals(o.pattern)) {
      add(literal);
      add(urlHost(literal));
    }
  }
  add(o.value);
  add(urlHost(typeof o.value === "string" ? o.value : ""));
  if (o.hashes && typeof o.hashes === "object") for (const h of Object.values(o.hashes)) add(h);
  addName(o.name);
  for (const key of ["aliases", "x_mitre_aliases"]) if (Array.isArray(o[key])) for (const a of o[key]) addName(a);
  if (Array.isArray(o.external_references)) {
    for (const ref of o.external_references) {
      if (ref && typeof ref === "object") add((ref as Record<string, unknown>).external_id);
    }
  }
  for (const [key, value] of Object.entries(o)) {
    if (SKIPPED_REFS.has(key)) continue;
    if (key.endsWith("_ref") && typeof value === "string" && STIX_ID.test(value)) add(value);
    else if (key.endsWith("_refs") && Array.isArray(value)) {
      for (const ref of value) if (typeof ref === "string" && STIX_ID.test(ref)) add(ref);
    }
  }
  return [...terms];
}

/**
 * The range of stored terms a search text matches: exactly the folded text, or every term that
 * begins with it. Terms compare as bytes (binary collation on both databases), and no term holds
 * U+10FFFF, so `[text, text + U+10FFFF)` is exactly the terms with that beginning.
 */
export function termRange(text: string, match: "exact" | "prefix"): { from: string; to: string | null } {
  const term = foldTerm(text);
  return match === "exact" ? { from: term, to: null } : { from: term, to: `${term}\u{10FFFF}` };
}
