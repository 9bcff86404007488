import { Schema, type Model } from 'mongoose';
import type { NewUser, UserRepository } from '../ports';
import { StoreError } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { demotesAdmin, lastAdminError } from '../internal/users';
import { definedOnly, normalizeEmail, recordAtVersion } from '../internal/values';
import { guard, isDuplicateKey } from './errors';
import { toUser } from './mappers';
import type { Models } from './models';
import type { UserDoc } from './schemas';

/** Documents written before users had versions carry none: they count as version 1. */
const atVersion = (version: number) =>
  version === 1 ? { $or: [{ version: 1 }, { version: { $exists: false } }] } : { version };

/*
 * The last admin, without multi-document transactions (no replica set required)
 * -------------------------------------------------------------------------------
 * "Is this the only admin?" spans documents, and MongoDB is atomic per document only. So one guard
 * document holds the number the rule is decided on: { _id: 'admins', count } in `user_counters`.
 * Taking an admin away first takes a slot from it with one conditional update,
 *   findOneAndUpdate({ _id: 'admins', count: { $gte: 2 } }, { $inc: { count: -1 } }),
 * which MongoDB applies to one document atomically: of two demotions racing for the last two admins
 * (count 2), the first leaves 1 and the second no longer matches, so it gets StoreError('last_admin')
 * before it has written anything.
 *
 * The order of the two writes keeps the count at or below the real number of admins at all times:
 *   - demote / delete an admin: take the slot, then write the user (version-checked, so it only
 *     succeeds on the admin we read); if that write does not happen, give the slot back;
 *   - promote / create an admin: write the user, then add the slot.
 * So the real number of admins is the count plus the slots taken whose user write is in flight plus
 * the admins written whose slot is not added yet: never less than the count. And the count never
 * drops below 1 once it has been 1 (a slot is taken only from 2 or more), so the store always keeps
 * an admin. A crash between the two writes leaves the count one too low, and so does a user write
 * whose outcome is unknown (a network error: its slot is not given back); a count too low can only
 * refuse a demotion that would have been allowed, never allow one that must be refused. The repair,
 * with no admin change in flight: delete the guard document; the next change recounts it.
 *
 * The guard is created on first need by counting the admins, with an upsert that only ever inserts
 * ($setOnInsert). Every change to the number of admins makes sure the guard exists before it writes
 * anything, so no such change can fall between that count and the insert: the count is exact.
 * (The user documents' version pins their role: every update bumps it, so a write filtered on the
 * version we read changes the role we read, and the bookkeeping above is per actual role change.)
 */
const ADMINS = 'admins';

interface UserCounterDoc {
  _id: string;
  count: number;
}

const userCounterSchema = new Schema<UserCounterDoc>(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true, min: 0 },
  },
  { collection: 'user_counters', versionKey: false, id: false },
);

/** How many times a delete looks again when the user changed between its read and its write. */
const DELETE_ATTEMPTS = 5;

export function mongoUsers({ User }: Models, deps: ResolvedDeps): UserRepository {
  // Bound on the users' own connection (given the same schema object again, mongoose returns the
  // model it compiled). Its only index is _id, which needs no build.
  const Counters: Model<UserCounterDoc> = User.db.model<UserCounterDoc>('UserCounter', userCounterSchema);

  const ensureAdminCount = async (): Promise<void> => {
    if (await Counters.exists({ _id: ADMINS })) return;
    const count = await User.countDocuments({ role: 'admin' });
    try {
      await Counters.updateOne({ _id: ADMINS }, { $setOnInsert: { count } }, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err; // another process inserted it first: theirs stands
    }
  };
  /** Takes one admin slot unless it is the last; false means "this is the only admin". */
  const takeAdminSlot = async (): Promise<boolean> => {
    await ensureAdminCount();
    const taken = await Counters.findOneAndUpdate(
      { _id: ADMINS, count: { $gte: 2 } },
      { $inc: { count: -1 } },
    ).lean<UserCounterDoc>();
    return taken !== null;
  };
  /** After a promotion or an admin's creation, or to give back a slot whose write did not happen. */
  const addAdminSlot = async (): Promise<void> => {
    await Counters.updateOne({ _id: ADMINS }, { $inc: { count: 1 } });
  };

  return {
    async create(input: NewUser) {
      const admin = input.role === 'admin';
      if (admin) await ensureAdminCount();
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
      if (admin) await addAdminSlot();
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
    // Optimistic concurrency: the filter on the expected version makes compare and write one
    // operation. A role change also keeps the admin count (see the comment above mongoUsers).
    async update(id, expectedVersion, patch) {
      const set = definedOnly({ ...patch, email: normalizeEmail(patch.email) });
      const versionConflict = (found: number | undefined) =>
        new StoreError('conflict', `user ${id} is at version ${found ?? 1}, not ${expectedVersion}`);
      // Only a role change needs the role before the write; the write's version filter checks the rest.
      let demoting = false;
      let promoting = false;
      if (set.role !== undefined) {
        const current = await User.findById(id, { role: 1, version: 1 }).lean<
          Pick<UserDoc, 'role'> & { version?: number }
        >();
        if (!current) throw new StoreError('not_found', `user ${id} not found`);
        if ((current.version ?? 1) !== expectedVersion) throw versionConflict(current.version);
        // What `current` says holds for the write too: it only succeeds at expectedVersion.
        demoting = demotesAdmin(current.role, set.role);
        promoting = current.role !== 'admin' && set.role === 'admin';
      }
      if (promoting) await ensureAdminCount();
      if (demoting && !(await takeAdminSlot())) throw lastAdminError(id, 'demote');
      const doc = await guard('user', () =>
        User.findOneAndUpdate(
          { _id: id, ...atVersion(expectedVersion) },
          { $set: { ...set, version: expectedVersion + 1 } },
          { returnDocument: 'after', runValidators: true },
        ).lean<UserDoc>(),
      ).catch(async (err: unknown) => {
        // A refusal (taken email, invalid value) wrote nothing: the slot goes back. Any other failure
        // (the network) may have written: the slot stays taken, the count low rather than high.
        if (demoting && err instanceof StoreError) await addAdminSlot();
        throw err;
      });
      if (doc) {
        if (promoting) await addAdminSlot();
        return toUser(doc);
      }
      if (demoting) await addAdminSlot();
      const now = await User.findById(id, { version: 1 }).lean<{ version?: number }>();
      if (!now) throw new StoreError('not_found', `user ${id} not found`);
      throw versionConflict(now.version);
    },
    // Deletes the user at the version read, so the role read is the role deleted; an admin's delete
    // takes a slot first (see the comment above mongoUsers). A user changed in between is read again:
    // without `expectedVersion` the delete is retried, with it the read again is a conflict.
    async delete(id, expectedVersion) {
      for (let attempt = 1; ; attempt += 1) {
        const found = await User.findById(id, { role: 1, version: 1 }).lean<
          Pick<UserDoc, 'role'> & { version?: number }
        >();
        const current = recordAtVersion(
          'user',
          id,
          found && { ...found, version: found.version ?? 1 },
          expectedVersion,
        );
        const admin = current.role === 'admin';
        if (admin && !(await takeAdminSlot())) throw lastAdminError(id, 'delete');
        // A failure here (the network) may have deleted: the slot stays taken (see update).
        const { deletedCount } = await User.deleteOne({ _id: id, ...atVersion(current.version ?? 1) });
        if (deletedCount === 1) return;
        if (admin) await addAdminSlot(); // nothing deleted: the slot goes back
        if (attempt === DELETE_ATTEMPTS)
          throw new StoreError('conflict', `user ${id} kept changing while it was being deleted`);
      }
    },
  };
}
