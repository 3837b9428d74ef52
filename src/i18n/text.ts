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
