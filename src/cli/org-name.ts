import { closestName, findByName, t } from "../i18n/index.js";
import { type Organization, type Store, StoreError } from "../store/index.js";

/**
 * The organization a person named on the command line: its id, its exact name, or its name
 * written without accents or capitals ("Secretaria de Energia" for "Secretaría de Energía").
 * Two organizations matching loosely is an error naming both, never a guess.
 */
export async function resolveOrg(store: Store, name: string): Promise<Organization> {
  const exact = await store.directory.findOrganization(name);
  if (exact) return exact;
  const all = await store.directory.listOrganizations();
  const match = findByName(all, name, (o) => o.name);
  if (match.kind === "found") return match.item;
  if (match.kind === "ambiguous")
    throw new StoreError(
      "STORE_DUPLICATE",
      t("common:org.ambiguous", { name, names: match.items.map((o) => `"${o.name}" (${o.id})`).join(", ") }),
    );
  const suggestion = closestName(
    name,
    all.map((o) => o.name),
  );
  throw new StoreError(
    "STORE_NOT_FOUND",
    t("common:org.notFound", { name }) +
      (suggestion ? `; ${t("cli:export.didYouMean", { suggestion: `"${suggestion}"` })}` : ""),
  );
}

/** Organization names by id, for listings that show names rather than bare ids. */
export async function orgNames(store: Store): Promise<Map<string, string>> {
  return new Map((await store.directory.listOrganizations()).map((o) => [o.id, o.name]));
}
