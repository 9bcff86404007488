/**
 * The store contract on a real MongoDB. There is no server on the development machines (and
 * nothing may download one), so this runs only where MONGODB_URI points at a server; each
 * store gets its own throwaway database, dropped at the end.
 */
import mongoose from 'mongoose';
import { describeStoreContract } from '../contract';
import { openMongoStore } from '.';
import { RECENT_CLIENT_IDS } from './messages';

const uri = process.env.MONGODB_URI;

if (!uri) {
  console.log('skipped: MongoDB contract suite (set MONGODB_URI to run it)');
  test.skip('MongoDB contract suite (set MONGODB_URI to run it)', () => undefined);
} else {
  const run = `parley_test_${process.pid}_${Date.now().toString(36)}`;
  const databases: string[] = [];
  const nextDatabase = () => {
    const name = `${run}_${databases.length + 1}`;
    databases.push(name);
    return name;
  };

  afterAll(async () => {
    const admin = await mongoose.createConnection(uri).asPromise();
    try {
      for (const name of databases) await admin.useDb(name).dropDatabase();
    } finally {
      await admin.close();
    }
  });

  describeStoreContract('mongodb', (deps) =>
    openMongoStore({ uri, dbName: nextDatabase(), serverSelectionTimeoutMS: 5000, ...deps }),
  );

  describe('mongodb store specifics', () => {
    test('documents use string ids, no __v, and dates as BSON dates', async () => {
      const dbName = nextDatabase();
      const store = await openMongoStore({ uri, dbName });
      const raw = await mongoose.createConnection(uri, { dbName }).asPromise();
      try {
        const customer = await store.customers.create({
          externalId: 'e1',
          name: 'Ada',
          email: 'ada@example.com',
          phone: null,
          tier: 'gold',
          consent: true,
        });
        const doc = await raw.collection('customers').findOne({ _id: customer.id as never });
        expect(doc).not.toBeNull();
        expect(typeof doc!._id).toBe('string');
        expect(doc).not.toHaveProperty('__v');
        expect(doc!.createdAt).toBeInstanceOf(Date);
      } finally {
        await raw.close();
        await store.close();
      }
    });

    test('the client-id window stays bounded and hidden; older re-sends are still idempotent', async () => {
      const dbName = nextDatabase();
      const store = await openMongoStore({ uri, dbName });
      const raw = await mongoose.createConnection(uri, { dbName }).asPromise();
      try {
        const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v' });
        const first = await store.messages.append({
          conversationId: conversation.id,
          sender: 'customer',
          text: 'x',
          clientMessageId: 'c-first',
        });
        await Promise.all(
          Array.from({ length: RECENT_CLIENT_IDS }, (_, i) =>
            store.messages.append({
              conversationId: conversation.id,
              sender: 'customer',
              text: `m${i}`,
              clientMessageId: `c-${i}`,
            }),
          ),
        );
        const stored = await raw.collection('conversations').findOne({ _id: conversation.id as never });
        expect(stored!.recentClientMessageIds).toHaveLength(RECENT_CLIENT_IDS);
        expect(stored!.recentClientMessageIds).not.toContain('c-first');
        expect(await store.conversations.get(conversation.id)).not.toHaveProperty('recentClientMessageIds');

        const again = await store.messages.append({
          conversationId: conversation.id,
          sender: 'customer',
          text: 'x',
          clientMessageId: 'c-first',
        });
        expect(again).toEqual({ created: false, message: first.message });
        expect((await store.conversations.get(conversation.id))?.lastSeq).toBe(RECENT_CLIENT_IDS + 1);
      } finally {
        await raw.close();
        await store.close();
      }
    });

    test('opening against an unreachable server fails instead of hanging', async () => {
      await expect(
        openMongoStore({ uri: 'mongodb://127.0.0.1:1/parley', serverSelectionTimeoutMS: 500 }),
      ).rejects.toThrow();
    });
  });
}
