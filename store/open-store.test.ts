import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, SQLITE_FILE_NAME } from '.';

const root = mkdtempSync(join(tmpdir(), 'parley-open-store-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

test('without a MongoDB URI it opens SQLite at <dataDir>/parley.sqlite, creating the directory', async () => {
  const dataDir = join(root, 'nested', 'data');
  const store = await openStore({
    dataDir,
    clock: () => new Date('2024-01-01T00:00:00Z'),
    newId: () => 'fixed-id',
  });
  try {
    expect(store.kind).toBe('sqlite');
    expect(existsSync(join(dataDir, SQLITE_FILE_NAME))).toBe(true);
    const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v' });
    expect(conversation).toMatchObject({ id: 'fixed-id', createdAt: '2024-01-01T00:00:00.000Z' });
  } finally {
    await store.close();
  }
});

test('data persists across reopen of the same data directory', async () => {
  const dataDir = join(root, 'persist');
  const first = await openStore({ dataDir });
  const created = await first.intents.create({ name: 'greet', utterances: ['hi'], responses: ['Hello!'] });
  await first.close();
  const second = await openStore({ dataDir });
  try {
    expect(await second.intents.get(created.id)).toEqual(created);
  } finally {
    await second.close();
  }
});

test('with a MongoDB URI it picks the MongoDB adapter (and fails to connect to nothing)', async () => {
  await expect(
    openStore({
      dataDir: join(root, 'unused'),
      mongodbUri: 'mongodb://127.0.0.1:1/parley?serverSelectionTimeoutMS=300',
    }),
  ).rejects.toThrow(/ECONNREFUSED|Server selection|connect/i);
  expect(existsSync(join(root, 'unused'))).toBe(false);
});
