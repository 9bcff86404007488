/**
 * What a walk through the live product found in the handoff, on real sockets and a real SQLite file
 * (the demo bot and the handoff as the service composes them): the agent's summary leads with what
 * the customer said; notices are stored in the order they happen; agent replies carry the agent's
 * name; a hand-back tells the customer the assistant is back; one escalation per need, and an offer
 * of a person waits for the customer's answer.
 */
import type { ChatMessageView, ChatResumeAckData } from '../protocol';
import {
  ask,
  collect,
  next,
  startHandoffHarness,
  type CustomerClient,
  type HandoffHarness,
} from './helpers/handoff-harness';

jest.setTimeout(90_000);

const SAM = 'sam.ortega@fellwicktarn.example';
let n = 0;
const say = (customer: CustomerClient, text: string, conversationId?: string) => {
  n += 1;
  return ask<{ conversationId: string; seq: number }>(customer, 'chat:message', {
    clientMessageId: `walk-${n}`,
    text,
    ...(conversationId ? { conversationId } : {}),
  });
};
/** Sends and waits until the bot's turn for it has answered (its first reply after the message). */
const turn = async (customer: CustomerClient, text: string, conversationId?: string) => {
  const answered = next<ChatMessageView>(customer, 'chat:reply', (m) => m.sender !== 'customer');
  const sent = await say(customer, text, conversationId);
  await answered;
  await settle(); // the policy middleware runs after the dialogs' replies went out
  return sent;
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('with Sam online and auto-assign', () => {
  let harness: HandoffHarness;
  beforeAll(async () => {
    harness = await startHandoffHarness({ autoAssign: true });
  });
  afterAll(async () => harness?.close());

  test('connecting notices come before "joined"; agent replies carry the name; a hand-back keeps the chat going', async () => {
    const { socket: agent } = await harness.agent(SAM);
    const customer = await harness.customer();
    const replies = collect<ChatMessageView>(customer, 'chat:reply');
    const { conversationId } = await turn(customer, 'hi, where is my order A1042?');
    const joined = next<ChatMessageView>(customer, 'chat:reply', (m) => /joined the chat/.test(m.text));
    await say(customer, 'I want to talk to a person please', conversationId);
    await joined;
    await settle();

    const stored = await harness.store.messages.listAfter(conversationId, 0);
    const seqOf = (test: (text: string, event?: string) => boolean) =>
      stored.find((m) => test(m.text, eventName(m)))?.seq ?? -1;
    const initiate = seqOf((_t, e) => e === 'handoff.initiate');
    const connecting = seqOf((t) => /connecting you with a person/i.test(t));
    const accepted = seqOf((t) => /has joined the chat/.test(t));
    expect(initiate).toBeGreaterThan(0);
    expect(connecting).toBeGreaterThan(initiate);
    expect(accepted).toBeGreaterThan(connecting);
    // The customer sees them in that order too.
    const seen = replies.map((m) => m.seq);
    expect(seen.indexOf(accepted)).toBeGreaterThan(seen.indexOf(connecting));

    // Agent replies: the name the "joined" notice gave, never an email or id.
    const card = (await harness.handoff.inbox('', 'all')).find((e) => e.conversationId === conversationId)!;
    const fromAgent = next<ChatMessageView>(customer, 'chat:reply', (m) => m.sender === 'agent');
    await ask(agent, 'agent:message', {
      conversationId,
      text: 'Hi, Sam here — looking at A1042 now.',
      clientMessageId: 'walk-agent-1',
    });
    const reply = await fromAgent;
    expect(reply.senderName).toBe('Sam Ortega');
    expect(reply.attachments).toEqual([]);
    expect(JSON.stringify(reply)).not.toMatch(/fellwicktarn\.example|"senderId"/);
    const resumed = await ask<ChatResumeAckData>(customer, 'chat:resume', { conversationId, afterSeq: 0 });
    expect(resumed.messages.find((m) => m.sender === 'agent')?.senderName).toBe('Sam Ortega');

    // Hand-back: the customer's client learns it is a hand-back (not an ending), without "Parley".
    const back = next<ChatMessageView>(customer, 'chat:reply', (m) => m.event?.name === 'handoff.status');
    await ask(agent, 'escalation:handback', { escalationId: card.id });
    const status = await back;
    expect(status.event?.value).toEqual({ state: 'completed', resolution: 'handed_back' });
    expect(status.text).toMatch(/handed you back to our assistant/);
    expect(status.text).not.toMatch(/Parley/);
    await turn(customer, 'how much is shipping to the UK?', conversationId);
    expect(replies.at(-1)).toMatchObject({ sender: 'bot' });
  });
});

describe('with Sam online, agents claim', () => {
  let harness: HandoffHarness;
  beforeAll(async () => {
    harness = await startHandoffHarness({ autoAssign: false });
    await harness.agent(SAM);
  });
  afterAll(async () => harness?.close());

  test("the upset visitor's summary leads with what they said, the escalating message included", async () => {
    const customer = await harness.customer();
    const { conversationId } = await turn(customer, 'how much is shipping to the UK?');
    await turn(customer, 'where is my order', conversationId);
    // Upset at the order-number question, with the mood trigger due: a person takes over at once
    // (the customer is not asked for the number again).
    const queued = next<ChatMessageView>(customer, 'chat:reply', (m) => /in the queue/.test(m.text));
    await say(customer, 'my parcel is two weeks late and nobody answers my emails!!', conversationId);
    await queued;
    const [card] = (await harness.handoff.inbox('', 'queued')).filter(
      (e) => e.conversationId === conversationId,
    );
    const summary = card.packet.summary;
    expect(summary).toMatch(/^Customer: /);
    expect(summary).toContain('my parcel is two weeks late and nobody answers my emails!!');
    expect(summary).not.toMatch(/doesn't look like an order number/);
  });

  test('a bot that offers a person waits for the answer instead of escalating at once', async () => {
    const customer = await harness.customer();
    const { conversationId } = await turn(customer, 'hello');
    const offer = next<ChatMessageView>(customer, 'chat:reply', (m) =>
      (m.quickReplies ?? []).some((q) => /talk to a person/i.test(q.value)),
    );
    await say(customer, '😡😡😡', conversationId);
    await offer;
    await settle();
    expect(await harness.store.escalations.getOpenForConversation(conversationId)).toBeNull();
    expect((await harness.store.conversations.get(conversationId))?.state).toBe('bot');

    const escalated = next<ChatMessageView>(customer, 'chat:reply', (m) => /in the queue/.test(m.text));
    await say(customer, 'Talk to a person', conversationId);
    await escalated;
    const open = await harness.store.escalations.getOpenForConversation(conversationId);
    expect(open?.reason).toBe('customer_request');
  });
});

describe('with nobody online', () => {
  let harness: HandoffHarness;
  beforeAll(async () => {
    harness = await startHandoffHarness({ autoAssign: true });
  });
  afterAll(async () => harness?.close());

  test('after the customer declines the email offer, new triggers open no second escalation or offer', async () => {
    const customer = await harness.customer();
    const replies = collect<ChatMessageView>(customer, 'chat:reply');
    const { conversationId } = await turn(customer, 'hello');
    const offered = next<ChatMessageView>(customer, 'chat:reply', (m) => m.event?.name === 'handoff.status');
    await say(customer, 'talk to a person', conversationId);
    expect((await offered).event?.value).toMatchObject({ state: 'failed' });

    // Declines (not an email address), upset: the bot answers, no new escalation.
    await turn(customer, 'my parcel is two weeks late and nobody answers my emails!!', conversationId);
    await turn(customer, 'this is ridiculous, I am so angry!!!', conversationId);
    // A topic a person always handles: the customer is told nobody is there yet, once more no offer.
    const told = next<ChatMessageView>(customer, 'chat:reply', (m) =>
      /Nobody from our team is available yet/.test(m.text),
    );
    await say(customer, 'I want to close my account', conversationId);
    await told;
    await settle();

    const escalations = await harness.store.escalations.listByStatus(
      ['queued', 'assigned', 'resolved', 'handed_back', 'abandoned'],
      { limit: 100 },
    );
    expect(escalations.filter((e) => e.conversationId === conversationId)).toHaveLength(1);
    const offers = replies.filter(
      (m) => m.event?.name === 'handoff.status' && (m.event.value as { state?: string }).state === 'failed',
    );
    expect(offers).toHaveLength(1);
    expect((await harness.store.conversations.get(conversationId))?.state).toBe('bot');
  });
});

function eventName(m: { attachments: unknown[] }): string | undefined {
  for (const a of m.attachments) {
    const name = (a as { content?: { name?: unknown } })?.content?.name;
    if (typeof name === 'string') return name;
  }
  return undefined;
}
