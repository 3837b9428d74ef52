import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import en from "./en.json";
import es from "./es.json";

/**
 * The console's languages: Spanish (Mexico) by default, English by the switch in the header,
 * remembered in localStorage. Every visible string comes from es.json / en.json (flat keys;
 * catalogs.test.ts fails when a key is missing in either). Dates and numbers go through Intl in
 * the locale of the chosen language.
 */

/** The languages of the console. */
export const LANGUAGES = ["es", "en"] as const;
/** One language. */
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = "centinela.lang";

function storedLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "es";
  } catch {
    return "es";
  }
}

/** The Intl locale of a language: es-MX for Spanish; the browser's English, else en-US. */
export function localeOf(language: string): string {
  if (language === "en") {
    const nav = typeof navigator !== "undefined" ? navigator.language : "";
    return nav.startsWith("en") ? nav : "en-US";
  }
  return "es-MX";
}

/** Switches the language, remembers it, and sets <html lang>. */
export async function setLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // Private mode without storage: the switch lasts this visit.
  }
  await i18next.changeLanguage(language);
  document.documentElement.lang = localeOf(language);
}

/** Initializes i18next with both catalogs. */
export function initI18n(): typeof i18next {
  const lng = storedLanguage();
  void i18next.use(initReactI18next).init({
    resources: { es: { translation: es }, en: { translation: en } },
    lng,
    fallbackLng: false,
    keySeparator: false,
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  });
  document.documentElement.lang = localeOf(lng);
  return i18next;
}
