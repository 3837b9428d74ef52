/** The PostgreSQL adapter of the store. */
export { openPostgresStore, type PostgresStoreOptions } from "./postgres-store.js";
