/** Offline checks of the MongoDB session schema (the contract suite runs it live when MONGODB_URI is set). */
import mongoose from 'mongoose';
import { authSessionSchema } from './auth-sessions';

const conn = mongoose.createConnection();
const Sessions = conn.model('AuthSessionOffline', authSessionSchema);
afterAll(() => conn.close());

const valid = {
  _id: 'hash',
  userId: 'u1',
  csrfToken: 'csrf',
  userAgent: null,
  createdAt: new Date('2026-11-02T10:00:00Z'),
  expiresAt: new Date('2026-11-02T22:00:00Z'),
  lastSeenAt: new Date('2026-11-02T10:00:00Z'),
};

test('a complete session validates; expiry is a TTL index', () => {
  expect(new Sessions(valid).validateSync()).toBeUndefined();
  expect(authSessionSchema.indexes()).toContainEqual([
    { expiresAt: 1 },
    expect.objectContaining({ expireAfterSeconds: 0 }),
  ]);
});

test.each([
  ['an unparseable expiry', { expiresAt: 'not a date' }],
  ['a missing user', { userId: undefined }],
  ['an empty CSRF token', { csrfToken: '' }],
])('rejects %s', (_label, patch) => {
  expect(new Sessions({ ...valid, ...patch }).validateSync()).toBeInstanceOf(mongoose.Error.ValidationError);
});
