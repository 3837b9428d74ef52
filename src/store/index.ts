/**
 * The store module: where STIX object versions live, with TLP enforced inside every read.
 * `openStore` picks the adapter from the options; everything else is the Store contract.
 */

import type { Store } from "./contract.js";
import type { StoreOptions } from "./create-store.js";
import { openPostgresStore } from "./postgres/index.js";
import { openSqliteStore } from "./sqlite/index.js";

export { MAX_ALERT_PAGE, MAX_TOP_INDICATORS } from "./alerts/alerts-store.js";
export type * from "./alerts/contract.js";
export { ALERT_BUCKET_SIZES, ALERT_KINDS, ALERT_STATUSES, ALERTS_KEPT } from "./alerts/contract.js";
export { alertId } from "./alerts/rows.js";
export type * from "./contract.js";
export type { StoreOptions } from "./create-store.js";
export type * from "./directory/contract.js";
export { ROLES } from "./directory/contract.js";
export { STORE_CODES, StoreError, type StoreErrorCode } from "./errors.js";
export type * from "./incidents/contract.js";
export type * from "./inventory/contract.js";
export { ALL_ORGS } from "./inventory/contract.js";
export type * from "./inventory/exposure-contract.js";
export { type AssetKeyParts, assetKey } from "./inventory/key.js";
export type * from "./lists/contract.js";
export type * from "./objects/contract.js";
export { decodeCursor, encodeCursor } from "./objects/cursor.js";
export { MAX_PAGE_LIMIT } from "./objects/queries.js";
export { sameVersionContent } from "./objects/same-version.js";
export { termsOf } from "./objects/terms.js";
export type * from "./outbox/contract.js";
export { OUTBOX_STATUSES } from "./outbox/contract.js";
export type * from "./sightings/contract.js";

/** Where the store lives: a PostgreSQL URL, else a SQLite file in `dataDir` (default `./data`). */
export interface OpenStoreOptions extends StoreOptions {
  url?: string;
  dataDir?: string;
}

/** Opens the store: `url` postgres:// or postgresql:// → PostgreSQL, otherwise SQLite at `<dataDir>/centinela.db`. */
export function openStore(options: OpenStoreOptions): Promise<Store> {
  if (options.url && /^postgres(ql)?:\/\//i.test(options.url)) {
    return openPostgresStore({ ...options, url: options.url });
  }
  return openSqliteStore(options);
}
