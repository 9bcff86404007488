/**
 * Console sign-in sessions on MongoDB (see AuthSessionRepository). A TTL index on `expiresAt` lets
 * MongoDB delete expired sessions by itself; reads still check expiry (the TTL monitor runs once a minute).
 */
import { Schema, type Connection, type Model } from 'mongoose';
import type { AuthSession, AuthSessionRepository } from '../ports';
import type { ResolvedDeps } from '../internal/deps';
import { guard } from './errors';

interface AuthSessionDoc {
  _id: string;
  userId: string;
  csrfToken: string;
  userAgent: string | null;
  createdAt: Date;
  expiresAt: Date;
  lastSeenAt: Date;
}

const isoDate = (value: unknown): boolean => typeof value === 'string' && !Number.isNaN(Date.parse(value));

export const authSessionSchema = new Schema<AuthSessionDoc>(
  {
    _id: { type: String, required: true, minlength: 1 },
    userId: { type: String, required: true, minlength: 1, index: true },
    csrfToken: { type: String, required: true, minlength: 1 },
    userAgent: { type: String, default: null },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true, index: { expireAfterSeconds: 0 } },
    lastSeenAt: { type: Date, required: true },
  },
  { collection: 'auth_sessions', versionKey: false, id: false, strict: 'throw' },
);

const toSession = (doc: AuthSessionDoc): AuthSession => ({
  id: doc._id,
  userId: doc.userId,
  csrfToken: doc.csrfToken,
  userAgent: doc.userAgent ?? null,
  createdAt: doc.createdAt.toISOString(),
  expiresAt: doc.expiresAt.toISOString(),
  lastSeenAt: doc.lastSeenAt.toISOString(),
});

export async function bindAuthSessionModel(conn: Connection): Promise<Model<AuthSessionDoc>> {
  const model = conn.model<AuthSessionDoc>('AuthSession', authSessionSchema);
  await model.init();
  return model;
}

export function mongoAuthSessions(
  Sessions: Model<AuthSessionDoc>,
  deps: ResolvedDeps,
): AuthSessionRepository {
  return {
    async create(input) {
      const now = deps.clock();
      const doc = await guard('session', () =>
        Sessions.create({
          _id: input.id,
          userId: input.userId,
          csrfToken: input.csrfToken,
          userAgent: input.userAgent ?? null,
          createdAt: now,
          // An unparseable date is rejected as invalid by the schema's cast, like SQLite's CHECK.
          expiresAt: isoDate(input.expiresAt) ? new Date(input.expiresAt) : input.expiresAt,
          lastSeenAt: now,
        }),
      );
      return toSession(doc.toObject());
    },
    async get(id) {
      const doc = await Sessions.findOne({
        _id: id,
        expiresAt: { $gt: deps.clock() },
      }).lean<AuthSessionDoc>();
      return doc ? toSession(doc) : null;
    },
    async touch(id, expiresAt) {
      const now = deps.clock();
      const doc = await guard('session', () =>
        Sessions.findOneAndUpdate(
          { _id: id, expiresAt: { $gt: now } },
          { $set: { expiresAt: new Date(expiresAt), lastSeenAt: now } },
          { new: true },
        ).lean<AuthSessionDoc>(),
      );
      return doc ? toSession(doc) : null;
    },
    async delete(id) {
      return (await Sessions.deleteOne({ _id: id })).deletedCount > 0;
    },
    async deleteForUser(userId) {
      return (await Sessions.deleteMany({ userId })).deletedCount;
    },
    async deleteExpired() {
      return (await Sessions.deleteMany({ expiresAt: { $lte: deps.clock() } })).deletedCount;
    },
  };
}
