import { formatList, getLocale, t } from "../i18n/index.js";
import type { Dependent } from "../store/index.js";

/** What depends on a collection or an organization, as one phrase of the user's language. */
export function dependentsPhrase(list: readonly Dependent[]): string {
  return formatList(
    list.map((d) => {
      const more = d.count > d.names.length ? ", …" : "";
      return t(`removal:what.${d.what}`, { count: d.count, names: `${d.names.join(", ")}${more}` });
    }),
    getLocale(),
    "and",
  );
}
