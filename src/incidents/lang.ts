import { type Locale, messageFor } from "../i18n/index.js";

/**
 * Texts that are data rather than messages (stage names, rules, report labels) come in both
 * languages side by side; `textIn` picks one for a locale.
 */

/** A language Centinela speaks, as report data is keyed. */
export type Lang = "es" | "en";

/** A text in both languages. */
export interface Text {
  es: string;
  en: string;
}

/** The report language of a locale. */
export function langOf(locale: Locale): Lang {
  return locale === "en" ? "en" : "es";
}

/** `text` in the language of `locale`. */
export function textIn(text: Text, locale: Locale): string {
  return text[langOf(locale)];
}

/**
 * A sector's name in `lang` ("energy" → "energía"), from the same catalog the exposure pages and
 * the action list use (exposure:sector); a sector outside it is shown as it is stored.
 */
export function sectorName(sector: string, lang: Lang): string {
  return messageFor(`exposure:sector.${sector}`, lang === "en" ? "en" : "es-MX") ?? sector;
}
