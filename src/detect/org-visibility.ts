import type { AccessContext, Store } from "../store/index.js";
import type { Alert } from "./engine.js";
import { SYSTEM_READER } from "./load.js";

/**
 * Which indicator alerts may become an organization's alerts and sightings. The index holds every
 * indicator (one index serves every organization, and a local `scan` is the operator's), but an
 * alert kept for an organization names its indicator and value to that organization's members:
 * an AMBER, AMBER+STRICT or RED indicator of another organization that was not shared with it
 * would leak through its alerts, its sighting (`sighting_of_ref`) or the API's summary. So an
 * indicator counts for organization A when A's members may read its last version (the store's
 * own TLP rule), when A produced it, or when no organization did (the operator's own
 * intelligence, imported locally: detection on the organizations' traffic is what it is for).
 * Decided per indicator id, in at most two reads per 500 ids, and remembered for the life of
 * one checker (one scan, one request, one writer batch), so an alert storm costs nothing more.
 */
export interface OrgVisibility {
  /** The alerts whose indicator counts for the organization, and how many were withheld. */
  filter(alerts: readonly Alert[]): Promise<{ kept: Alert[]; withheld: number }>;
}

const CHUNK = 500;

export function orgVisibility(store: Store, orgId: string): OrgVisibility {
  const member: AccessContext = { kind: "member", orgId, userId: null };
  const decided = new Map<string, boolean>();
  const decide = async (ids: string[]) => {
    for (let i = 0; i < ids.length; i += CHUNK) {
      const slice = ids.slice(i, i + CHUNK);
      const [all, visible] = await Promise.all([
        store.queryObjects(SYSTEM_READER, { ids: slice, versions: ["last"] }, { limit: slice.length + 1 }),
        store.queryObjects(member, { ids: slice, versions: ["last"] }, { limit: slice.length + 1 }),
      ]);
      const readable = new Set(visible.objects.map((o) => o.id));
      for (const id of slice) decided.set(id, readable.has(id));
      for (const o of all.objects) if (o.producerOrg === null || o.producerOrg === orgId) decided.set(o.id, true);
    }
  };
  return {
    async filter(alerts) {
      const unknown = [...new Set(alerts.map((a) => a.indicator_id))].filter((id) => !decided.has(id));
      if (unknown.length > 0) await decide(unknown.sort());
      const kept = alerts.filter((a) => decided.get(a.indicator_id) === true);
      return { kept, withheld: alerts.length - kept.length };
    },
  };
}
