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

/**
 * The entry just written. Its data is parsed from the stored text only when someone reads it (the
 * bot's storage only needs the eTag), so a write costs no JSON.parse and still hands out a copy of
 * what is stored, never the caller's object.
 */
function writtenEntry(key: string, text: string, eTag: string, updatedAt: string): BotStateEntry {
  let data: Record<string, unknown> | undefined;
  return {
    key,
    get data() {
      return (data ??= fromJson<Record<string, unknown>>(text));
    },
    set data(value) {
      data = value;
    },
    eTag,
    updatedAt,
  };
}

/** Reads at most this many keys per statement (SQLite's default variable limit is far higher). */
const READ_CHUNK = 100;

export function sqliteBotState(db: Db, deps: ResolvedDeps): BotStateRepository {
  const byKey = db.prepare<[string], BotStateRow>('SELECT * FROM bot_state WHERE key = ?');
  /*
   * Compare-and-set in one statement: a missing key is inserted; an existing one is updated only when
   * its eTag is the expected one (a NULL expectation matches any). No change means a stale eTag. One
   * statement is atomic by itself, in or out of a group commit, so no transaction or savepoint and
   * no read of the stored document are needed.
   */
  const upsert = db.prepare<[string, string, string, string, string | null]>(
    `INSERT INTO bot_state (key, data, etag, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET data = excluded.data, etag = excluded.etag, updated_at = excluded.updated_at
     WHERE bot_state.etag = coalesce(?, bot_state.etag)`,
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
    async write(key, data, expectedETag, json) {
      if (typeof key !== 'string' || key === '')
        throw new StoreError('invalid', 'bot state key must be a non-empty string');
      if (data === null || typeof data !== 'object' || Array.isArray(data))
        throw new StoreError('invalid', `bot state "${key}" must be an object`);
      const text = json ?? toJson(data);
      const conditional = expectedETag !== undefined && expectedETag !== '*';
      return guard(`bot state "${key}"`, () => {
        const eTag = deps.newId();
        const updatedAt = deps.clock().toISOString();
        const { changes } = upsert.run(key, text, eTag, updatedAt, conditional ? expectedETag : null);
        if (changes === 0)
          throw new StoreError('conflict', `bot state "${key}" was changed by someone else (eTag mismatch)`);
        return writtenEntry(key, text, eTag, updatedAt);
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
