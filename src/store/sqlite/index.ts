/** The SQLite adapter of the store. */
export { openSqliteStore, SQLITE_FILE, type SqliteStoreOptions } from "./sqlite-store.js";
