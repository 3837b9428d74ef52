import { useTranslation } from "react-i18next";
import { localeOf } from "./i18n/index.ts";

/** Number and date formatters in the locale of the chosen language (Intl, never by hand). */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = localeOf(i18n.language);
  const number = new Intl.NumberFormat(locale);
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "medium" });
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  return {
    locale,
    number: (n: number) => number.format(n),
    /** A YYYY-MM-DD day, shown as that calendar day whatever the time zone. */
    day: (d: string) => date.format(new Date(`${d.slice(0, 10)}T12:00:00Z`)),
    dateTime: (d: string) => dateTime.format(new Date(d)),
  };
}
