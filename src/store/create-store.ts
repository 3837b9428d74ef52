import type { TlpLevel } from "../stix/index.js";
import { createAlerts } from "./alerts/alerts-store.js";
import type { Backend } from "./backend.js";
import type { Store } from "./contract.js";
import { createDirectory } from "./directory/directory-store.js";
import { createIncidentSettings } from "./incidents/incidents-store.js";
import { createInventory } from "./inventory/inventory-store.js";
import { createListMembership } from "./lists/lists-store.js";
import { migrationPlan, migrationReadiness } from "./migrate.js";
import { createObjectStore, type ReadArrays } from "./objects/objects-store.js";
import { createOutbox } from "./outbox/outbox-store.js";
import { createSightings } from "./sightings/sightings-store.js";

/**
 * The Store, written once over a Backend and assembled from its areas: every method is the
 * same for SQLite and PostgreSQL; the adapters only connect, run write plans in a transaction,
 * and declare their capabilities. A new area adds its part here.
 */

export type { ReadArrays } from "./objects/objects-store.js";

/** Options every adapter accepts. */
export interface StoreOptions {
  /** How unmarked objects (no TLP marking) are treated on read; default "amber" (of their producer). */
  unmarkedAs?: TlpLevel;
}

/** Applies pending migrations, then returns the Store over the backend (`readArrays`: the adapter's fast page read). */
export async function createSharedStore(
  backend: Backend,
  options: StoreOptions = {},
  readArrays?: ReadArrays,
): Promise<Store> {
  const unmarkedAs = options.unmarkedAs ?? "amber";
  await backend.runWrite(() => migrationPlan(backend.db, backend.features));
  return {
    kind: backend.kind,
    ...createObjectStore(backend, unmarkedAs, readArrays),
    directory: createDirectory(backend, unmarkedAs),
    inventory: createInventory(backend),
    incidents: createIncidentSettings(backend),
    lists: createListMembership(backend),
    sightings: createSightings(backend),
    readiness: () => migrationReadiness(backend.db),
    alerts: createAlerts(backend),
    outbox: createOutbox(backend),
    close: () => backend.close(),
  };
}
