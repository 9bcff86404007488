import type { SettingsDocument, SettingsRepository } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { checkSettings } from '../internal/admin';
import { fromJson, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface SettingsRow {
  key: string;
  value: string;
  version: number;
  updated_at: string;
}

const toDocument = (row: SettingsRow): SettingsDocument => ({
  key: row.key,
  value: fromJson<Record<string, unknown>>(row.value),
  version: row.version,
  updatedAt: row.updated_at,
});

export function sqliteSettings(db: Db, deps: ResolvedDeps): SettingsRepository {
  const byKey = db.prepare<[string], SettingsRow>('SELECT * FROM settings WHERE key = ?');
  const insert = db.prepare<[string, string, string]>(
    'INSERT INTO settings (key, value, version, updated_at) VALUES (?, ?, 1, ?)',
  );
  // Compare-and-set in one statement: the version in the WHERE clause is the "compare".
  const update = db.prepare<[string, string, string, number], SettingsRow>(`UPDATE settings
    SET value = ?, version = version + 1, updated_at = ?
    WHERE key = ? AND version = ? RETURNING *`);

  return {
    async get(key) {
      const row = byKey.get(key);
      return row ? toDocument(row) : null;
    },
    async put(key, value, expectedVersion) {
      checkSettings(key, value, expectedVersion);
      const now = deps.clock().toISOString();
      return guard(`settings "${key}"`, () =>
        immediate(db, () => {
          const current = byKey.get(key);
          if (expectedVersion === 0) {
            if (current)
              throw new StoreError(
                'conflict',
                `settings "${key}" exist already (version ${current.version})`,
              );
            insert.run(key, toJson(value), now);
            return toDocument(byKey.get(key)!);
          }
          const row = update.get(toJson(value), now, key, expectedVersion);
          if (row) return toDocument(row);
          throw new StoreError(
            'conflict',
            current
              ? `settings "${key}" are at version ${current.version}, not ${expectedVersion}`
              : `settings "${key}" do not exist (expected version ${expectedVersion})`,
          );
        }),
      );
    },
  };
}
