/**
 * The /chat protocol end to end: real socket.io clients, a real server on a random port, a real
 * SQLite file. The bot's brain is a tiny echo so the assertions are exact.
 */
import type { ReplyEngine } from '../bot';
import type { ChatMessageAckData, ChatMessageView, ChatResumeAckData, Ack } from '../protocol';
import { nextReplies, request, startTestServer, type TestServer } from './helpers/test-server';

const echo: ReplyEngine = {
  async respond({ message }) {
    return [{ text: `You said: ${message.text}`, suggestedActions: [{ title: 'More', value: 'more' }] }];
  },
};

describe('/chat namespace', () => {
  let t: TestServer;
  beforeEach(async () => {
    t = await startTestServer(echo);
  });
  afterEach(async () => {
    await t.close();
  });

  it('stores, acknowledges and answers a message', async () => {
    const { socket } = await t.client();
    const replies = nextReplies(socket, 1);
    const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'm1',
      text: 'where is my order?',
    });
    expect(ack.data).toEqual({ conversationId: expect.any(String), seq: 1, created: true });
    const [reply] = (await replies) as ChatMessageView[];
    expect(reply).toMatchObject({
      conversationId: ack.data!.conversationId,
      seq: 2,
      sender: 'bot',
      text: 'You said: where is my order?',
      quickReplies: [{ title: 'More', value: 'more' }],
    });
    const stored = await t.store.messages.listAfter(ack.data!.conversationId, 0);
    expect(stored.map((m) => [m.seq, m.sender, m.text])).toEqual([
      [1, 'customer', 'where is my order?'],
      [2, 'bot', 'You said: where is my order?'],
    ]);
  });

  it('stores a re-sent message once and does not answer it twice', async () => {
    const { socket } = await t.client();
    const replies = nextReplies(socket, 1);
    const first = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'same',
      text: 'hi',
    });
    await replies;
    const again = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'same',
      conversationId: first.data!.conversationId,
      text: 'hi',
    });
    expect(again.data).toEqual({ conversationId: first.data!.conversationId, seq: 1, created: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stored = await t.store.messages.listAfter(first.data!.conversationId, 0);
    expect(stored).toHaveLength(2);
  });

  it('re-sent first message whose ack was lost: the same conversation, stored once, answered once', async () => {
    const { socket, visitorToken } = await t.client();
    const replies = nextReplies(socket, 1);
    const first = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'opening',
      text: 'where is my order?',
    });
    await replies;
    socket.disconnect();
    // The client never saw that ack, so it re-sends without a conversationId after reconnecting.
    const { socket: again } = await t.client(visitorToken);
    const resent = await request<Ack<ChatMessageAckData>>(again, 'chat:message', {
      clientMessageId: 'opening',
      text: 'where is my order?',
    });
    expect(resent.data).toEqual({ conversationId: first.data!.conversationId, seq: 1, created: false });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const stored = await t.store.messages.listAfter(first.data!.conversationId, 0);
    expect(stored.map((m) => m.sender)).toEqual(['customer', 'bot']);

    // Another visitor's first message with the same client id opens a conversation of its own.
    const { socket: stranger } = await t.client();
    const theirs = await request<Ack<ChatMessageAckData>>(stranger, 'chat:message', {
      clientMessageId: 'opening',
      text: 'hello',
    });
    expect(theirs.data).toMatchObject({ seq: 1, created: true });
    expect(theirs.data!.conversationId).not.toBe(first.data!.conversationId);
  });

  it('resumes after a disconnect with every message the client missed, in order', async () => {
    const { socket, visitorToken } = await t.client();
    const replies = nextReplies(socket, 1);
    const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
      clientMessageId: 'a',
      text: 'one',
    });
    await replies;
    socket.disconnect();

    // While the customer is away, the conversation goes on (e.g. another tab).
    const other = await t.client(visitorToken);
    const more = nextReplies(other.socket, 1);
    await request(other.socket, 'chat:message', {
      clientMessageId: 'b',
      conversationId: ack.data!.conversationId,
      text: 'two',
    });
    await more;

    const back = await t.client(visitorToken);
    const resumed = await request<Ack<ChatResumeAckData>>(back.socket, 'chat:resume', {
      conversationId: ack.data!.conversationId,
      afterSeq: 2,
    });
    expect(resumed.data!.state).toBe('bot');
    expect(resumed.data!.more).toBe(false);
    expect(resumed.data!.messages.map((m) => [m.seq, m.sender, m.text])).toEqual([
      [3, 'customer', 'two'],
      [4, 'bot', 'You said: two'],
    ]);

    // Having resumed, the socket is in the room and receives later replies live.
    const live = nextReplies(back.socket, 1);
    await request(back.socket, 'chat:message', {
      clientMessageId: 'c',
      conversationId: ack.data!.conversationId,
      text: 'three',
    });
    expect(((await live) as ChatMessageView[])[0].seq).toBe(6);
  });

  it("refuses to resume someone else's conversation, exactly as if it did not exist", async () => {
    const owner = await t.client();
    const ack = await request<Ack<ChatMessageAckData>>(owner.socket, 'chat:message', {
      clientMessageId: 'x',
      text: 'private',
    });
    const stranger = await t.client();
    const stolen = await request<Ack<ChatResumeAckData>>(stranger.socket, 'chat:resume', {
      conversationId: ack.data!.conversationId,
      afterSeq: 0,
    });
    const missing = await request<Ack<ChatResumeAckData>>(stranger.socket, 'chat:resume', {
      conversationId: 'no-such-conversation',
      afterSeq: 0,
    });
    expect(stolen).toEqual({ error: { code: 'not_found', message: 'No such conversation.' } });
    expect(missing).toEqual(stolen);
    // Nor can a stranger post into it.
    const posted = await request<Ack<ChatMessageAckData>>(stranger.socket, 'chat:message', {
      clientMessageId: 'y',
      conversationId: ack.data!.conversationId,
      text: 'hello',
    });
    expect(posted.error?.code).toBe('not_found');
  });

  it('does not accept a forged visitor token', async () => {
    const owner = await t.client();
    const ack = await request<Ack<ChatMessageAckData>>(owner.socket, 'chat:message', {
      clientMessageId: 'x',
      text: 'mine',
    });
    const forged = owner.visitorToken.replace(/\.[^.]+$/, '.AAAA');
    const intruder = await t.client(forged);
    const result = await request<Ack<ChatResumeAckData>>(intruder.socket, 'chat:resume', {
      conversationId: ack.data!.conversationId,
      afterSeq: 0,
    });
    expect(result.error?.code).toBe('not_found');
  });

  describe('bad input gets a clear error, stores nothing, and the server keeps serving', () => {
    it.each([
      ['missing text', { clientMessageId: 'b1' }, 'validation_failed', /text/],
      ['mistyped text', { clientMessageId: 'b2', text: 42 }, 'validation_failed', /text/],
      ['missing client id', { text: 'hello' }, 'validation_failed', /clientMessageId/],
      [
        'unknown field',
        { clientMessageId: 'b3', text: 'hi', admin: true },
        'validation_failed',
        /admin|unrecognized/i,
      ],
      ['empty text', { clientMessageId: 'b4', text: '   ' }, 'validation_failed', /empty/],
      [
        'control characters only',
        { clientMessageId: 'b5', text: '\u0000\u0007' },
        'validation_failed',
        /empty/,
      ],
      ['text over the cap', { clientMessageId: 'b6', text: 'x'.repeat(2001) }, 'message_too_long', /2000/],
      ['not an object', 'hello', 'validation_failed', /payload|expected object/i],
    ])('%s', async (_name, payload, code, message) => {
      const { socket } = await t.client();
      const result = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', payload);
      expect(result.error?.code).toBe(code);
      expect(result.error?.message).toMatch(message);
      expect(await t.store.conversations.listByState('bot')).toHaveLength(0);

      // The same socket still works.
      const ok = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
        clientMessageId: 'ok',
        text: 'fine',
      });
      expect(ok.data?.seq).toBe(1);
    });

    it('a bad resume', async () => {
      const { socket } = await t.client();
      const result = await request<Ack<ChatResumeAckData>>(socket, 'chat:resume', {
        conversationId: 'c',
        afterSeq: -1,
      });
      expect(result.error?.code).toBe('validation_failed');
      expect(result.error?.message).toMatch(/afterSeq/);
    });

    it('an unknown event, with and without an acknowledgement', async () => {
      const { socket } = await t.client();
      const withAck = await request<Ack<unknown>>(socket, 'chat:delete-everything', {});
      expect(withAck).toEqual({
        error: { code: 'unknown_event', message: 'Unknown event "chat:delete-everything".' },
      });
      const pushed = new Promise((resolve) => socket.once('chat:error', resolve));
      (socket as unknown as { emit(e: string, p: unknown): void }).emit('nonsense', {});
      expect(await pushed).toEqual({
        code: 'unknown_event',
        message: 'Unknown event "nonsense".',
        event: 'nonsense',
      });
      expect(socket.connected).toBe(true);
    });

    it('a message to a closed conversation', async () => {
      const { socket } = await t.client();
      const answered = nextReplies(socket, 1);
      const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
        clientMessageId: 'a',
        text: 'hi',
      });
      await answered;
      await t.store.conversations.transition(ack.data!.conversationId, ['bot'], 'closed');
      const result = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
        clientMessageId: 'b',
        conversationId: ack.data!.conversationId,
        text: 'anyone?',
      });
      expect(result.error?.code).toBe('conflict');
      const stored = await t.store.messages.listAfter(ack.data!.conversationId, 0);
      expect(stored.map((m) => m.text)).toEqual(['hi', 'You said: hi']);
    });
  });
});

describe('a bot that fails', () => {
  it('apologises once and leaves the conversation usable', async () => {
    let calls = 0;
    const t = await startTestServer({
      async respond({ message }) {
        calls++;
        if (calls === 1) throw new Error('boom');
        return [{ text: `ok: ${message.text}` }];
      },
    });
    try {
      const { socket } = await t.client();
      const first = nextReplies(socket, 1);
      const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
        clientMessageId: '1',
        text: 'a',
      });
      expect(((await first) as ChatMessageView[])[0].text).toMatch(/Sorry, something went wrong/);
      const second = nextReplies(socket, 1);
      await request(socket, 'chat:message', {
        clientMessageId: '2',
        conversationId: ack.data!.conversationId,
        text: 'b',
      });
      expect(((await second) as ChatMessageView[])[0].text).toBe('ok: b');
    } finally {
      await t.close();
    }
  });
});
