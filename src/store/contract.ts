import type { AlertStore } from "./alerts/contract.js";
import type { Directory } from "./directory/contract.js";
import type { IncidentSettingsStore } from "./incidents/contract.js";
import type { InventoryStore } from "./inventory/contract.js";
import type { ListMembership } from "./lists/contract.js";
import type { ObjectStore } from "./objects/contract.js";
import type { OutboxStore } from "./outbox/contract.js";
import type { SightingStore } from "./sightings/contract.js";

/**
 * The Store contract: one object per opened database, made of one part per area.
 *
 *   store.putObjects / queryObjects / …   objects/     STIX object versions, collections, TLP
 *   store.directory                       directory/   accounts, grants, status, feeds, audit log, settings
 *   store.inventory                       inventory/   organizations' sites, assets, software, vulnerability records
 *   store.incidents                       incidents/   organizations' incident reporting defaults
 *   store.sightings                       sightings/   which log events matched which indicator, per organization
 *   store.lists                           lists/       which indicators each IOC list held at its last import
 *   store.alerts                          alerts/      detection alerts per organization, with their status
 *   store.outbox                          outbox/      anonymized pushes held for review, push destinations
 *
 * Each area's methods and result shapes are drawn in its `contract.ts`. A new area adds its
 * part here as a `readonly` property (see docs/store.md, "Adding an area").
 */
export interface Store extends ObjectStore {
  readonly kind: "sqlite" | "postgres";
  /** Accounts, grants, status resources, feeds and the audit log. */
  readonly directory: Directory;
  /** Organizations' profiles, sites, assets, software, vendors and vulnerability records. */
  readonly inventory: InventoryStore;
  /** Organizations' incident reporting defaults (regime, time zone). */
  readonly incidents: IncidentSettingsStore;
  /** Which indicators each IOC list held at its last import (to expire the ones that left it). */
  readonly lists: ListMembership;
  /** Which log events matched which indicator, per organization (exact sighting counts). */
  readonly sightings: SightingStore;
  /**
   * Whether the store can serve: the database answers and every migration this release knows is
   * applied (the server's /readyz). Never throws: a failure is `{ ready: false, reason }`.
   */
  readiness(): Promise<StoreReadiness>;
  /** Detection alerts per organization: paged, filtered, acknowledged or dismissed. */
  readonly alerts: AlertStore;
  /** Anonymized pushes held for review before they leave, and push destinations. */
  readonly outbox: OutboxStore;
  close(): Promise<void>;
}

/** What `Store.readiness` found. `reason` says what is wrong and what to do, when not ready. */
export type StoreReadiness =
  | { ready: true; migrations: number; newer: number[] }
  | { ready: false; reason: string; pending?: number[] };
