import type { NewUser, UserRepository } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { normalizeEmail } from '../internal/values';
import { guard } from './errors';
import { toUser } from './mappers';
import type { Models } from './models';
import type { UserDoc } from './schemas';

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
  };
}
