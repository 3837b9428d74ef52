import i18next, { type i18n } from "i18next";
import { CATALOGS, type MessageKey, type Tree } from "./catalog.js";
import { DEFAULT_LOCALE, LOCALES, type Locale, localeFromEnv } from "./locale.js";

/** Values a message interpolates; `count` also picks the plural form. */
export type MessageVars = Record<string, unknown> & { count?: number };

/** Renders one message in one language. */
export type Translate = (key: MessageKey, vars?: MessageVars) => string;

/**
 * Spanish has a "many" plural form (1,000,000 objetos): where a catalog gives only `_other`,
 * `_many` is that same text, so a writer of messages adds `_one` and `_other` as in English.
 */
function withManyForms(tree: Tree): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    out[key] = typeof value === "string" ? value : withManyForms(value);
    if (typeof value === "string" && key.endsWith("_other")) {
      const many = `${key.slice(0, -"_other".length)}_many`;
      if (!(many in tree)) out[many] = value;
    }
  }
  return out;
}

const instance: i18n = i18next.createInstance();
void instance.init({
  initAsync: false,
  showSupportNotice: false,
  lng: DEFAULT_LOCALE,
  supportedLngs: [...LOCALES],
  // A key missing in one language is a failing test (catalog.test.ts), never a silent fallback.
  fallbackLng: false,
  ns: Object.keys(CATALOGS[DEFAULT_LOCALE]),
  defaultNS: "common",
  resources: Object.fromEntries(
    LOCALES.map((locale) => [
      locale,
      Object.fromEntries(Object.entries(CATALOGS[locale]).map(([ns, tree]) => [ns, withManyForms(tree)])),
    ]),
  ),
  // Terminal text and JSON, not HTML: whoever renders into HTML escapes there.
  interpolation: { escapeValue: false },
  returnNull: false,
});

let current: Locale = localeFromEnv();

/** The language of this process's messages (the CLI's, from LC_ALL/LC_MESSAGES/LANG at start). */
export function getLocale(): Locale {
  return current;
}

/** Sets the language of this process's messages; the CLI calls it once from the environment. */
export function setLocale(locale: Locale): void {
  current = locale;
}

/** A message in the process's language: `t("cli:import.summary.read", { count: 3 })`. */
export function t(key: MessageKey, vars?: MessageVars): string {
  return instance.t(key, { ...vars, lng: current }) as string;
}

/** A translate function fixed to one language, for an HTTP request's Accept-Language. */
export function translator(locale: Locale): Translate {
  return (key, vars) => instance.t(key, { ...vars, lng: locale }) as string;
}
