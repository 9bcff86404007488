import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Store } from './ports';
import type { StoreDeps } from './internal/deps';
import type { MongoStoreOptions } from './mongo';
import { openSqliteStore } from './sqlite';

/** File name of the embedded database inside the data directory. */
export const SQLITE_FILE_NAME = 'parley.sqlite';

export interface OpenStoreConfig extends StoreDeps {
  /** When set, the MongoDB adapter is used; otherwise the embedded SQLite file. */
  mongodbUri?: string;
  /** Directory for the SQLite file; created if missing. */
  dataDir: string;
}

/**
 * Loaded on first use: processes on SQLite (the default) never pay for loading mongoose and the
 * MongoDB driver.
 */
export async function openMongoStore(options: MongoStoreOptions): Promise<Store> {
  const mongo = await import('./mongo');
  return mongo.openMongoStore(options);
}

/** The composition root's one call: MongoDB when a URI is configured, else `${dataDir}/parley.sqlite`. */
export async function openStore(config: OpenStoreConfig): Promise<Store> {
  const deps: StoreDeps = { clock: config.clock, newId: config.newId };
  if (config.mongodbUri) return openMongoStore({ uri: config.mongodbUri, ...deps });
  await mkdir(config.dataDir, { recursive: true });
  return openSqliteStore({ file: join(config.dataDir, SQLITE_FILE_NAME), ...deps });
}
