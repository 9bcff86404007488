import type { BotStateEntry, BotStateRepository } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { fromJson, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface BotStateRow {
  key: string;
  data: string;
  etag: string;
  updated_at: string;
}

const toEntry = (row: BotStateRow): BotStateEntry => ({
  key: row.key,
  data: fromJson<Record<string, unknown>>(row.data),
  eTag: row.etag,
  updatedAt: row.updated_at,
});

/** Reads at most this many keys per statement (SQLite's default variable limit is far higher). */
const READ_CHUNK = 100;

export function sqliteBotState(db: Db, deps: ResolvedDeps): BotStateRepository {
  const byKey = db.prepare<[string], BotStateRow>('SELECT * FROM bot_state WHERE key = ?');
  const upsert = db.prepare<[string, string, string, string]>(
    `INSERT INTO bot_state (key, data, etag, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET data = excluded.data, etag = excluded.etag, updated_at = excluded.updated_at`,
  );
  const remove = db.prepare<[string]>('DELETE FROM bot_state WHERE key = ?');
  const manyStatements = new Map<number, ReturnType<typeof prepareMany>>();
  const prepareMany = (n: number) =>
    db.prepare<string[], BotStateRow>(
      `SELECT * FROM bot_state WHERE key IN (${Array.from({ length: n }, () => '?').join(', ')})`,
    );
  const readMany = (keys: string[]): BotStateRow[] => {
    let statement = manyStatements.get(keys.length);
    if (!statement) {
      statement = prepareMany(keys.length);
      manyStatements.set(keys.length, statement);
    }
    return statement.all(...keys);
  };

  return {
    async read(keys) {
      const unique = [...new Set(keys)];
      if (unique.length === 1) {
        const row = byKey.get(unique[0]);
        return row ? [toEntry(row)] : [];
      }
      const rows: BotStateRow[] = [];
      for (let i = 0; i < unique.length; i += READ_CHUNK)
        rows.push(...readMany(unique.slice(i, i + READ_CHUNK)));
      return rows.map(toEntry);
    },
    async write(key, data, expectedETag) {
      if (typeof key !== 'string' || key === '')
        throw new StoreError('invalid', 'bot state key must be a non-empty string');
      if (data === null || typeof data !== 'object' || Array.isArray(data))
        throw new StoreError('invalid', `bot state "${key}" must be an object`);
      const json = toJson(data);
      const conditional = expectedETag !== undefined && expectedETag !== '*';
      return guard(`bot state "${key}"`, () => {
        const entry: BotStateRow = {
          key,
          data: json,
          etag: deps.newId(),
          updated_at: deps.clock().toISOString(),
        };
        const save = () => {
          if (conditional) {
            const current = byKey.get(key);
            if (current && current.etag !== expectedETag)
              throw new StoreError(
                'conflict',
                `bot state "${key}" was changed by someone else (eTag mismatch)`,
              );
          }
          upsert.run(entry.key, entry.data, entry.etag, entry.updated_at);
        };
        // An unconditional write is one statement (atomic by itself); a conditional one reads and writes under the lock.
        if (conditional) immediate(db, save);
        else save();
        return toEntry(entry);
      });
    },
    async delete(keys) {
      if (keys.length === 0) return;
      immediate(db, () => {
        for (const key of keys) remove.run(key);
      });
    },
  };
}
