/**
 * The store module: where STIX object versions live, with TLP enforced inside every read.
 * `openStore` picks the adapter from the options; everything else is the Store contract.
 */
import { openPostgresStore } from "./postgres/index.js";
import type { StoreOptions } from "./shared-store.js";
import { openSqliteStore } from "./sqlite/index.js";
import type { Store } from "./store.js";

export { decodeCursor, encodeCursor } from "./cursor.js";
export type * from "./directory.js";
export { ROLES } from "./directory.js";
export { STORE_CODES, StoreError, type StoreErrorCode } from "./errors.js";
export type * from "./inventory.js";
export { ALL_ORGS } from "./inventory.js";
export { type AssetKeyParts, assetKey } from "./inventory-key.js";
export { MAX_PAGE_LIMIT } from "./queries.js";
export type { StoreOptions } from "./shared-store.js";
export type * from "./store.js";

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
