import type { ChatMessageView } from '../../protocol';
import { memoryStorage, RelayedStorage, StateStore, usableStorage, type KeyValueStorage } from './state';

const message = (seq: number): ChatMessageView => ({
  conversationId: 'c',
  seq,
  sender: 'bot',
  text: `message ${seq} `.padEnd(100, '.'),
  attachments: [],
  clientMessageId: null,
  createdAt: '2026-01-01T00:00:00.000Z',
});

describe('StateStore', () => {
  it('reads back what it saved and ignores malformed content', () => {
    const storage = memoryStorage();
    const store = new StateStore(storage, 'k');
    const state = store.load();
    state.conversationId = 'c';
    state.messages = [message(1)];
    state.outbox = [{ clientMessageId: 'a', text: 'hi', createdAt: 'now' }];
    store.save(state);
    expect(store.load()).toMatchObject({
      conversationId: 'c',
      messages: [message(1)],
      outbox: [{ clientMessageId: 'a' }],
    });

    storage.setItem('k', JSON.stringify({ lastSeq: -3, messages: [{ nope: 1 }], outbox: 'x', open: 'yes' }));
    expect(store.load()).toMatchObject({ lastSeq: 0, messages: [], outbox: [], open: false });
    storage.setItem('k', '{not json');
    expect(store.load().messages).toEqual([]);
  });

  it('keeps at most the newest messages', () => {
    const store = new StateStore(memoryStorage(), 'k', { messages: 3, archived: 1 });
    const state = store.load();
    state.messages = [1, 2, 3, 4, 5].map(message);
    store.save(state);
    expect(store.load().messages.map((m) => m.seq)).toEqual([3, 4, 5]);
  });

  it('drops history, never the outbox, when the quota is exceeded', () => {
    const inner = memoryStorage();
    const small: KeyValueStorage = {
      getItem: (k) => inner.getItem(k),
      setItem: (k, v) => {
        if (v.length > 1500) throw new DOMException('full', 'QuotaExceededError');
        inner.setItem(k, v);
      },
    };
    const store = new StateStore(small, 'k');
    const state = store.load();
    state.messages = Array.from({ length: 40 }, (_, i) => message(i + 1));
    state.outbox = [{ clientMessageId: 'a', text: 'do not lose me', createdAt: 'now' }];
    store.save(state);
    const back = store.load();
    expect(back.outbox.map((e) => e.text)).toEqual(['do not lose me']);
    expect(back.messages.length).toBeLessThan(40);
  });
});

describe('storage choice', () => {
  it('rejects storage that throws', () => {
    expect(
      usableStorage(() => {
        throw new DOMException('denied', 'SecurityError');
      }),
    ).toBeNull();
    expect(usableStorage(() => memoryStorage())).not.toBeNull();
  });

  it('relays writes to the host page and takes its values', () => {
    const writes: [string, string][] = [];
    const relayed = new RelayedStorage((k, v) => writes.push([k, v]));
    relayed.receive('parley:demo', '{"v":1}');
    expect(relayed.getItem('parley:demo')).toBe('{"v":1}');
    relayed.setItem('parley:demo', '{"v":2}');
    expect(writes).toEqual([['parley:demo', '{"v":2}']]);
    relayed.receive('parley:demo', null);
    expect(relayed.getItem('parley:demo')).toBeNull();
  });
});
