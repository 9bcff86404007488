/**
 * Graceful shutdown: a message whose answer is still being worked out when SIGTERM arrives is
 * answered, stored and delivered before the sockets close; new messages are refused meanwhile.
 */
import { openSqliteStore } from '../store';
import type { ReplyEngine } from '../bot';
import type { Ack, ChatMessageAckData, ChatMessageView } from '../protocol';
import { nextReplies, request, startTestServer } from './helpers/test-server';

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
});
