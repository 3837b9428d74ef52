import { closestName, MX_STATES, t } from "../i18n/index.js";

/**
 * What to say about an option value that is not one of a fixed set, or not a state: the rule,
 * and the value the person most likely meant ("energia" → energy, "Jalisc" → Jalisco).
 */

/** `; ¿quiso decir X?` for the closest candidate, or "" when none is close. */
export function didYouMean(value: string, candidates: readonly string[]): string {
  const suggestion = closestName(value, candidates);
  return suggestion ? `; ${t("commandLine:didYouMean", { suggestion })}` : "";
}

/** "--sector debe ser uno de: …; no "energia"; ¿quiso decir energy?" */
export function notOneOf(option: string, value: string, allowed: readonly string[]): string {
  return t("common:value.oneOf", { name: option, allowed: allowed.join(", "), value }) + didYouMean(value, allowed);
}

/** "--state: "Jalisc" no es un estado de México; …; ¿quiso decir Jalisco?" */
export function notAState(option: string, value: string): string {
  const names = [...Object.values(MX_STATES), ...Object.keys(MX_STATES)];
  return t("common:state.unknown", { name: option, value }) + didYouMean(value, names);
}
