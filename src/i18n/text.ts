/**
 * Names as people type them: "Secretaria de Energia" for "Secretaría de Energía", "CFE  occidente"
 * for "CFE Occidente". Comparison only; the stored name keeps its accents.
 */

/** `text` without accents, case or repeated spaces, for comparing names. */
export function foldText(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
}

/** What looking a name up among records found. */
export type NameMatch<T> = { kind: "found"; item: T } | { kind: "none" } | { kind: "ambiguous"; items: T[] };

/**
 * Finds the record whose name is `wanted`: the exact name first, else the one name equal once
 * case and accents are set aside; two such names are "ambiguous" rather than a guess.
 */
export function findByName<T>(items: readonly T[], wanted: string, nameOf: (item: T) => string): NameMatch<T> {
  const exact = items.filter((item) => nameOf(item) === wanted);
  if (exact.length === 1) return { kind: "found", item: exact[0] as T };
  const key = foldText(wanted);
  const loose = exact.length > 1 ? exact : items.filter((item) => foldText(nameOf(item)) === key);
  if (loose.length === 0) return { kind: "none" };
  if (loose.length === 1) return { kind: "found", item: loose[0] as T };
  return { kind: "ambiguous", items: loose };
}

/** Edits (insert, delete, replace) between two short strings. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++)
      row[j] = Math.min(
        (previous[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = row;
  }
  return previous[b.length] as number;
}

/** The candidate a mistyped `wanted` most likely meant ("indicatr" → "indicator"), or null when none is close. */
export function closestName(wanted: string, candidates: readonly string[]): string | null {
  const key = foldText(wanted);
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.min(3, Math.floor(key.length / 3)));
  for (const candidate of candidates) {
    const d = distance(key, foldText(candidate));
    if (d <= bestDistance && (best === null || d < bestDistance)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
