import type { Intent, IntentRepository, IntentSettings, NewIntent } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { applyPatch, recordAtVersion } from '../internal/values';
import { bindable, fromJson, toJson } from './codec';
import { immediate, type Db } from './database';
import { guard } from './errors';

interface IntentRow {
  id: string;
  name: string;
  utterances: string;
  responses: string;
  settings: string;
  version: number;
  updated_at: string;
}

const toIntent = (row: IntentRow): Intent => ({
  id: row.id,
  name: row.name,
  utterances: fromJson<string[]>(row.utterances),
  responses: fromJson<string[]>(row.responses),
  settings: fromJson<IntentSettings>(row.settings),
  version: row.version,
  updatedAt: row.updated_at,
});

const toRow = (intent: Intent) =>
  bindable({
    id: intent.id,
    name: intent.name,
    utterances: toJson(intent.utterances),
    responses: toJson(intent.responses),
    settings: toJson(intent.settings),
    version: intent.version,
    updatedAt: intent.updatedAt,
  });

export function sqliteIntents(db: Db, deps: ResolvedDeps): IntentRepository {
  const insert =
    db.prepare(`INSERT INTO intents (id, name, utterances, responses, settings, version, updated_at)
    VALUES (@id, @name, @utterances, @responses, @settings, @version, @updatedAt)`);
  const byId = db.prepare<[string], IntentRow>('SELECT * FROM intents WHERE id = ?');
  const byName = db.prepare<[string], IntentRow>('SELECT * FROM intents WHERE name = ?');
  const all = db.prepare<[], IntentRow>('SELECT * FROM intents ORDER BY name');
  const update =
    db.prepare(`UPDATE intents SET name = @name, utterances = @utterances, responses = @responses,
    settings = @settings, version = @version, updated_at = @updatedAt WHERE id = @id`);
  const remove = db.prepare<[string]>('DELETE FROM intents WHERE id = ?');
  const countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM intents');

  const get = (id: string): Intent | null => {
    const row = byId.get(id);
    return row ? toIntent(row) : null;
  };

  return {
    async create(input: NewIntent) {
      const intent: Intent = {
        id: deps.newId(),
        name: input.name,
        utterances: input.utterances ?? [],
        responses: input.responses ?? [],
        settings: input.settings ?? {},
        version: 1,
        updatedAt: deps.clock().toISOString(),
      };
      return guard(`intent "${input.name}"`, () =>
        immediate(db, () => {
          insert.run(toRow(intent));
          return get(intent.id)!;
        }),
      );
    },
    async get(id) {
      return get(id);
    },
    async getByName(name) {
      const row = byName.get(name);
      return row ? toIntent(row) : null;
    },
    async list() {
      return all.all().map(toIntent);
    },
    // Optimistic concurrency: read, compare the version, write — atomic under the IMMEDIATE lock.
    async update(id, expectedVersion, patch) {
      return guard(`intent "${patch.name ?? id}"`, () =>
        immediate(db, () => {
          const current = recordAtVersion('intent', id, get(id), expectedVersion);
          const next: Intent = {
            ...applyPatch(current, patch),
            version: current.version + 1,
            updatedAt: deps.clock().toISOString(),
          };
          update.run(toRow(next));
          return get(id)!;
        }),
      );
    },
    // Read, compare and delete under one IMMEDIATE lock, so no save can land in between.
    async delete(id, expectedVersion) {
      immediate(db, () => {
        recordAtVersion('intent', id, byId.get(id), expectedVersion);
        remove.run(id);
      });
    },
    async count() {
      return countAll.get()?.n ?? 0;
    },
  };
}
