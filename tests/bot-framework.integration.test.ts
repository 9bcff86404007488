/**
 * POST /api/messages, the Bot Framework endpoint, through botbuilder's CloudAdapter with an empty app
 * id (local testing): `deliveryMode: "expectReplies"` returns the bot's answers in the response body,
 * and the conversation is stored like any other.
 */
import { conversationIdFor } from '../bot';
import { DEMO_REFERENCE_DATE } from '../server/seed';
import { demoSupportBot } from './helpers/demo-bot';
import { startTestServer, type TestServer } from './helpers/test-server';

const NOW = DEMO_REFERENCE_DATE;

interface ExpectedRepliesBody {
  activities: {
    type: string;
    text?: string;
    name?: string;
    replyToId?: string;
    suggestedActions?: { actions: { title: string }[] };
    attachments?: { contentType: string }[];
  }[];
}

const activity = (id: string, text: string, conversation = 'bf-conversation-1') => ({
  type: 'message',
  id,
  text,
  channelId: 'emulator',
  serviceUrl: 'http://127.0.0.1:9/',
  from: { id: 'user-1', name: 'Test user' },
  recipient: { id: 'parley-bot', name: 'Parley' },
  conversation: { id: conversation },
  deliveryMode: 'expectReplies',
});

describe('POST /api/messages (Bot Framework)', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(async (store) => ({
      bot: await demoSupportBot(store, { now: NOW }),
      botFramework: { appId: '', appPassword: '', tenantId: '', appType: 'MultiTenant' },
      clock: () => NOW,
    }));
  });
  afterAll(async () => {
    await t.close();
  });

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${t.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  it('returns the bot answer with deliveryMode expectReplies', async () => {
    const response = await post(activity('a1', 'where is my order?'));
    expect(response.status).toBe(200);
    const body = (await response.json()) as ExpectedRepliesBody;
    expect(body.activities).toEqual([
      expect.objectContaining({
        type: 'message',
        text: "What's your order number? It looks like A1042 and it's in your order confirmation email.",
        replyToId: 'a1',
      }),
    ]);
  });

  it('keeps the dialog going across requests and never shows an order without the email', async () => {
    const conversation = 'bf-conversation-2';
    const ask = (id: string, text: string) =>
      post(activity(id, text, conversation)).then((r) => r.json() as Promise<ExpectedRepliesBody>);
    expect((await ask('b1', 'where is my order A1043?')).activities[0].text).toMatch(
      /what's the email address you used for order A1043/,
    );
    const status = await ask('b2', 'maya.okafor@example.com');
    expect(status.activities[0].text).toMatch(/^Order A1043 is running late, sorry about that\./);
    expect(status.activities[0].attachments?.map((a) => a.contentType)).toEqual([
      'application/vnd.microsoft.card.receipt',
    ]);
    expect(status.activities[0].suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Talk to a person',
      "That's all, thanks",
    ]);

    // Stored under the channel's conversation, customer messages and replies alike.
    const stored = await t.store.messages.listAfter(conversationIdFor('emulator', conversation), 0);
    expect(stored.map((m) => m.sender)).toEqual(['customer', 'bot', 'customer', 'bot']);
    expect(
      (await t.store.conversations.get(conversationIdFor('emulator', conversation)))?.customerId,
    ).toBeNull();
  });

  it('answers a redelivered activity only once', async () => {
    const first = (await (
      await post(activity('c1', 'hello', 'bf-conversation-3'))
    ).json()) as ExpectedRepliesBody;
    expect(first.activities).toHaveLength(1);
    const again = (await (
      await post(activity('c1', 'hello', 'bf-conversation-3'))
    ).json()) as ExpectedRepliesBody;
    expect(again.activities).toEqual([]);
  });

  it('a human request records the handoff event in the reply', async () => {
    const body = (await (
      await post(activity('d1', 'I want to talk to a human', 'bf-conversation-4'))
    ).json()) as ExpectedRepliesBody;
    expect(body.activities.map((a) => (a.type === 'event' ? `event:${a.name}` : a.text))).toEqual([
      "I'm bringing in a person from our team. They'll join this chat shortly and can see everything we've said so far.",
      'event:handoff.initiate',
    ]);
    expect((await t.store.conversations.get(conversationIdFor('emulator', 'bf-conversation-4')))?.state).toBe(
      'queued',
    );
    // While a person owns it, the bot stays quiet.
    const quiet = (await (
      await post(activity('d2', 'hello?', 'bf-conversation-4'))
    ).json()) as ExpectedRepliesBody;
    expect(quiet.activities).toEqual([]);
  });

  it('is not served without a bot framework configuration', async () => {
    const plain = await startTestServer({ respond: async () => [] });
    try {
      const response = await fetch(`${plain.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
