/** The admin side's Mongo schemas (audit log, settings, turn records, user versions), validated offline. */
import { SCHEMAS } from './schemas';
import { failures, offlineModels } from './testing/offline-models';

const { TurnRecord, AuditEntry, Settings, User } = offlineModels();

const turn = (overrides: object = {}) =>
  new TurnRecord({
    _id: 't1',
    conversationId: 'c1',
    seq: 1,
    text: '',
    language: 'en',
    intent: 'none',
    score: 0,
    fallback: true,
    answeredBy: 'fallback',
    articleId: null,
    sentiment: 0,
    createdAt: new Date(),
    ...overrides,
  });

test('turn records: an empty text is fine; bad seq and answeredBy are not', async () => {
  expect(await failures(turn())).toEqual({});
  expect(await failures(turn({ seq: 0, answeredBy: 'robot' }))).toEqual({ seq: 'min', answeredBy: 'enum' });
  expect(await failures(turn({ text: undefined }))).toEqual({ text: 'required' });
});

test('audit entries and settings need their fields; users default to version 1', async () => {
  expect(
    await failures(new AuditEntry({ _id: 'a', before: 'null', after: 'null', createdAt: new Date() })),
  ).toEqual({
    action: 'required',
    entityType: 'required',
  });
  expect(
    await failures(new Settings({ _id: 'bot', value: '{}', version: 0, updatedAt: new Date() })),
  ).toEqual({
    version: 'min',
  });
  const user = new User({
    _id: 'u',
    email: 'a@example.com',
    name: 'A',
    role: 'admin',
    passwordHash: 'h',
    capacity: 1,
    createdAt: new Date(),
  });
  expect(user.version).toBe(1);
});

test('indexes: unique (conversationId, seq) on turn records; createdAt range indexes', () => {
  expect(SCHEMAS.TurnRecord.indexes()).toContainEqual([
    { conversationId: 1, seq: 1 },
    expect.objectContaining({ unique: true }),
  ]);
  expect(SCHEMAS.TurnRecord.indexes()).toContainEqual([{ createdAt: 1, _id: 1 }, expect.anything()]);
  expect(SCHEMAS.Conversation.indexes()).toContainEqual([{ createdAt: 1, _id: 1 }, expect.anything()]);
  expect(SCHEMAS.Escalation.indexes()).toContainEqual([{ createdAt: 1, _id: 1 }, expect.anything()]);
  expect(SCHEMAS.AuditEntry.indexes()).toContainEqual([{ createdAt: -1, _id: -1 }, expect.anything()]);
});
