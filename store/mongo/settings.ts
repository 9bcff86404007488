import type { SettingsDocument, SettingsRepository } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { checkSettings } from '../internal/admin';
import { guard, isDuplicateKey } from './errors';
import type { Models } from './models';
import type { SettingsDoc } from './schemas';

const toDocument = (doc: SettingsDoc): SettingsDocument => ({
  key: doc._id,
  value: JSON.parse(doc.value) as Record<string, unknown>,
  version: doc.version,
  updatedAt: doc.updatedAt.toISOString(),
});

export function mongoSettings({ Settings }: Models, deps: ResolvedDeps): SettingsRepository {
  const conflict = async (key: string, expectedVersion: number): Promise<never> => {
    const current = await Settings.findById(key, { version: 1 }).lean<{ version: number }>();
    throw new StoreError(
      'conflict',
      current
        ? `settings "${key}" are at version ${current.version}, not ${expectedVersion}`
        : `settings "${key}" do not exist (expected version ${expectedVersion})`,
    );
  };

  return {
    async get(key) {
      const doc = await Settings.findById(key).lean<SettingsDoc>();
      return doc ? toDocument(doc) : null;
    },
    async put(key, value, expectedVersion) {
      checkSettings(key, value, expectedVersion);
      const now = deps.clock();
      if (expectedVersion === 0) {
        try {
          const doc = await Settings.create({
            _id: key,
            value: JSON.stringify(value),
            version: 1,
            updatedAt: now,
          });
          return toDocument(doc.toObject());
        } catch (err) {
          if (isDuplicateKey(err)) return conflict(key, expectedVersion);
          throw err;
        }
      }
      const doc = await guard(`settings "${key}"`, () =>
        Settings.findOneAndUpdate(
          { _id: key, version: expectedVersion },
          { $set: { value: JSON.stringify(value), updatedAt: now }, $inc: { version: 1 } },
          { returnDocument: 'after' },
        ).lean<SettingsDoc>(),
      );
      return doc ? toDocument(doc) : conflict(key, expectedVersion);
    },
  };
}
