import type { MessageKey } from "./catalog.js";
import type { Locale } from "./locale.js";
import { type MessageVars, t, translator } from "./translate.js";

/** The catalog key (and values) an error's message was rendered from, kept so it can be rendered again in another language. */
export interface LocalizedMessage {
  key: MessageKey;
  vars?: MessageVars;
}

const MESSAGE = Symbol.for("centinela.i18n.message");

/**
 * Renders `key` in the process's language as the error's message and remembers the key, so an
 * HTTP error handler can answer in the request's language with `messageIn(error, locale)`.
 */
export function localize<E extends Error>(error: E, key: MessageKey, vars?: MessageVars): E {
  error.message = t(key, vars);
  (error as unknown as Record<symbol, LocalizedMessage>)[MESSAGE] = { key, vars };
  return error;
}

/** The error's message in `locale` when it came from the catalogs, else its message as it is. */
export function messageIn(error: unknown, locale: Locale): string {
  if (!(error instanceof Error)) return String(error);
  const source = (error as unknown as Record<symbol, LocalizedMessage | undefined>)[MESSAGE];
  return source ? translator(locale)(source.key, source.vars) : error.message;
}
