import type { IntentRepository, NewIntent } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { guard } from './errors';
import { toIntent } from './mappers';
import type { Models } from './models';
import type { IntentDoc } from './schemas';
import { deleteById, updateVersioned } from './versioned';

export function mongoIntents({ Intent }: Models, deps: ResolvedDeps): IntentRepository {
  return {
    async create(input: NewIntent) {
      const doc = await guard(`intent "${input.name}"`, () =>
        Intent.create({
          _id: deps.newId(),
          name: input.name,
          utterances: input.utterances ?? [],
          responses: input.responses ?? [],
          settings: input.settings ?? {},
          version: 1,
          updatedAt: deps.clock(),
        }),
      );
      return toIntent(doc.toObject());
    },
    async get(id) {
      const doc = await Intent.findById(id).lean<IntentDoc>();
      return doc ? toIntent(doc) : null;
    },
    async getByName(name) {
      const doc = await Intent.findOne({ name }).lean<IntentDoc>();
      return doc ? toIntent(doc) : null;
    },
    async list() {
      const docs = await Intent.find().sort({ name: 1 }).lean<IntentDoc[]>();
      return docs.map(toIntent);
    },
    async update(id, expectedVersion, patch) {
      return toIntent(await updateVersioned(Intent, 'intent', id, expectedVersion, patch, deps.clock()));
    },
    async delete(id, expectedVersion) {
      await deleteById(Intent, 'intent', id, expectedVersion);
    },
    async count() {
      return Intent.countDocuments();
    },
  };
}
