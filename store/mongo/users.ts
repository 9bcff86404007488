import type { NewUser, UserRepository } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { definedOnly, normalizeEmail } from '../internal/values';
import { guard } from './errors';
import { toUser } from './mappers';
import type { Models } from './models';
import type { UserDoc } from './schemas';
import { deleteById } from './versioned';

/** Documents written before users had versions carry none: they count as version 1. */
const atVersion = (version: number) =>
  version === 1 ? { $or: [{ version: 1 }, { version: { $exists: false } }] } : { version };

export function mongoUsers({ User }: Models, deps: ResolvedDeps): UserRepository {
  return {
    async create(input: NewUser) {
      const doc = await guard('user', () =>
        User.create({
          _id: deps.newId(),
          email: normalizeEmail(input.email),
          name: input.name,
          role: input.role,
          passwordHash: input.passwordHash,
          skills: input.skills ?? [],
          capacity: input.capacity,
          version: 1,
          createdAt: deps.clock(),
        }),
      );
      return toUser(doc.toObject());
    },
    async get(id) {
      const doc = await User.findById(id).lean<UserDoc>();
      return doc ? toUser(doc) : null;
    },
    async getByEmail(email) {
      const doc = await User.findOne({ email: normalizeEmail(email) }).lean<UserDoc>();
      return doc ? toUser(doc) : null;
    },
    async list() {
      const docs = await User.find().sort({ name: 1, _id: 1 }).lean<UserDoc[]>();
      return docs.map(toUser);
    },
    async count() {
      return User.countDocuments();
    },
    // Optimistic concurrency: the filter on the expected version makes compare and write one operation.
    async update(id, expectedVersion, patch) {
      const set = definedOnly({ ...patch, email: normalizeEmail(patch.email) });
      const doc = await guard('user', () =>
        User.findOneAndUpdate(
          { _id: id, ...atVersion(expectedVersion) },
          { $set: { ...set, version: expectedVersion + 1 } },
          { returnDocument: 'after', runValidators: true },
        ).lean<UserDoc>(),
      );
      if (doc) return toUser(doc);
      const current = await User.findById(id, { version: 1 }).lean<{ version?: number }>();
      if (!current) throw new StoreError('not_found', `user ${id} not found`);
      throw new StoreError(
        'conflict',
        `user ${id} is at version ${current.version ?? 1}, not ${expectedVersion}`,
      );
    },
    async delete(id) {
      await deleteById(User, 'user', id);
    },
  };
}
