import { foldText } from "../i18n/index.js";
import { type AccessContext, MAX_PAGE_LIMIT, type Store } from "../store/index.js";
import { IncidentError, suggest } from "./errors.js";
import type { ActorRef } from "./types.js";

/**
 * Threat actors to attribute incidents to, from the store: the `threat-actor` and `intrusion-set`
 * objects the reader may read (a MISP galaxy or ATT&CK imported with `centinela import`), by name
 * or alias, any case or accents. The incident then points at the stored object's own id.
 */

/** The stored actor `name` names; throws INCIDENT_ACTOR_NOT_STORED with the nearest name. */
export async function findStoredActor(store: Store, reader: AccessContext, name: string): Promise<ActorRef> {
  const wanted = foldText(name);
  const names: string[] = [];
  let after: string | null = null;
  do {
    const page = await store.queryObjects(
      reader,
      { types: ["threat-actor", "intrusion-set"] },
      { limit: MAX_PAGE_LIMIT, after },
    );
    for (const stored of page.objects) {
      const o = JSON.parse(stored.raw) as { id: string; name?: string; aliases?: unknown; description?: string };
      if (typeof o.name !== "string") continue;
      const aliases = Array.isArray(o.aliases) ? o.aliases.filter((a): a is string => typeof a === "string") : [];
      if ([o.name, ...aliases].some((n) => foldText(n) === wanted))
        return { id: o.id, name: o.name, aliases, description: o.description ?? null, source: "store" };
      names.push(o.name);
    }
    after = page.next;
  } while (after);
  throw new IncidentError("INCIDENT_ACTOR_NOT_STORED", { value: name, suggestion: suggest(name, names) });
}
