import type { InventoryScope } from "../inventory/contract.js";

/**
 * The sightings area: which log events matched which indicator, per organization, so that
 * the STIX sighting of (indicator, organization) counts each event once however many times
 * the same logs are scanned. The sighting objects themselves are STIX objects in the objects
 * area (written through ingest, under the organization's TLP); this area holds only what
 * makes their counts exact, and the addresses involved, for the action list.
 *
 *   recordEvents(org, [{indicatorId, event, ts, src, dst}…])  → how many were new
 *   aggregates(org, [indicatorId…])  → [{ indicatorId, count, firstSeen, lastSeen }]
 *   countsByAddress(scope)           → [{ orgId, address, count }]
 */

/** One matching event, as detection reports it. */
export interface SightingEvent {
  indicatorId: string;
  /** The event's identity (a hash of its log and line): the same line is the same event. */
  event: string;
  /** The event's time (ISO 8601), or null when the line had none. */
  ts: string | null;
  src: string | null;
  dst: string | null;
}

/** The events of one indicator at one organization. */
export interface SightingAggregate {
  indicatorId: string;
  count: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

/** Events by address at one organization. */
export interface AddressSightings {
  orgId: string;
  address: string;
  count: number;
}

/** The sightings area. */
export interface SightingStore {
  /** Records the events (those already recorded for the organization and indicator are left); returns how many were new. */
  recordEvents(orgId: string, events: readonly SightingEvent[]): Promise<number>;
  /** The count and first/last time of each of these indicators' events at the organization. */
  aggregates(orgId: string, indicatorIds: readonly string[]): Promise<SightingAggregate[]>;
  /** Matching events by source or destination address, for one organization or all. */
  countsByAddress(scope: InventoryScope): Promise<AddressSightings[]>;
}
