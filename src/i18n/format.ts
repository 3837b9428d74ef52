import type { Locale } from "./locale.js";
import { getLocale } from "./translate.js";

/** A whole or decimal number as the reader writes it (12,962 in both es-MX and en). */
export function formatNumber(value: number, locale: Locale = getLocale(), options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value);
}

/** A date (and time when `withTime`) as the reader writes it: "3 dic 2026, 08:01" or "Dec 3, 2026, 08:01". */
export function formatDate(value: Date | string, locale: Locale = getLocale(), withTime = false): string {
  const date = typeof value === "string" ? new Date(value) : value;
  return new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    ...(withTime ? { timeStyle: "short", hourCycle: "h23" } : {}),
    timeZone: "UTC",
  }).format(date);
}

/** A list joined as the reader writes it: "low, medium, high o critical" / "low, medium, high or critical". */
export function formatList(items: readonly string[], locale: Locale = getLocale(), type: "or" | "and" = "or"): string {
  return new Intl.ListFormat(locale, { type: type === "or" ? "disjunction" : "conjunction" }).format(items);
}
