/**
 * Which language a person reads: from the POSIX locale variables for the command line, from
 * Accept-Language over HTTP. Spanish (Mexico) is the product's language unless one asks for English.
 */

/** The languages Centinela speaks. */
export const LOCALES = ["es-MX", "en"] as const;

/** One of the languages Centinela speaks. */
export type Locale = (typeof LOCALES)[number];

/** The product's own language, used when nothing names another. */
export const DEFAULT_LOCALE: Locale = "es-MX";

/** The locale a language tag or POSIX locale name falls into ("en_US.UTF-8", "es-419", "EN"), or null. */
export function matchLocale(tag: string | undefined): Locale | null {
  if (!tag) return null;
  const lang = /^([a-z]{2,3})(?:[-_@.]|$)/i.exec(tag.trim())?.[1]?.toLowerCase();
  if (lang === "es") return "es-MX";
  if (lang === "en") return "en";
  return null;
}

/**
 * The command line's language: the first of LC_ALL, LC_MESSAGES and LANG that is set (POSIX
 * order) decides; "C", "POSIX" or a language we do not speak means the default, Spanish.
 */
export function localeFromEnv(env: Record<string, string | undefined> = process.env): Locale {
  const first = env.LC_ALL || env.LC_MESSAGES || env.LANG;
  return matchLocale(first) ?? DEFAULT_LOCALE;
}

/**
 * The language of an HTTP answer from Accept-Language ("en-US,en;q=0.9,es;q=0.5"): the spoken
 * locale with the highest q (earliest on a tie); the default when none is spoken or the header is absent.
 */
export function localeFromAcceptLanguage(header: string | string[] | undefined): Locale {
  const text = Array.isArray(header) ? header.join(",") : header;
  if (!text) return DEFAULT_LOCALE;
  let best: Locale | null = null;
  let bestQ = 0;
  for (const part of text.split(",")) {
    const [tag, ...params] = part.trim().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (!Number.isFinite(q) || q <= bestQ) continue;
    const locale = tag === "*" ? DEFAULT_LOCALE : matchLocale(tag);
    if (locale === null) continue;
    best = locale;
    bestQ = q;
  }
  return best ?? DEFAULT_LOCALE;
}
