import type { AlertsDatabase } from "./alerts/schema.js";
import type { DirectoryDatabase } from "./directory/schema.js";
import type { FeedsDatabase } from "./feeds/schema.js";
import type { IncidentsDatabase } from "./incidents/schema.js";
import type { InventoryDatabase } from "./inventory/schema.js";
import type { ListsDatabase } from "./lists/schema.js";
import type { ObjectsDatabase } from "./objects/schema.js";
import type { OutboxDatabase } from "./outbox/schema.js";
import type { SightingsDatabase } from "./sightings/schema.js";

/**
 * The one typed definition of the store's database: every area's tables (each area's
 * `schema.ts`), and the migration ledger. Every query of every area is typed by this, so no
 * area needs a cast to reach its own tables or another's. A new area adds its `XDatabase` here.
 */

/** One applied schema migration. */
export interface SchemaMigrationsTable {
  version: number;
  name: string;
  applied_at: string;
}

/** The whole schema, as Kysely sees it. */
export interface Database
  extends ObjectsDatabase,
    DirectoryDatabase,
    FeedsDatabase,
    InventoryDatabase,
    IncidentsDatabase,
    ListsDatabase,
    SightingsDatabase,
    AlertsDatabase,
    OutboxDatabase {
  schema_migrations: SchemaMigrationsTable;
}
