/**
 * POST /api/messages, the Bot Framework endpoint, through botbuilder's CloudAdapter with an empty app
 * id (local testing): `deliveryMode: "expectReplies"` returns the bot's answers in the response body,
 * and the conversation is stored like any other.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { conversationIdFor } from '../bot';
import { DEMO_REFERENCE_DATE } from '../server/seed';
import { demoSupportBot } from './helpers/demo-bot';
import { nextReplies, request, startTestServer, type TestServer } from './helpers/test-server';

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

  it("cannot reach a web chat's dialog state by naming its channel and conversation id", async () => {
    // A web visitor proves order A1043 with its email: their conversation state holds the unlock.
    const { socket } = await t.client();
    const replies = (n: number) => nextReplies(socket, n) as Promise<{ text: string }[]>;
    const say = async (text: string, clientMessageId: string, conversationId?: string) => {
      const pending = replies(1);
      const { data: ack } = await request<{ data: { conversationId: string } }>(socket, 'chat:message', {
        ...(conversationId ? { conversationId } : {}),
        clientMessageId,
        text,
      });
      return { ack, reply: (await pending)[0].text };
    };
    const first = await say('where is my order A1043?', 'w1');
    const webId = first.ack.conversationId;
    expect((await say('maya.okafor@example.com', 'w2', webId)).reply).toMatch(/^Order A1043 is running late/);

    // The same conversation named over /api/messages gets its own state: it must prove the email too.
    const spoofed = { ...activity('e1', 'where is my order A1043?', webId), channelId: 'web' };
    const body = (await (await post(spoofed)).json()) as ExpectedRepliesBody;
    expect(body.activities[0].text).toMatch(/what's the email address you used for order A1043/);
    expect(JSON.stringify(body)).not.toContain('FT');
    socket.disconnect();
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

  it("without an app id, answers local clients only and posts nothing to a stranger's serviceUrl", async () => {
    // A listener standing in for an internal address the server must not be made to call.
    const calls: string[] = [];
    const target = createServer((req, res) => {
      calls.push(`${req.method} ${req.url}`);
      res.end('{}');
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const proxied = await startTestServer(
      async (store) => ({
        bot: await demoSupportBot(store, { now: NOW }),
        botFramework: { appId: '', appPassword: '', tenantId: '', appType: 'MultiTenant' },
        clock: () => NOW,
      }),
      { trustProxy: true },
    );
    try {
      const { port } = target.address() as AddressInfo;
      // No deliveryMode: a credentialed bot would post its reply to serviceUrl.
      const body = {
        ...activity('f1', 'hello', 'bf-remote'),
        serviceUrl: `http://127.0.0.1:${port}/internal/`,
        deliveryMode: undefined,
      };
      const remote = await fetch(`${proxied.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.5' },
        body: JSON.stringify(body),
      });
      expect(remote.status).toBe(403);
      expect(((await remote.json()) as { error: { code: string } }).error.code).toBe('forbidden');
      expect(calls).toEqual([]);
      expect(await proxied.store.conversations.get(conversationIdFor('emulator', 'bf-remote'))).toBeNull();

      // The same request from this machine (local testing) is served.
      const local = await fetch(`${proxied.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, deliveryMode: 'expectReplies' }),
      });
      expect(local.status).toBe(200);
    } finally {
      await proxied.close();
      await new Promise((resolve) => target.close(resolve));
    }
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
