import { TestAdapter, TurnContext } from 'botbuilder';
import { openSqliteStore } from '../store';
import type { Store } from '../store';
import { WriteCoalescer, withGroupCommit } from './group-commit';
import { ParleyConversationState, ParleyUserState } from './state';
import { StoreStateStorage } from './state-storage';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ file: ':memory:' });
});
afterEach(() => store.close());

describe('StoreStateStorage', () => {
  it('round-trips items with eTags and serves repeated reads from its cache', async () => {
    const read = jest.spyOn(store.botState, 'read');
    const storage = new StoreStateStorage({ repository: store.botState });
    await storage.write({ a: { n: 1 } });
    const first = await storage.read(['a', 'missing']);
    expect(first).toEqual({ a: { n: 1, eTag: expect.any(String) } });
    expect(read).toHaveBeenCalledWith(['missing']); // "a" came from the cache the write filled
    const again = await storage.read(['a']);
    expect(again).toEqual(first);
    expect(read).toHaveBeenCalledTimes(1);
    // Copies, not the cached object: changing what was read changes nothing stored.
    (again.a as { n: number }).n = 99;
    expect((await storage.read(['a'])).a.n).toBe(1);
  });

  it('refuses a stale eTag like MemoryStorage, and "*" overwrites', async () => {
    const storage = new StoreStateStorage({ repository: store.botState });
    await storage.write({ k: { v: 1 } });
    const { k } = await storage.read(['k']);
    await storage.write({ k: { ...k, v: 2 } });
    await expect(storage.write({ k: { ...k, v: 3 } })).rejects.toThrow(
      'Storage: error writing "k" due to eTag conflict.',
    );
    await storage.write({ k: { v: 4, eTag: '*' } });
    expect((await storage.read(['k'])).k.v).toBe(4);
  });

  it('detects a write by another process through the store, not its stale cache', async () => {
    const mine = new StoreStateStorage({ repository: store.botState });
    const theirs = new StoreStateStorage({ repository: store.botState });
    await mine.write({ k: { v: 1 } });
    const stale = (await mine.read(['k'])).k;
    await theirs.write({ k: { ...(await theirs.read(['k'])).k, v: 2 } });
    await expect(mine.write({ k: { ...stale, v: 3 } })).rejects.toThrow(/eTag conflict/);
    expect((await mine.read(['k'])).k.v).toBe(2); // the conflict dropped the stale copy
  });

  it('delete removes from store and cache', async () => {
    const storage = new StoreStateStorage({ repository: store.botState });
    await storage.write({ k: { v: 1 } });
    await storage.delete(['k']);
    expect(await storage.read(['k'])).toEqual({});
  });
});

describe('conversation and user state', () => {
  const contextFor = (adapter: TestAdapter, conversationId: string) =>
    new TurnContext(adapter, {
      type: 'message',
      text: 'hi',
      channelId: 'test',
      from: { id: 'user', name: '' },
      recipient: { id: 'bot', name: '' },
      conversation: { id: conversationId, isGroup: false, conversationType: '', name: '' },
    });

  it('writes only what changed, with the eTag it read (a stale turn fails)', async () => {
    const write = jest.spyOn(store.botState, 'write');
    const storage = new StoreStateStorage({ repository: store.botState });
    const state = new ParleyConversationState(storage);
    const counter = state.createProperty<{ n: number }>('counter');
    const adapter = new TestAdapter(async () => undefined);

    const turn1 = contextFor(adapter, 'c1');
    (await counter.get(turn1, { n: 0 })).n++;
    await state.saveChanges(turn1);
    // The JSON computed for change detection goes along, so the store does not serialize again.
    // Not the web chat's adapter: the key is prefixed (a caller of /api/messages cannot name web state).
    expect(write).toHaveBeenLastCalledWith(
      'botframework/test/conversations/c1/',
      { counter: { n: 1 } },
      undefined,
      JSON.stringify({ counter: { n: 1 } }),
    );

    const turn2 = contextFor(adapter, 'c1');
    await counter.get(turn2, { n: 0 });
    await state.saveChanges(turn2);
    expect(write).toHaveBeenCalledTimes(1); // nothing changed, nothing written

    // Two turns read the same version; the second to save loses.
    const a = contextFor(adapter, 'c1');
    const b = contextFor(adapter, 'c1');
    (await counter.get(a, { n: 0 })).n = 10;
    (await counter.get(b, { n: 0 })).n = 20;
    await state.saveChanges(a);
    await expect(state.saveChanges(b)).rejects.toThrow(/eTag conflict/);
    // Saving twice in one turn is fine: the first save took the new eTag.
    (await counter.get(a, { n: 0 })).n = 11;
    await state.saveChanges(a);
    const c = contextFor(adapter, 'c1');
    expect(await counter.get(c)).toEqual({ n: 11 });
  });

  it('user state is last-writer-wins (parallel conversations of one visitor)', async () => {
    const storage = new StoreStateStorage({ repository: store.botState });
    const state = new ParleyUserState(storage);
    const profile = state.createProperty<{ n: number }>('profile');
    const adapter = new TestAdapter(async () => undefined);
    const a = contextFor(adapter, 'c1');
    const b = contextFor(adapter, 'c2');
    (await profile.get(a, { n: 0 })).n = 1;
    (await profile.get(b, { n: 0 })).n = 2;
    await state.saveChanges(a);
    await state.saveChanges(b);
    expect(await profile.get(contextFor(adapter, 'c3'))).toEqual({ n: 2 });
  });

  it('clear keeps the document, delete removes it', async () => {
    const storage = new StoreStateStorage({ repository: store.botState });
    const state = new ParleyConversationState(storage);
    const prop = state.createProperty<string>('p');
    const adapter = new TestAdapter(async () => undefined);
    const a = contextFor(adapter, 'c1');
    await prop.set(a, 'x');
    await state.saveChanges(a);
    const b = contextFor(adapter, 'c1');
    await state.load(b);
    await state.clear(b);
    await state.saveChanges(b);
    expect(await prop.get(contextFor(adapter, 'c1'))).toBeUndefined();
    await state.delete(contextFor(adapter, 'c1'));
    expect(await store.botState.read(['test/conversations/c1/'])).toEqual([]);
  });
});

describe('group commit', () => {
  it('commits the writes of one event-loop turn together; each settles on its own after the commit', async () => {
    const batches: number[] = [];
    const batchWrites = store.batchWrites!.bind(store);
    (store as { batchWrites: Store['batchWrites'] }).batchWrites = <T>(work: () => T): T => {
      const result = batchWrites(work);
      batches.push((result as unknown[]).length);
      return result;
    };
    const grouped = withGroupCommit(store);
    expect(withGroupCommit(store)).toBe(grouped);
    const conversation = await store.conversations.create({ channel: 'web', visitorId: 'v' });
    const results = await Promise.allSettled([
      grouped.messages.append({ conversationId: conversation.id, sender: 'customer', text: 'one' }),
      grouped.messages.append({ conversationId: 'missing', sender: 'customer', text: 'lost' }),
      grouped.botState.write('k', { v: 1 }),
      grouped.messages.append({ conversationId: conversation.id, sender: 'bot', text: 'two' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(batches).toEqual([4]);
    expect((await grouped.messages.listAfter(conversation.id, 0)).map((m) => m.text)).toEqual(['one', 'two']);
    expect(grouped.conversations).toBe(store.conversations); // everything else is the store itself
  });

  it('rejects every write of a batch whose commit fails', async () => {
    const coalescer = new WriteCoalescer(() => {
      throw new Error('disk full');
    });
    await expect(Promise.all([coalescer.run(async () => 1), coalescer.run(async () => 2)])).rejects.toThrow(
      'disk full',
    );
  });

  it('leaves a store without batchWrites alone', () => {
    const plain = { ...store, batchWrites: undefined } as Store;
    expect(withGroupCommit(plain)).toBe(plain);
  });
});
