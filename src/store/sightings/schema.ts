/** One log event that matched one indicator at one organization. */
export interface SightingEventsTable {
  org_id: string;
  indicator_id: string;
  event: string;
  ts: string | null;
  src: string | null;
  dst: string | null;
}

/** The sightings area's tables. */
export interface SightingsDatabase {
  sighting_events: SightingEventsTable;
}
