import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeStoreContract } from '../contract';
import { openSqliteStore } from '.';

const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-contract-'));
let files = 0;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A real file per store (WAL, locking and the migration path are what production runs).
describeStoreContract('sqlite', (deps) =>
  openSqliteStore({ file: join(dir, `store-${++files}.sqlite`), ...deps }),
);

describe('sqlite store specifics', () => {
  test('also works on :memory:', async () => {
    const store = await openSqliteStore({ file: ':memory:' });
    const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v' });
    await store.messages.append({ conversationId: conversation.id, sender: 'customer', text: 'hi' });
    expect((await store.messages.listAfter(conversation.id, 0)).map((m) => m.seq)).toEqual([1]);
    await store.close();
  });

  test('close is idempotent and later calls fail loudly', async () => {
    const store = await openSqliteStore({ file: join(dir, 'closing.sqlite') });
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
    await expect(store.ping()).rejects.toThrow();
  });
});
