/**
 * i18n: the product's two languages, Spanish (Mexico, the default) and English. Message
 * catalogs as i18next JSON under locales/<lang>/<namespace>.json (shared with the web console),
 * typed keys, the reader's language from LC_ALL/LC_MESSAGES/LANG or Accept-Language, numbers,
 * dates and lists per locale, and names as people write them (accents, states). Depends on nothing.
 */
export { CATALOGS, type MessageKey, type Namespace, type Tree } from "./catalog.js";
export { formatDate, formatList, formatNumber } from "./format.js";
export {
  DEFAULT_LOCALE,
  LOCALES,
  type Locale,
  localeFromAcceptLanguage,
  localeFromEnv,
  matchLocale,
} from "./locale.js";
export { type LocalizedMessage, localize, messageIn } from "./localized-error.js";
export { MX_STATES, type MxState, parseMxState } from "./mx-states.js";
export { closestName, findByName, foldText, type NameMatch } from "./text.js";
export {
  getLocale,
  type MessageVars,
  messageFor,
  setLocale,
  type Translate,
  t,
  translator,
  withLocale,
} from "./translate.js";
