/**
 * The last-admin guard document on a real MongoDB (see the comment in users.ts), beyond the contract
 * suite: a database from before the guard, two stores (connections) racing, many admins demoted at
 * once, and the repair by deleting the guard. Runs only where MONGODB_URI points at a server; each
 * test gets its own throwaway database, dropped at the end.
 */
import mongoose from 'mongoose';
import type { Store } from '../ports';
import { openMongoStore } from '.';

const uri = process.env.MONGODB_URI;

if (!uri) {
  console.log('skipped: MongoDB last-admin tests (set MONGODB_URI to run them)');
  test.skip('MongoDB last-admin tests (set MONGODB_URI to run them)', () => undefined);
} else {
  const run = `parley_admins_${process.pid}_${Date.now().toString(36)}`;
  const databases: string[] = [];
  const nextDatabase = () => {
    const name = `${run}_${databases.length + 1}`;
    databases.push(name);
    return name;
  };
  let raw: mongoose.Connection;
  let stores: Store[] = [];
  const open = async (dbName: string) => {
    const store = await openMongoStore({ uri, dbName, serverSelectionTimeoutMS: 5000 });
    stores.push(store);
    return store;
  };
  const admin = (email: string) => ({
    email,
    name: email,
    role: 'admin' as const,
    passwordHash: 'not-a-real-hash',
    skills: [],
    capacity: 1,
  });
  const adminIds = async (store: Store) =>
    (await store.users.list()).filter((u) => u.role === 'admin').map((u) => u.id);
  const counters = (dbName: string) => raw.useDb(dbName).collection('user_counters');
  const guardCount = async (dbName: string) =>
    (await counters(dbName).findOne({ _id: 'admins' as never }))?.count;

  beforeAll(async () => {
    raw = await mongoose.createConnection(uri).asPromise();
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.close()));
    stores = [];
  });
  afterAll(async () => {
    try {
      for (const name of databases) await raw.useDb(name).dropDatabase();
    } finally {
      await raw.close();
    }
  });

  test('a database from before the guard: the admins are counted on the first change', async () => {
    const dbName = nextDatabase();
    const users = raw.useDb(dbName).collection('users');
    for (const id of ['u1', 'u2']) {
      await users.insertOne({
        _id: id as never,
        email: `${id}@example.com`,
        name: id,
        role: 'admin',
        passwordHash: 'h',
        skills: [],
        capacity: 1,
        createdAt: new Date(),
      }); // no version either: written before users had versions
    }
    const store = await open(dbName);
    expect(await store.users.update('u1', 1, { role: 'agent' })).toMatchObject({ role: 'agent', version: 2 });
    await expect(store.users.delete('u2')).rejects.toMatchObject({ code: 'last_admin' });
    expect(await guardCount(dbName)).toBe(1);
  });

  test('two stores on one database: of two admins demoting each other, one is refused', async () => {
    const dbName = nextDatabase();
    const a = await open(dbName);
    const b = await open(dbName);
    const first = await a.users.create(admin('first@example.com'));
    const second = await b.users.create(admin('second@example.com'));
    const outcomes = await Promise.allSettled([
      a.users.update(second.id, 1, { role: 'agent' }),
      b.users.update(first.id, 1, { role: 'agent' }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'last_admin' } });
    expect(await adminIds(a)).toHaveLength(1);
    expect(await guardCount(dbName)).toBe(1);
  });

  test('six admins demoted and deleted all at once: five go, one stays, the count matches', async () => {
    const dbName = nextDatabase();
    const store = await open(dbName);
    const admins = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => store.users.create(admin(`a${n}@example.com`))),
    );
    expect(await guardCount(dbName)).toBe(6);
    const outcomes = await Promise.allSettled(
      admins.map((u, i) =>
        i % 2 ? store.users.delete(u.id) : store.users.update(u.id, 1, { role: 'agent' }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(5);
    expect(outcomes.find((o) => o.status === 'rejected')).toMatchObject({ reason: { code: 'last_admin' } });
    expect(await adminIds(store)).toHaveLength(1);
    expect(await guardCount(dbName)).toBe(1);
  });

  test('a refused write gives its slot back, a stale one takes none; deleting the guard recounts', async () => {
    const dbName = nextDatabase();
    const store = await open(dbName);
    const a = await store.users.create(admin('a@example.com'));
    await store.users.create(admin('b@example.com'));
    await store.users.create(admin('c@example.com'));
    await expect(
      store.users.update(a.id, 1, { role: 'agent', email: 'b@example.com' }),
    ).rejects.toMatchObject({
      code: 'duplicate',
    });
    await expect(store.users.update(a.id, 2, { role: 'agent' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await guardCount(dbName)).toBe(3);
    // A guard left low (as a crash between its two writes would leave it), then repaired.
    await counters(dbName).updateOne({ _id: 'admins' as never }, { $set: { count: 1 } });
    await expect(store.users.update(a.id, 1, { role: 'agent' })).rejects.toMatchObject({
      code: 'last_admin',
    });
    await counters(dbName).deleteOne({ _id: 'admins' as never });
    expect(await store.users.update(a.id, 1, { role: 'agent' })).toMatchObject({ role: 'agent' });
    expect(await guardCount(dbName)).toBe(2);
  });
}
