/**
 * A whole order-status conversation over a real socket.io client: real server on a random port, real
 * SQLite file with the demo shop, the real recognizer (nlp.js) and the botbuilder SupportBot behind
 * the /chat namespace. Once as an anonymous visitor (order number + email), once as a verified
 * customer (signed id in the handshake: greeted by name, offered the order that shipped yesterday).
 */
import { signCustomerId } from '../crm';
import type {
  Ack,
  ChatIdentifyAckData,
  ChatMessageAckData,
  ChatMessageView,
  ChatResumeAckData,
} from '../protocol';
import { DEMO_REFERENCE_DATE } from '../server/seed';
import { demoSupportBot } from './helpers/demo-bot';
import {
  nextReplies,
  request,
  startTestServer,
  type ChatClient,
  type TestServer,
} from './helpers/test-server';

const NOW = DEMO_REFERENCE_DATE;
const SITE_SECRET = 'site-secret-for-tests-0123456789';

/** Sends a message in the conversation and resolves with the bot's replies to it. */
async function turn(
  socket: ChatClient,
  text: string,
  conversationId: string | undefined,
  replies = 1,
): Promise<{ ack: ChatMessageAckData; replies: ChatMessageView[] }> {
  const answered = nextReplies(socket, replies);
  const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
    clientMessageId: `m-${Math.random().toString(36).slice(2)}`,
    text,
    ...(conversationId ? { conversationId } : {}),
  });
  if (!ack.data) throw new Error(`not acknowledged: ${JSON.stringify(ack)}`);
  return { ack: ack.data, replies: (await answered) as ChatMessageView[] };
}

describe('order status over socket.io', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(async (store) => ({
      bot: await demoSupportBot(store, { now: NOW }),
      siteSecret: SITE_SECRET,
      clock: () => NOW,
    }));
  });
  afterAll(async () => {
    await t.close();
  });

  it('an anonymous visitor gets the status after giving the order number and the email on it', async () => {
    const { socket } = await t.client();
    const first = await turn(socket, 'Hi, where is my order?', undefined);
    const conversationId = first.ack.conversationId;
    expect(first.replies[0]).toMatchObject({
      sender: 'bot',
      seq: 2,
      text: expect.stringMatching(/order number/),
    });

    const second = await turn(socket, 'it is a1042', conversationId);
    expect(second.replies[0].text).toBe(
      "To keep your order details private, what's the email address you used for order A1042?",
    );

    const third = await turn(socket, 'maya.okafor@example.com', conversationId);
    const status = third.replies[0];
    expect(status.text).toBe(
      'Order A1042 shipped yesterday with Heronway. Tracking number: FT4839201734GB. Estimated delivery: Wednesday 4 November. ' +
        'Items: Harbor Rain Shell (M, Slate) and Fjell Wool Beanie (Rust).',
    );
    expect(status.quickReplies).toEqual([{ title: "That's all, thanks", value: "That's all, thanks" }]);
    expect(status.attachments).toEqual([
      {
        contentType: 'application/vnd.microsoft.card.receipt',
        content: expect.objectContaining({
          title: 'Order A1042',
          facts: expect.arrayContaining([{ key: 'Tracking', value: 'FT4839201734GB' }]),
          items: [
            { title: 'Harbor Rain Shell (M, Slate)', quantity: '1', price: '€149.00' },
            { title: 'Fjell Wool Beanie (Rust)', quantity: '1', price: '€29.00' },
          ],
          total: '€178.00',
        }),
      },
    ]);

    // Everything is in the store, in order, customer messages first.
    const stored = await t.store.messages.listAfter(conversationId, 0);
    expect(stored.map((m) => [m.seq, m.sender])).toEqual([
      [1, 'customer'],
      [2, 'bot'],
      [3, 'customer'],
      [4, 'bot'],
      [5, 'customer'],
      [6, 'bot'],
    ]);
    // And a reconnecting client gets the same rich reply back.
    const resumed = await request<Ack<ChatResumeAckData>>(socket, 'chat:resume', {
      conversationId,
      afterSeq: 5,
    });
    expect(resumed.data!.messages).toEqual([status]);
  });

  it('a wrong email gets exactly the answer a missing order gets', async () => {
    const { socket } = await t.client();
    const a = await turn(socket, 'where is my order A1042', undefined);
    const wrong = await turn(socket, 'someone.else@example.com', a.ack.conversationId);
    const { socket: other } = await t.client();
    const b = await turn(other, 'where is my order A1999', undefined);
    const missing = await turn(other, 'maya.okafor@example.com', b.ack.conversationId);
    expect(wrong.replies.map((r) => [r.text, r.quickReplies])).toEqual(
      missing.replies.map((r) => [r.text, r.quickReplies]),
    );
    expect(wrong.replies[0].text).toMatch(/couldn't find an order with that number and email/);
    expect(JSON.stringify(wrong.replies)).not.toMatch(/Heronway|FT4839201734GB|Maya|Harbor/);
  });

  it('a verified customer is greeted by name and offered the order that shipped yesterday', async () => {
    const { socket } = await t.client(undefined, {
      customerId: 'cust-1001',
      customerSignature: signCustomerId(SITE_SECRET, 'cust-1001'),
    });
    const first = await turn(socket, 'where is my order?', undefined);
    expect(first.replies[0].text).toBe(
      'Hi Maya! I see order A1042 shipped yesterday — is this about that one?',
    );
    expect(first.replies[0].quickReplies?.map((q) => q.title)).toEqual(['Yes, A1042', 'Another order']);
    const conversation = await t.store.conversations.get(first.ack.conversationId);
    const maya = await t.store.customers.getByExternalId('cust-1001');
    expect(conversation?.customerId).toBe(maya!.id);

    const second = await turn(socket, 'yes', first.ack.conversationId);
    expect(second.replies[0].text).toMatch(/^Order A1042 shipped yesterday with Heronway\./);
  });

  it('a forged signature chats as a guest and sees no customer data', async () => {
    const { socket } = await t.client(undefined, {
      customerId: 'cust-1001',
      customerSignature: 'ab'.repeat(32),
    });
    const first = await turn(socket, 'where is my order?', undefined);
    expect(first.replies[0].text).toMatch(/^What's your order number\?/);
    expect((await t.store.conversations.get(first.ack.conversationId))?.customerId).toBeNull();
  });

  it('chat:identify verifies a customer after connecting; a bad signature is refused', async () => {
    const { socket } = await t.client();
    const refused = await request<Ack<ChatIdentifyAckData>>(socket, 'chat:identify', {
      customerId: 'cust-1003',
      signature: '00'.repeat(32),
    });
    expect(refused.error).toEqual({ code: 'unauthorized', message: 'The customer signature is not valid.' });
    const ok = await request<Ack<ChatIdentifyAckData>>(socket, 'chat:identify', {
      customerId: 'cust-1003',
      signature: signCustomerId(SITE_SECRET, 'cust-1003'),
    });
    expect(ok).toEqual({ data: { verified: true } });
    const first = await turn(socket, 'hello', undefined);
    expect(first.replies[0].text).toMatch(/^Hi Ingrid!/);
  });
});

describe('while a person owns the conversation', () => {
  it('the bot stays quiet and the handoff gate gets each new customer message (to relay to the agent)', async () => {
    const relayed: { seq: number; text: string }[] = [];
    const t = await startTestServer(async (store) => ({
      bot: await demoSupportBot(store, {
        now: NOW,
        handoff: {
          onHumanOwned: async (_context, info) => {
            if (info.inbound) relayed.push({ seq: info.inbound.seq, text: info.inbound.text });
          },
        },
      }),
      clock: () => NOW,
    }));
    try {
      const { socket } = await t.client();
      const first = await turn(socket, 'I want to talk to a human', undefined, 2);
      expect(first.replies.map((r) => [r.sender, r.text, r.event])).toEqual([
        [
          'bot',
          "I'm bringing in a person from our team. They'll join this chat shortly and can see everything we've said so far.",
          undefined,
        ],
        ['system', 'Handing over to a person from our team.', { name: 'handoff.initiate' }],
      ]);
      const conversationId = first.ack.conversationId;
      expect((await t.store.conversations.get(conversationId))?.state).toBe('queued');
      const ack = await request<Ack<ChatMessageAckData>>(socket, 'chat:message', {
        clientMessageId: 'q1',
        conversationId,
        text: 'are you there?',
      });
      expect(ack.data?.seq).toBe(4);
      await t.server.chat.turns.drain(2000);
      expect(relayed).toEqual([{ seq: 4, text: 'are you there?' }]);
      expect((await t.store.messages.listAfter(conversationId, 3)).map((m) => m.sender)).toEqual([
        'customer',
      ]);
    } finally {
      await t.close();
    }
  });
});
