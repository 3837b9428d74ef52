import { type ImportSummary, importItems } from "../ingest/index.js";
import {
  CENTINELA_STIX_NAMESPACE,
  organizationIdentityId,
  type StixObject,
  TLP_LEVELS,
  TLP_MARKING_IDS,
  type TlpLevel,
  uuidV5,
} from "../stix/index.js";
import type { Store } from "../store/index.js";
import type { Alert } from "./engine.js";
import { SYSTEM_READER } from "./load.js";

/**
 * Matches become STIX sightings: one `sighting` per (indicator, organization), whose `count`,
 * `first_seen` and `last_seen` are those of the distinct events recorded for it (the store's
 * sightings area keeps each event's identity, so scanning the same logs twice adds nothing).
 * A sighting is a new version only when its count changed; it is produced by the organization
 * and marked with its TLP, so TAXII and the API show it only to whom that TLP allows.
 */

/** The sighting id of an indicator at an organization. */
export function sightingId(orgId: string, indicatorId: string): string {
  return `sighting--${uuidV5(CENTINELA_STIX_NAMESPACE, `sighting|${orgId}|${indicatorId}`)}`;
}

/** What recording one batch of alerts did. */
export interface SightingsWritten {
  /** Events in the batch. */
  events: number;
  /** Events not recorded before. */
  newEvents: number;
  /** Sightings written (new, or a new version with a higher count). */
  sightings: number;
  ingest: ImportSummary;
}

/** The organization the events happened at. */
export interface SightingOrg {
  id: string;
  tlp: TlpLevel;
}

/** An organization as its sightings are marked: its profile's TLP, amber (its own traffic) when it has none. */
export async function sightingOrg(store: Store, orgId: string): Promise<SightingOrg> {
  const tlp = (await store.inventory.getOrgProfile(orgId))?.tlp ?? "amber";
  return { id: orgId, tlp: (TLP_LEVELS as readonly string[]).includes(tlp) ? (tlp as TlpLevel) : "amber" };
}

/** Records the alerts' events for `org` and writes the sightings whose counts changed. */
export async function recordSightings(
  store: Store,
  org: SightingOrg,
  alerts: readonly Alert[],
  now: () => Date = () => new Date(),
): Promise<SightingsWritten> {
  const newEvents = await store.sightings.recordEvents(
    org.id,
    alerts.map((a) => ({ indicatorId: a.indicator_id, event: a.event, ts: a.ts, src: a.src, dst: a.dst })),
  );
  const touched = [...new Set(alerts.map((a) => a.indicator_id))].sort();
  const objects: StixObject[] = [];
  if (newEvents > 0) {
    const aggregates = await store.sightings.aggregates(org.id, touched);
    const ids = aggregates.map((a) => sightingId(org.id, a.indicatorId));
    const current = new Map<string, { created: string; modified: string; count: number }>();
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const page = await store.queryObjects(
        SYSTEM_READER,
        { ids: slice, versions: ["last"] },
        { limit: slice.length + 1 },
      );
      for (const row of page.objects) {
        const o = JSON.parse(row.raw) as { created: string; modified: string; count?: number };
        current.set(row.id, { created: o.created, modified: o.modified, count: o.count ?? 0 });
      }
    }
    const stamp = now().toISOString();
    const identity = organizationIdentityId(org.id);
    for (const a of aggregates) {
      const id = sightingId(org.id, a.indicatorId);
      const before = current.get(id);
      if (before && before.count === a.count) continue;
      // Versions move forward even when the clock does not.
      const modified =
        before && before.modified >= stamp ? new Date(Date.parse(before.modified) + 1).toISOString() : stamp;
      const sighting: StixObject = {
        type: "sighting",
        spec_version: "2.1",
        id,
        created: before?.created ?? modified,
        modified,
        created_by_ref: identity,
        sighting_of_ref: a.indicatorId,
        count: Math.min(a.count, 999_999_999),
        where_sighted_refs: [identity],
        object_marking_refs: [TLP_MARKING_IDS[org.tlp]],
      };
      if (a.firstSeen) sighting.first_seen = a.firstSeen;
      if (a.lastSeen) sighting.last_seen = a.lastSeen;
      objects.push(sighting);
    }
  }
  const ingest = await importItems(
    store,
    (async function* () {
      for (let i = 0; i < objects.length; i++)
        yield { kind: "object" as const, raw: JSON.stringify(objects[i]), index: i, offset: 0, line: 0 };
    })(),
    { ctx: { orgId: org.id, userId: null, source: "scan" }, source: "scan" },
  );
  return { events: alerts.length, newEvents, sightings: ingest.new + ingest.newVersion, ingest };
}
