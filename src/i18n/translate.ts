import { AsyncLocalStorage } from "node:async_hooks";
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
/** The language of the work in progress when it is not the process's: an HTTP request's. */
const scoped = new AsyncLocalStorage<Locale>();

/**
 * The language of this process's messages (the CLI's, from LC_ALL/LC_MESSAGES/LANG at start), or,
 * inside `withLocale`, the language of the request being answered.
 */
export function getLocale(): Locale {
  return scoped.getStore() ?? current;
}

/** Sets the language of this process's messages; the CLI calls it once from the environment. */
export function setLocale(locale: Locale): void {
  current = locale;
}

/**
 * Runs `fn` (and everything it starts, awaited or not) with `locale` as the language of `t` and
 * `getLocale`: the HTTP host runs each request in its Accept-Language, so every message made
 * while answering it — a module's error, a validation reason stored in a TAXII status — is in
 * the caller's language, while other requests and the process keep theirs.
 */
export function withLocale<R>(locale: Locale, fn: () => R): R {
  return scoped.run(locale, fn);
}

/** A message in the current language (the request's inside `withLocale`, else the process's): `t("cli:import.summary.read", { count: 3 })`. */
export function t(key: MessageKey, vars?: MessageVars): string {
  return instance.t(key, { ...vars, lng: getLocale() }) as string;
}

/**
 * The message of a key made at run time (an error code's title) in `locale`, or undefined when
 * the catalogs have no such message; typed keys go through `t` or `translator`.
 */
export function messageFor(key: string, locale: Locale, vars?: MessageVars): string | undefined {
  return instance.exists(key, { lng: locale }) ? (instance.t(key, { ...vars, lng: locale }) as string) : undefined;
}

/** A translate function fixed to one language, for an HTTP request's Accept-Language. */
export function translator(locale: Locale): Translate {
  return (key, vars) => instance.t(key, { ...vars, lng: locale }) as string;
}
