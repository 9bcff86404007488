/**
 * Graceful shutdown: a message whose answer is still being worked out when SIGTERM arrives is
 * answered, stored and delivered before the sockets close; new messages are refused meanwhile.
 */
import pino from 'pino';
import { io as connect } from 'socket.io-client';
import { openSqliteStore } from '../store';
import type { BotTurnInput, ReplyEngine } from '../bot';
import type { Ack, ChatMessageAckData, ChatMessageView, ChatResumeAckData } from '../protocol';
import { createParleyServer } from '../server/parley-server';
import { nextReplies, request, startTestServer, type ChatClient } from './helpers/test-server';

describe('graceful shutdown', () => {
  it('finishes the turn in flight, then closes sockets and the store', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const turnStarted = new Promise<void>((resolve) => (started = resolve));
    const slow: ReplyEngine = {
      async respond({ message }) {
        started();
        await gate;
        return [{ text: `answered: ${message.text}` }];
      },
    };
    const t = await startTestServer(slow);
    const { socket } = await t.client();
    const replies = nextReplies(socket, 1);
    const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'inflight',
      text: 'hello',
    });
    await turnStarted;

    const disconnected = new Promise<void>((resolve) => socket.once('disconnect', () => resolve()));
    const shutdown = t.server.shutdown();
    // While draining, new messages are refused with a clear error (the client re-sends later).
    const refused = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'late',
      conversationId: ack.data!.conversationId,
      text: 'still there?',
    });
    expect(refused.error?.code).toBe('shutting_down');

    release();
    const [reply] = (await replies) as ChatMessageView[];
    expect(reply.text).toBe('answered: hello');
    await shutdown;
    await disconnected; // the server closed the socket only after the reply was delivered
    expect(socket.connected).toBe(false);

    // The reply is in the file, not only on the wire.
    const reopened = await openSqliteStore({ file: t.dbFile });
    const stored = await reopened.messages.listAfter(ack.data!.conversationId, 0);
    expect(stored.map((m) => [m.seq, m.sender, m.text])).toEqual([
      [1, 'customer', 'hello'],
      [2, 'bot', 'answered: hello'],
    ]);
    await reopened.close();
    await t.close();
  });

  it('answers a re-sent message whose turn never completed (crash before the reply)', async () => {
    const t = await startTestServer({ respond: async ({ message }) => [{ text: `re: ${message.text}` }] });
    try {
      // Simulate a crash after storing: the customer message exists, no reply was stored.
      const { socket, visitorToken } = await t.client();
      const visitorId = visitorToken.slice(0, visitorToken.lastIndexOf('.'));
      const owned = await t.store.conversations.create({ channel: 'web', visitorId });
      await t.store.messages.append({
        conversationId: owned.id,
        sender: 'customer',
        text: 'lost?',
        clientMessageId: 'm1',
      });
      const replies = nextReplies(socket, 1);
      const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
        clientMessageId: 'm1',
        conversationId: owned.id,
        text: 'lost?',
      });
      expect(ack.data).toEqual({ conversationId: owned.id, seq: 1, created: false });
      expect(((await replies) as ChatMessageView[])[0].text).toBe('re: lost?');
    } finally {
      await t.close();
    }
  });

  it('answers, on resume, a message acknowledged just before the server stopped (no re-send)', async () => {
    // Server 1: the bot's turn never finishes, as if the process died in the middle of it.
    let started!: () => void;
    const turnStarted = new Promise<void>((resolve) => (started = resolve));
    const first = await startTestServer(
      {
        respond: () => {
          started();
          return new Promise(() => {});
        },
      },
      { shutdownTimeoutMs: 100 },
    );
    const { socket, visitorToken } = await first.client();
    const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'acked',
      text: 'where is my order?',
    });
    expect(ack.data).toMatchObject({ seq: 1, created: true });
    await turnStarted;
    await first.server.shutdown(); // gives up on the turn; the file keeps the message, no reply

    // Server 2 on the same SQLite file, with a working bot, behind a trusted proxy.
    const turns: BotTurnInput[] = [];
    const store = await openSqliteStore({ file: first.dbFile });
    const second = await createParleyServer({
      store,
      engine: {
        async respond(input) {
          turns.push(input);
          return [{ text: `re: ${input.message.text}` }];
        },
      },
      logger: pino({ level: 'silent' }),
      secret: 'test-secret-test-secret-test-secret-0123', // the one startTestServer signs tokens with
      trustProxy: true,
    });
    const { port } = await second.listen(0, '127.0.0.1');
    const back: ChatClient = connect(`http://127.0.0.1:${port}/chat`, {
      auth: { visitorToken },
      extraHeaders: { 'X-Forwarded-For': '198.51.100.7' },
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        back.once('connect', () => resolve());
        back.once('connect_error', reject);
      });
      // The widget dropped the acknowledged message from its outbox: it only resumes.
      const replies = nextReplies(back, 1);
      const resumed = await request<Ack<ChatResumeAckData>>(back, 'chat:resume', {
        conversationId: ack.data!.conversationId,
        afterSeq: 0,
      });
      expect(resumed.data!.messages.map((m) => [m.seq, m.sender, m.text])).toEqual([
        [1, 'customer', 'where is my order?'],
      ]);
      const [reply] = (await replies) as ChatMessageView[];
      expect(reply).toMatchObject({ seq: 2, sender: 'bot', text: 're: where is my order?' });
      expect(turns.map((turn) => [turn.message.seq, turn.customerId, turn.clientAddress])).toEqual([
        [1, null, '198.51.100.7'],
      ]);

      // Answered once: resuming again (the reply is now the newest message) starts nothing.
      await request(back, 'chat:resume', { conversationId: ack.data!.conversationId, afterSeq: 2 });
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(turns).toHaveLength(1);
      const stored = await store.messages.listAfter(ack.data!.conversationId, 0);
      expect(stored.map((m) => [m.seq, m.sender])).toEqual([
        [1, 'customer'],
        [2, 'bot'],
      ]);
    } finally {
      back.disconnect();
      await second.shutdown();
      await first.close();
    }
  });

  it('a resume while the message is still being answered, or after a turn without reply, starts no second turn', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const turnStarted = new Promise<void>((resolve) => (started = resolve));
    const seen: number[] = [];
    const t = await startTestServer({
      async respond({ message }) {
        seen.push(message.seq);
        if (message.text === 'quiet') return []; // a turn that chose not to answer
        started();
        await gate;
        return [{ text: `re: ${message.text}` }];
      },
    });
    try {
      const { socket, visitorToken } = await t.client();
      const replies = nextReplies(socket, 1);
      const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
        clientMessageId: 'm1',
        text: 'hello',
      });
      const conversationId = ack.data!.conversationId;
      await turnStarted;
      // Another tab of the same visitor resumes while the turn is running.
      const { socket: tab } = await t.client(visitorToken);
      const resumed = await request<Ack<ChatResumeAckData>>(tab, 'chat:resume', {
        conversationId,
        afterSeq: 0,
      });
      expect(resumed.data!.messages.map((m) => m.seq)).toEqual([1]);
      release();
      await replies;

      await request(socket, 'chat:message', { clientMessageId: 'm2', conversationId, text: 'quiet' });
      await t.server.chat.turns.drain(2000);
      await request(tab, 'chat:resume', { conversationId, afterSeq: 0 });
      await t.server.chat.turns.drain(2000);
      expect(seen).toEqual([1, 3]);
      const stored = await t.store.messages.listAfter(conversationId, 0);
      expect(stored.map((m) => [m.seq, m.sender])).toEqual([
        [1, 'customer'],
        [2, 'bot'],
        [3, 'customer'],
      ]);
    } finally {
      await t.close();
    }
  });
});
