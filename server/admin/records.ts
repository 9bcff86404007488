/**
 * The versioned records the admin routers edit (intents, articles, users): one way to load them (404
 * when missing), to check the version an edit was based on (409 when stale), and to word the store's
 * refusals as the 409 a person can act on; and to tell a save that changes nothing from an edit.
 */
import { isDeepStrictEqual } from 'node:util';
import { StoreError, type StoreErrorCode } from '../../store';
import { AppError } from '../errors';
import { conflict } from './http';

export interface VersionedRecords<T> {
  /** The record, or a 404 `not_found`. */
  load(id: string): Promise<T>;
  /** The record an update or delete is based on: 404 when missing, 409 unless it is at `version`. */
  loadAt(id: string, version: number): Promise<T>;
  /** For `.catch` on a write: a store `conflict` (another write got in first) → 409 naming the version now. */
  raced(before: T, version: number): (error: unknown) => Promise<never>;
}

export function versionedRecords<T extends { id: string; version: number }>(records: {
  get: (id: string) => Promise<T | null>;
  /** The kind in a 404: "No <what> with id …". */
  what: string;
  /** The record in a 409, e.g. `Intent "order.status"`. */
  label: (record: T) => string;
}): VersionedRecords<T> {
  const load = async (id: string): Promise<T> => {
    const record = await records.get(id);
    if (!record) throw new AppError(404, 'not_found', `No ${records.what} with id ${id}.`);
    return record;
  };
  return {
    load,
    async loadAt(id, version) {
      const record = await load(id);
      if (record.version !== version) throw conflict(records.label(record), record.version, version);
      return record;
    },
    raced: (before, version) => async (error) => {
      if (error instanceof StoreError && error.code === 'conflict') {
        const current = await load(before.id);
        throw conflict(records.label(before), current.version, version);
      }
      throw error;
    },
  };
}

/** For `.catch` on a write: the store's `code` error becomes `replacement()`; anything else passes on. */
export const onStoreError =
  (code: StoreErrorCode, replacement: () => Error) =>
  (error: unknown): never => {
    if (error instanceof StoreError && error.code === code) throw replacement();
    throw error;
  };

/**
 * True when writing `patch` over `stored` would store nothing new: every field the patch names holds
 * that value already (objects compared without regard to key order, lists in order). Such a save is
 * answered with the stored record at its version, and nothing is written or audited: an admin who
 * opens and saves without editing must not move the version under another admin's edit. `patch` is the route's parsed body,
 * so its values are in their stored form already (an article body is trimmed with "\n" line ends by
 * ArticleUpdateSchema, as normalizeBody gives).
 */
export function changesNothing<T extends object>(stored: T, patch: { [K in keyof T]?: T[K] }): boolean {
  return (Object.keys(patch) as (keyof T)[]).every(
    (key) => patch[key] === undefined || isDeepStrictEqual(stored[key], patch[key]),
  );
}
