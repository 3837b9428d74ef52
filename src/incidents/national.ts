import { canRead, effectiveTlp, type Reader, type TlpObjectMeta } from "../access/index.js";
import { localParts } from "./zoned-time.js";

/**
 * The national picture: incidents, sightings and exposure counted by sector, by state, by week,
 * by incident type and by attributed actor. What a reader sees of each incident:
 *
 *   detail   TLP lets the reader read it: counted, and listed with its title and organization
 *   count    it was submitted to the national hub and is not TLP:RED, but TLP does not let the
 *            reader read it: counted in every bucket, never listed, never named
 *   none     neither: not counted at all
 *
 * buildPicture takes items already classified; incidentVisibility is the rule, a pure function
 * that the store-backed reader and the property tests share.
 */

/** How much of an incident a reader may see in the national picture. */
export type Visibility = "detail" | "count" | "none";

/** The rule: detail when TLP lets `reader` read it; else a count when submitted up and not RED. */
export function incidentVisibility(reader: Reader, meta: TlpObjectMeta, submittedToHub: boolean): Visibility {
  if (canRead(reader, meta)) return "detail";
  return submittedToHub && effectiveTlp(meta.tlp) !== "red" ? "count" : "none";
}

/** An incident as the picture counts it. */
export interface PictureIncident {
  id: string;
  visibility: "detail" | "count";
  orgName: string;
  title: string;
  sector: string | null;
  state: string | null;
  awareAt: string;
  types: readonly string[];
  actor: string | null;
  status: string;
  criticality: number | null;
}

/** A sighting as the picture counts it (the sighting's organization's sector and state). */
export interface PictureSighting {
  sector: string | null;
  state: string | null;
  at: string;
}

/** One organization's exposure. */
export interface PictureExposure {
  sector: string | null;
  state: string | null;
  assets: number;
  internetExposed: number;
  critical: number;
}

/** One bucket's counts. */
export interface Bucket {
  key: string;
  incidents: number;
  sightings: number;
  assets: number;
  internetExposed: number;
  critical: number;
}

/** A listed incident (detail only). */
export interface PictureRow {
  id: string;
  organization: string;
  title: string;
  sector: string | null;
  state: string | null;
  week: string;
  types: readonly string[];
  actor: string | null;
  status: string;
  criticality: number | null;
}

/** The national picture. */
export interface NationalPicture {
  /** Zone the weeks are counted in. */
  timeZone: string;
  totals: {
    incidents: number;
    detailed: number;
    countedOnly: number;
    sightings: number;
    assets: number;
    internetExposed: number;
    critical: number;
  };
  bySector: Bucket[];
  byState: Bucket[];
  byWeek: Bucket[];
  byType: Bucket[];
  byActor: Bucket[];
  incidents: PictureRow[];
}

/** ISO 8601 week of an instant on the wall clock of `timeZone`: "2026-W11". */
export function isoWeek(at: string, timeZone: string): string {
  const p = localParts(Date.parse(at), timeZone);
  const date = new Date(Date.UTC(p.year, p.month - 1, p.day));
  const dow = date.getUTCDay() || 7;
  date.setUTCDate(date.getUTCDate() + 4 - dow); // the Thursday of that week decides its year
  const year = date.getUTCFullYear();
  const week = Math.ceil(((date.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

const UNKNOWN = "unknown";

class Buckets {
  private readonly map = new Map<string, Bucket>();
  at(key: string | null): Bucket {
    const k = key ?? UNKNOWN;
    let b = this.map.get(k);
    if (!b) {
      b = { key: k, incidents: 0, sightings: 0, assets: 0, internetExposed: 0, critical: 0 };
      this.map.set(k, b);
    }
    return b;
  }
  list(): Bucket[] {
    return [...this.map.values()].sort((a, b) => b.incidents - a.incidents || a.key.localeCompare(b.key));
  }
}

/** Counts classified incidents, visible sightings and exposure into the picture. */
export function buildPicture(
  incidents: readonly PictureIncident[],
  sightings: readonly PictureSighting[],
  exposure: readonly PictureExposure[],
  timeZone = "America/Mexico_City",
): NationalPicture {
  const sector = new Buckets();
  const state = new Buckets();
  const week = new Buckets();
  const type = new Buckets();
  const actor = new Buckets();
  const totals = {
    incidents: 0,
    detailed: 0,
    countedOnly: 0,
    sightings: 0,
    assets: 0,
    internetExposed: 0,
    critical: 0,
  };
  const rows: PictureRow[] = [];
  for (const i of incidents) {
    totals.incidents++;
    if (i.visibility === "detail") totals.detailed++;
    else totals.countedOnly++;
    const w = isoWeek(i.awareAt, timeZone);
    sector.at(i.sector).incidents++;
    state.at(i.state).incidents++;
    week.at(w).incidents++;
    for (const t of i.types.length > 0 ? i.types : [UNKNOWN]) type.at(t).incidents++;
    actor.at(i.actor).incidents++;
    if (i.visibility === "detail")
      rows.push({
        id: i.id,
        organization: i.orgName,
        title: i.title,
        sector: i.sector,
        state: i.state,
        week: w,
        types: i.types,
        actor: i.actor,
        status: i.status,
        criticality: i.criticality,
      });
  }
  for (const s of sightings) {
    totals.sightings++;
    sector.at(s.sector).sightings++;
    state.at(s.state).sightings++;
    week.at(isoWeek(s.at, timeZone)).sightings++;
  }
  for (const e of exposure) {
    totals.assets += e.assets;
    totals.internetExposed += e.internetExposed;
    totals.critical += e.critical;
    for (const b of [sector.at(e.sector), state.at(e.state)]) {
      b.assets += e.assets;
      b.internetExposed += e.internetExposed;
      b.critical += e.critical;
    }
  }
  rows.sort((a, b) => b.week.localeCompare(a.week) || a.id.localeCompare(b.id));
  return {
    timeZone,
    totals,
    bySector: sector.list(),
    byState: state.list(),
    byWeek: week.list().sort((a, b) => a.key.localeCompare(b.key)),
    byType: type.list(),
    byActor: actor.list(),
    incidents: rows,
  };
}
