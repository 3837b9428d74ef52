import { type AccessContext, ALL_ORGS, MAX_PAGE_LIMIT, type Store } from "../store/index.js";
import {
  buildPicture,
  type NationalPicture,
  type PictureExposure,
  type PictureIncident,
  type PictureSighting,
} from "./national.js";
import { loadIncidents } from "./persist.js";
import { anonymousCopyId } from "./service.js";

/**
 * The national picture read from a store for one reader. The store's TLP filter decides what the
 * reader may read (detail); incidents in the hub collection that it may not read, and that are
 * not TLP:RED, are counted without detail. An anonymized copy is not counted again when the
 * reader can read its original. Sightings count when the reader may read them; exposure is the
 * inventory in the reader's scope (every organization for the local operator, else its own).
 */

const SYSTEM: AccessContext = { kind: "system", orgId: null, userId: null };

/** Options of the picture. */
export interface PictureOptions {
  /** The hub collection the CSIRT reads (default "csirt-nacional"). */
  hub?: string;
  /** Zone weeks are counted in (default America/Mexico_City). */
  timeZone?: string;
  /** Only this state (ISO 3166-2:MX code, see readState): incidents, sightings and exposure there. */
  state?: string | null;
}

/** The picture `reader` may see. */
export async function nationalPictureFor(
  store: Store,
  reader: AccessContext,
  options: PictureOptions = {},
): Promise<NationalPicture> {
  const hub = options.hub ?? "csirt-nacional";
  const readable = await loadIncidents(store, reader);
  // Copies of originals the reader can read are the same incidents: not counted twice.
  const copies = new Set(
    readable.filter((x) => x.record.submissions.some((s) => s.anonymized)).map((x) => anonymousCopyId(x.record.id)),
  );
  const seen = new Set([...readable.map((x) => x.record.id), ...copies]);
  const items: PictureIncident[] = readable
    .filter((x) => !copies.has(x.record.id))
    .map((x) => ({
      id: x.record.id,
      visibility: "detail",
      orgName: x.record.org.name,
      title: x.record.title,
      sector: x.record.org.sector,
      state: x.record.org.state,
      awareAt: x.record.awareAt,
      types: x.record.types,
      actor: x.record.actor?.name ?? null,
      status: x.record.status,
      criticality: x.record.criticality,
    }));
  if (reader.kind !== "system" && (await store.directory.findCollection(hub))) {
    for (const x of await loadIncidents(store, SYSTEM, { collectionId: hub })) {
      if (seen.has(x.record.id) || x.stored.tlp === "red") continue;
      seen.add(x.record.id);
      // Counted only: nothing that names the incident or its organization is kept.
      items.push({
        id: "",
        visibility: "count",
        orgName: "",
        title: "",
        sector: x.record.org.sector,
        state: x.record.org.state,
        awareAt: x.record.awareAt,
        types: x.record.types,
        actor: x.record.actor?.name ?? null,
        status: x.record.status,
        criticality: null,
      });
    }
  }
  const profiles = new Map<string, { sector: string | null; state: string | null }>();
  const profileOf = async (orgId: string | null) => {
    if (!orgId) return { sector: null, state: null };
    let p = profiles.get(orgId);
    if (!p) {
      const got = await store.inventory.getOrgProfile(orgId);
      p = { sector: got?.sector ?? null, state: got?.state ?? null };
      profiles.set(orgId, p);
    }
    return p;
  };
  const sightings: PictureSighting[] = [];
  let after: string | null = null;
  do {
    const page = await store.queryObjects(reader, { types: ["sighting"] }, { limit: MAX_PAGE_LIMIT, after });
    for (const s of page.objects) {
      const o = JSON.parse(s.raw) as { last_seen?: string; first_seen?: string; created?: string };
      sightings.push({
        ...(await profileOf(s.producerOrg)),
        at: o.last_seen ?? o.first_seen ?? o.created ?? s.dateAdded,
      });
    }
    after = page.next;
  } while (after);
  const exposure = new Map<string, PictureExposure>();
  const scope =
    reader.kind === "system" ? ALL_ORGS : reader.orgId ? { kind: "org" as const, orgId: reader.orgId } : null;
  if (scope) {
    // One aggregate per organization (an index scan), not a read of every asset.
    const today = new Date().toISOString().slice(0, 10);
    for (const c of await store.inventory.exposureCounts(scope, scope.kind === "all" ? null : scope.orgId, today)) {
      const { assets, internetExposed, critical } = c;
      exposure.set(c.orgId, { ...(await profileOf(c.orgId)), assets, internetExposed, critical });
    }
  }
  const state = options.state ?? null;
  const here = <T extends { state: string | null }>(xs: T[]) => (state ? xs.filter((x) => x.state === state) : xs);
  return buildPicture(here(items), here(sightings), here([...exposure.values()]), options.timeZone);
}
