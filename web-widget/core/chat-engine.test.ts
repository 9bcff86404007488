import type { Ack, ChatMessageView } from '../../protocol';
import { ChatEngine, lengthHint, type ChatTransport, type Timers } from './chat-engine';
import { memoryStorage, StateStore, type KeyValueStorage } from './state';

/** A server with the real one's contract: store first, seq 1, 2, 3…, idempotent by clientMessageId. */
class FakeServer {
  conversations = new Map<string, ChatMessageView[]>();
  closed = new Set<string>();
  failResume = false;
  /** What `chat:resume` says of the conversation (the real server's conversation state). */
  state: 'bot' | 'queued' | 'agent' | 'closed' = 'bot';
  /** The bot's answer to each stored customer message (delivered through `deliver`). */
  answer = (text: string): string | null => `re: ${text}`;
  deliver: (m: ChatMessageView) => void = () => undefined;
  private nextId = 1;

  handle(event: string, payload: Record<string, unknown>): Ack<unknown> {
    if (event === 'chat:message') {
      let id = payload.conversationId as string | undefined;
      if (id && !this.conversations.has(id)) return { error: { code: 'not_found', message: 'no' } };
      if (id && this.closed.has(id)) return { error: { code: 'conflict', message: 'closed' } };
      const text = String(payload.text);
      if (text.length > 50) return { error: { code: 'message_too_long', message: 'long' } };
      if (!id) {
        id = `conv-${this.nextId++}`;
        this.conversations.set(id, []);
      }
      const list = this.conversations.get(id)!;
      const existing = list.find((m) => m.clientMessageId === payload.clientMessageId);
      if (existing) return { data: { conversationId: id, seq: existing.seq, created: false } };
      const stored = this.append(id, 'customer', text, String(payload.clientMessageId));
      const answer = this.answer(text);
      if (answer) queueMicrotask(() => this.deliver(this.append(id!, 'bot', answer, null)));
      return { data: { conversationId: id, seq: stored.seq, created: true } };
    }
    if (event === 'chat:resume') {
      if (this.failResume) return { error: { code: 'internal', message: 'down' } };
      const list = this.conversations.get(payload.conversationId as string);
      if (!list) return { error: { code: 'not_found', message: 'no' } };
      const after = list.filter((m) => m.seq > (payload.afterSeq as number));
      return {
        data: {
          conversationId: payload.conversationId,
          state: this.state,
          messages: after.slice(0, 2),
          more: after.length > 2,
        },
      };
    }
    return { error: { code: 'unknown_event', message: event } };
  }

  append(
    conversationId: string,
    sender: ChatMessageView['sender'],
    text: string,
    clientMessageId: string | null,
  ): ChatMessageView {
    const list = this.conversations.get(conversationId)!;
    const message: ChatMessageView = {
      conversationId,
      seq: list.length + 1,
      sender,
      text,
      attachments: [],
      clientMessageId,
      createdAt: new Date(0).toISOString(),
    };
    list.push(message);
    return message;
  }

  texts(conversationId: string): string[] {
    return (this.conversations.get(conversationId) ?? []).map((m) => `${m.seq}:${m.sender}:${m.text}`);
  }
}

class FakeTransport implements ChatTransport {
  connected = false;
  /** Store the message but lose the acknowledgement (a disconnect at the worst moment). */
  loseNextAck = false;
  requests: { event: string; payload: Record<string, unknown> }[] = [];
  reconnects = 0;
  constructor(private readonly server: FakeServer) {}

  async request<T>(event: string, payload: unknown): Promise<Ack<T>> {
    if (!this.connected) throw new Error('not connected');
    this.requests.push({ event, payload: payload as Record<string, unknown> });
    await Promise.resolve();
    const ack = this.server.handle(event, payload as Record<string, unknown>) as Ack<T>;
    if (this.loseNextAck && event === 'chat:message') {
      this.loseNextAck = false;
      this.connected = false;
      throw new Error('socket has been disconnected');
    }
    return ack;
  }

  reconnect(): void {
    this.reconnects++;
  }
}

class ManualTimers implements Timers {
  pending = new Map<number, () => void>();
  private next = 1;
  set(fn: () => void, _ms: number): unknown {
    const id = this.next++;
    this.pending.set(id, fn);
    return id;
  }
  clear(handle: unknown): void {
    this.pending.delete(handle as number);
  }
  runAll(): void {
    const fns = [...this.pending.values()];
    this.pending.clear();
    fns.forEach((fn) => fn());
  }
}

const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
};

function setup(storage: KeyValueStorage = memoryStorage(), server = new FakeServer()) {
  const transport = new FakeTransport(server);
  const timers = new ManualTimers();
  let ids = 0;
  let attending = true;
  const arrived: ChatMessageView[] = [];
  const engine = new ChatEngine({
    store: new StateStore(storage, 'parley:test'),
    transport,
    siteId: 'test',
    onChange: () => undefined,
    onArrived: (m) => arrived.push(...m),
    attending: () => attending,
    timers,
    newId: () => `id-${storage === undefined ? 0 : ++ids}-${Math.random().toString(36).slice(2, 6)}`,
    now: () => new Date('2026-01-01T10:00:00Z'),
  });
  server.deliver = (m) => {
    if (transport.connected) engine.reply(m);
  };
  const connect = async (): Promise<void> => {
    engine.auth(); // the handshake reads it
    transport.connected = true;
    await engine.connected();
    await settle();
  };
  const disconnect = (): void => {
    transport.connected = false;
    engine.disconnected(false);
  };
  return {
    engine,
    server,
    transport,
    timers,
    storage,
    arrived,
    connect,
    disconnect,
    setAttending: (a: boolean) => (attending = a),
  };
}

const shown = (engine: ChatEngine): string[] =>
  engine.state.messages.map((m) => `${m.seq}:${m.sender}:${m.text}`);

describe('ChatEngine delivery', () => {
  it('persists a message in the outbox before sending it, then records it by seq', async () => {
    const t = setup();
    await t.connect();
    const saved: string[] = [];
    const originalRequest = t.transport.request.bind(t.transport);
    t.transport.request = (event, payload) => {
      saved.push(t.storage.getItem('parley:test') ?? '');
      return originalRequest(event, payload);
    };
    expect(t.engine.send('  where is my order?  ')).toBe('ok');
    expect(JSON.parse(saved[0]).outbox).toEqual([expect.objectContaining({ text: 'where is my order?' })]);
    await settle();
    expect(t.engine.state.outbox).toEqual([]);
    expect(t.engine.state.conversationId).toBe('conv-1');
    expect(shown(t.engine)).toEqual(['1:customer:where is my order?', '2:bot:re: where is my order?']);
    expect(t.engine.state.lastSeq).toBe(2);
  });

  it('refuses empty and over-long messages without queuing them', () => {
    const t = setup();
    expect(t.engine.send('   ')).toBe('empty');
    expect(t.engine.send('x'.repeat(2001))).toBe('too_long');
    expect(t.engine.state.outbox).toEqual([]);
  });

  it('queues messages while offline and delivers them once, in order, on reconnect', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('first');
    await settle();
    t.disconnect();
    t.engine.send('second');
    t.engine.send('third');
    expect(t.engine.state.outbox.map((e) => e.text)).toEqual(['second', 'third']);
    expect(t.transport.requests.filter((r) => r.event === 'chat:message')).toHaveLength(1);

    await t.connect();
    const stored = t.server.conversations.get('conv-1')!;
    expect(stored.filter((m) => m.sender === 'customer').map((m) => m.text)).toEqual([
      'first',
      'second',
      'third',
    ]);
    expect(stored.filter((m) => m.sender === 'bot').map((m) => m.text)).toEqual([
      're: first',
      're: second',
      're: third',
    ]);
    expect(shown(t.engine)).toEqual(t.server.texts('conv-1'));
    expect(t.engine.state.outbox).toEqual([]);
  });

  it('re-sends with the same id when the acknowledgement was lost, and the server stores it once', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('hello');
    await settle();
    t.transport.loseNextAck = true;
    t.engine.send('lost ack');
    await settle();
    expect(t.engine.state.outbox.map((e) => e.text)).toEqual(['lost ack']);
    const id = t.engine.state.outbox[0].clientMessageId;

    t.server.failResume = true; // nothing tells the widget the message was stored: it re-sends
    await t.connect();
    const sends = t.transport.requests.filter(
      (r) => r.event === 'chat:message' && r.payload.text === 'lost ack',
    );
    expect(sends.map((r) => r.payload.clientMessageId)).toEqual([id, id]);
    expect(t.server.texts('conv-1').filter((m) => m.includes('customer:lost ack'))).toHaveLength(1);
    // The repeat's acknowledgement says `created: false`: the widget resumes to get the answer it missed.
    t.server.failResume = false;
    t.timers.runAll();
    await settle();
    expect(shown(t.engine)).toEqual(t.server.texts('conv-1'));
  });

  it('resumes after the last seq it saw and pages through everything it missed', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('hi');
    await settle();
    t.disconnect();
    for (let i = 1; i <= 5; i++) t.server.append('conv-1', 'agent', `missed ${i}`, null);
    await t.connect();
    const resumes = t.transport.requests
      .filter((r) => r.event === 'chat:resume')
      .map((r) => r.payload.afterSeq);
    expect(resumes).toEqual([2, 4, 6]);
    expect(shown(t.engine).slice(2)).toEqual([
      '3:agent:missed 1',
      '4:agent:missed 2',
      '5:agent:missed 3',
      '6:agent:missed 4',
      '7:agent:missed 5',
    ]);
  });

  it('drops duplicate replies and fills a gap by resuming', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('hi');
    await settle();
    const reply = t.server.conversations.get('conv-1')![1];
    t.engine.reply(reply);
    t.engine.reply(reply);
    t.server.append('conv-1', 'agent', 'three', null);
    const four = t.server.append('conv-1', 'agent', 'four', null);
    t.engine.reply(four); // seq 4 arrives, 3 went missing
    expect(t.engine.state.lastSeq).toBe(2);
    t.timers.runAll();
    await settle();
    expect(shown(t.engine)).toEqual(['1:customer:hi', '2:bot:re: hi', '3:agent:three', '4:agent:four']);
    expect(t.engine.state.lastSeq).toBe(4);
  });

  it('settles a message whose ack was lost when resume shows it stored', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('hi');
    await settle();
    t.server.answer = () => null;
    t.transport.loseNextAck = true;
    t.engine.send('stored anyway');
    await settle();
    t.transport.connected = true;
    t.transport.requests = [];
    await t.engine.resume();
    expect(t.engine.state.outbox).toEqual([]);
    expect(shown(t.engine)).toEqual(['1:customer:hi', '2:bot:re: hi', '3:customer:stored anyway']);
  });

  it('survives a reload: a new engine on the same storage shows the history and sends the outbox', async () => {
    const storage = memoryStorage();
    const server = new FakeServer();
    const first = setup(storage, server);
    await first.connect();
    first.engine.send('before reload');
    await settle();
    first.disconnect();
    first.engine.send('typed while offline');

    const second = setup(storage, server);
    expect(shown(second.engine)).toEqual(['1:customer:before reload', '2:bot:re: before reload']);
    expect(second.engine.state.outbox.map((e) => e.text)).toEqual(['typed while offline']);
    await second.connect();
    expect(shown(second.engine)).toEqual(server.texts('conv-1'));
    expect(server.texts('conv-1')).toHaveLength(4);
  });

  it('keeps a refused message with its error and goes on with the next one', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('x'.repeat(60));
    t.engine.send('short');
    await settle();
    expect(t.engine.state.outbox).toEqual([expect.objectContaining({ error: 'message_too_long' })]);
    expect(shown(t.engine)).toEqual(['1:customer:short', '2:bot:re: short']);
    t.engine.discard(t.engine.state.outbox[0].clientMessageId);
    expect(t.engine.state.outbox).toEqual([]);
  });

  it('starts a new conversation when the old one was closed, keeping the old one as history', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('old');
    await settle();
    t.server.closed.add('conv-1');
    t.engine.send('new');
    await settle();
    expect(t.engine.state.conversationId).toBe('conv-2');
    expect(t.engine.state.archived.map((m) => m.text)).toEqual(['old', 're: old']);
    expect(shown(t.engine)).toEqual(['1:customer:new', '2:bot:re: new']);
  });

  it('keeps a reply that overtakes the first acknowledgement', async () => {
    const t = setup();
    await t.connect();
    const originalRequest = t.transport.request.bind(t.transport);
    t.transport.request = async <T>(event: string, payload: unknown) => {
      const ack = await originalRequest<T>(event, payload);
      await settle(); // the bot's reply is delivered before the ack arrives
      return ack;
    };
    t.engine.send('hi');
    await settle();
    await settle();
    expect(shown(t.engine)).toEqual(['1:customer:hi', '2:bot:re: hi']);
  });

  it('counts unread replies only while the customer is not looking', async () => {
    const t = setup();
    await t.connect();
    t.setAttending(false);
    t.engine.send('hi');
    await settle();
    expect(t.engine.state.unread).toBe(1);
    expect(t.arrived.map((m) => m.text)).toEqual(['re: hi']);
    t.engine.setOpen(true);
    expect(t.engine.state.unread).toBe(0);
  });

  it('shows the bot as typing between the acknowledgement and its answer', async () => {
    const t = setup();
    await t.connect();
    t.server.answer = () => null;
    t.engine.send('hi');
    await settle();
    expect(t.engine.typing).toEqual({ name: null, bot: true });
    t.engine.reply(t.server.append('conv-1', 'bot', 'late answer', null));
    expect(t.engine.typing).toBeNull();
  });

  it('does not lose a message when two tabs share the storage', async () => {
    const storage = memoryStorage();
    const server = new FakeServer();
    const a = setup(storage, server);
    const b = setup(storage, server);
    a.engine.send('from tab a');
    b.engine.send('from tab b');
    expect(a.engine.state.outbox.map((e) => e.text)).toEqual(['from tab a']); // a's snapshot is older…
    expect(new StateStore(storage, 'parley:test').load().outbox.map((e) => e.text)).toEqual([
      'from tab a',
      'from tab b',
    ]);
    await a.connect();
    await b.connect();
    const customer = server.conversations.get('conv-1')!.filter((m) => m.sender === 'customer');
    expect(customer.map((m) => m.text)).toEqual(['from tab a', 'from tab b']);
    expect(server.conversations.size).toBe(1);
  });

  it('passes the identity in the handshake and asks to reconnect when chat:identify is unknown', async () => {
    const t = setup();
    t.engine.identify({ customerId: 'cust-1', signature: 'ab'.repeat(32) });
    expect(t.engine.auth()).toMatchObject({
      siteId: 'test',
      customerId: 'cust-1',
      customerSignature: 'ab'.repeat(32),
    });
    await t.connect();
    expect(t.transport.requests.filter((r) => r.event === 'chat:identify')).toEqual([]);
    t.engine.identify({ customerId: 'cust-2', signature: 'cd'.repeat(32) });
    await settle();
    expect(
      t.transport.requests.filter((r) => r.event === 'chat:identify').map((r) => r.payload.customerId),
    ).toEqual(['cust-2']);
    expect(t.transport.reconnects).toBe(1);
  });

  it('stops sending typing notices when the server does not know chat:typing', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('hi');
    await settle();
    t.engine.notifyTyping(true);
    await settle();
    t.engine.notifyTyping(false);
    t.engine.notifyTyping(true);
    await settle();
    expect(t.transport.requests.filter((r) => r.event === 'chat:typing')).toHaveLength(1);
  });
});

describe('ChatEngine after a handoff', () => {
  const notice = (server: FakeServer, value: Record<string, unknown>, name = 'handoff.status') => {
    const m = server.append('conv-1', 'system', '', null);
    m.event = { name, value };
    return m;
  };

  it('stops showing the bot as typing when the handoff answers with notices only', async () => {
    const t = setup();
    await t.connect();
    t.server.answer = () => null;
    t.engine.send('talk to a person');
    await settle();
    expect(t.engine.typing).toEqual({ name: null, bot: true });
    t.engine.reply(notice(t.server, {}, 'handoff.initiate'));
    t.engine.reply(notice(t.server, { state: 'accepted', agentName: 'Sam Ortega' }));
    expect(t.engine.typing).toBeNull();
    expect(t.engine.state.conversationState).toBe('agent');
  });

  it("keeps a person's typing through unrelated notices, not through their hand-back", async () => {
    const t = setup();
    await t.connect();
    t.engine.send('hi');
    await settle();
    t.engine.remoteTyping({ conversationId: 'conv-1', active: true, name: 'Sam Ortega' });
    t.engine.reply(notice(t.server, { state: 'queued', position: 1 }));
    expect(t.engine.typing).toEqual({ name: 'Sam Ortega', bot: false });
    t.engine.reply(notice(t.server, { state: 'completed', resolution: 'handed_back' }));
    expect(t.engine.typing).toBeNull();
    expect(t.engine.state.conversationState).toBe('bot');
  });

  it('learns who has the chat from the handoff events: queued, a person, the bot after an email ticket', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('talk to a person');
    await settle();
    expect(t.engine.state.conversationState).toBe('bot');
    t.engine.reply(notice(t.server, {}, 'handoff.initiate'));
    expect(t.engine.state.conversationState).toBe('queued');
    // Nobody is free: the email offer keeps the customer in the queue (the server's state too).
    t.engine.reply(notice(t.server, { state: 'failed', reason: 'no_agent' }));
    expect(t.engine.state.conversationState).toBe('queued');
    const ticket = notice(t.server, { state: 'completed', reason: 'ticket_created' });
    ticket.text = "Thanks! I've created ticket AB12CD34.";
    t.engine.reply(ticket);
    expect(t.engine.state.conversationState).toBe('bot');
    t.engine.reply(notice(t.server, { state: 'accepted', agentName: 'Sam Ortega' }));
    expect(t.engine.state.conversationState).toBe('agent');
    t.engine.reply(notice(t.server, { state: 'completed', resolution: 'resolved' }));
    expect(t.engine.state.conversationState).toBe('bot');
  });

  it('asks the server after a transfer whether another person has the chat or the queue does', async () => {
    const t = setup();
    await t.connect();
    t.engine.send('hi');
    await settle();
    t.engine.reply(notice(t.server, { state: 'accepted', agentName: 'Sam Ortega' }));
    t.server.state = 'queued';
    t.engine.reply(notice(t.server, { state: 'transferred' }));
    expect(t.engine.state.conversationState).toBe('agent');
    t.timers.runAll();
    await settle();
    expect(t.engine.state.conversationState).toBe('queued');
    expect(t.engine.queue).toEqual({ position: null, waitSeconds: null });
  });
});

describe('lengthHint', () => {
  it('says nothing far from the limit, counts near it, and says by how much a paste is over', () => {
    expect(lengthHint('x'.repeat(1799), 2000)).toEqual({ kind: 'none' });
    expect(lengthHint('x'.repeat(1800), 2000)).toEqual({ kind: 'count', used: 1800, max: 2000 });
    expect(lengthHint(`  ${'x'.repeat(2000)}  `, 2000)).toEqual({ kind: 'count', used: 2000, max: 2000 });
    expect(lengthHint('x'.repeat(2345), 2000)).toEqual({ kind: 'over', over: 345, max: 2000 });
  });
});
