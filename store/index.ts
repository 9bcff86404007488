/**
 * The store's public surface: the ports (types and StoreError) and the functions that open an
 * adapter. Other folders import from here only.
 */
export * from './ports';
export type { StoreDeps } from './internal/deps';
export { openStore, openMongoStore, SQLITE_FILE_NAME, type OpenStoreConfig } from './open-store';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite';
export type { MongoStoreOptions } from './mongo';
