/**
 * Human handoff with real sockets: a customer on /chat asks for a person → an agent on /agents gets
 * the escalation with its summary → claims it → messages pass both ways and are stored → the agent
 * hands back → the bot answers the next message. Then: exactly one of two racing claims wins, also
 * with the agents on two servers sharing one SQLite file.
 */
import type { ChatMessageView } from '../protocol';
import type { AgentMessageView, EscalationCardView } from '../console/protocol';
import {
  ask,
  collect,
  next,
  startHandoffHarness,
  type CustomerClient,
  type HandoffHarness,
} from './helpers/handoff-harness';

jest.setTimeout(60_000);

const SAM = 'sam.ortega@fellwicktarn.example';
const NOOR = 'noor.haddad@fellwicktarn.example';

let harness: HandoffHarness;
beforeAll(async () => {
  harness = await startHandoffHarness({ autoAssign: false });
});
afterAll(async () => {
  await harness?.close();
});

let n = 0;
async function say(
  customer: CustomerClient,
  text: string,
  conversationId?: string,
): Promise<{ conversationId: string; seq: number }> {
  n += 1;
  return ask(customer, 'chat:message', {
    clientMessageId: `c-${n}`,
    text,
    ...(conversationId ? { conversationId } : {}),
  });
}

/** Replies to the customer until one matches. */
const replyMatching = (customer: CustomerClient, test: (m: ChatMessageView) => boolean) =>
  next<ChatMessageView>(customer, 'chat:reply', test);

test('ask for a person → escalation with summary → claim → relay both ways (stored) → hand back → the bot answers', async () => {
  const { socket: agent } = await harness.agent(SAM);
  const customer = await harness.customer();
  const replies = collect<ChatMessageView>(customer, 'chat:reply');

  // A conversation with the bot first, so there is something to summarise.
  const botAnswer = replyMatching(customer, (m) => m.sender === 'bot');
  const { conversationId } = await say(
    customer,
    'Hi, my order A1042 has still not arrived and the tracking has not moved for days.',
  );
  await botAnswer;

  // The customer asks for a person: the agent's console gets the escalation with its packet.
  const escalated = next<EscalationCardView>(
    agent,
    'escalation:new',
    (c) => c.conversationId === conversationId,
  );
  const queuedText = replyMatching(customer, (m) => /in the queue/.test(m.text));
  await say(customer, 'I want to talk to a person please', conversationId);
  const card = await escalated;
  expect(card).toMatchObject({
    status: 'queued',
    reason: 'customer_request',
    reasonLabel: 'Asked for a person',
    position: 1,
  });
  // "Talk to a person" is routed by the topic before it: order status → the orders team.
  expect(card.team).toBe('orders');
  expect(card.packet.summary).toMatch(/^Customer: /);
  expect(card.packet.summary).toContain('A1042');
  expect(card.packet.summarySentences.length).toBeLessThanOrEqual(3);
  expect(card.packet.entities).toContainEqual(
    expect.objectContaining({ type: 'order_number', value: 'A1042' }),
  );
  expect(card.packet.intents.length).toBeGreaterThan(0);
  expect(card.packet.buildMs).toBeLessThan(1000);
  expect((await queuedText).text).toMatch(/You're number 1 in the queue/);
  expect(replies.some((m) => m.sender === 'system' && m.event?.name === 'handoff.initiate')).toBe(true);
  expect((await harness.store.conversations.get(conversationId))?.state).toBe('queued');

  // Claim: the customer is told who joined.
  const joined = replyMatching(customer, (m) => /has joined the chat/.test(m.text));
  const claimed = await ask<EscalationCardView>(agent, 'escalation:claim', { escalationId: card.id });
  expect(claimed).toMatchObject({ status: 'assigned', agentName: 'Sam Ortega' });
  expect((await joined).text).toBe('Sam Ortega from our team has joined the chat.');

  // The agent opens the conversation: full transcript and packet.
  const detail = await ask<{ messages: AgentMessageView[]; escalation: EscalationCardView }>(
    agent,
    'conversation:open',
    { conversationId },
  );
  expect(detail.messages[0]).toMatchObject({ sender: 'customer', text: expect.stringContaining('A1042') });
  expect(detail.escalation.id).toBe(card.id);

  // Customer → agent (stored, relayed; the bot stays silent).
  const atAgent = next<AgentMessageView>(agent, 'conversation:message', (m) => m.sender === 'customer');
  const botRepliesBefore = replies.filter((m) => m.sender === 'bot').length;
  await say(customer, 'Hello? Is anyone there?', conversationId);
  expect(await atAgent).toMatchObject({ conversationId, text: 'Hello? Is anyone there?' });

  // Agent → customer (stored before delivery).
  const atCustomer = replyMatching(customer, (m) => m.sender === 'agent');
  const sent = await ask<AgentMessageView>(agent, 'agent:message', {
    conversationId,
    text: 'Hi! I can see A1042 is with Heronway — let me chase it.',
    clientMessageId: 'a-1',
  });
  expect((await atCustomer).text).toBe('Hi! I can see A1042 is with Heronway — let me chase it.');
  const stored = await harness.store.messages.listAfter(conversationId, 0);
  expect(stored.find((m) => m.id === sent.id)).toMatchObject({ sender: 'agent', senderId: claimed.agentId });
  expect(stored.some((m) => m.sender === 'customer' && m.text === 'Hello? Is anyone there?')).toBe(true);
  expect(replies.filter((m) => m.sender === 'bot').length).toBe(botRepliesBefore);

  // Hand back: the bot answers the next message.
  const handedBack = replyMatching(customer, (m) => /handed you back/.test(m.text));
  const back = await ask<EscalationCardView>(agent, 'escalation:handback', { escalationId: card.id });
  expect(back.status).toBe('handed_back');
  await handedBack;
  expect((await harness.store.conversations.get(conversationId))?.state).toBe('bot');
  const botAgain = replyMatching(customer, (m) => m.sender === 'bot');
  await say(customer, 'Thanks! How much is shipping to the UK?', conversationId);
  expect((await botAgain).text.length).toBeGreaterThan(0);

  // Handoff events are in the transcript (Bot Framework vocabulary).
  const events = (await harness.store.messages.listAfter(conversationId, 0)).flatMap((m) =>
    m.attachments
      .map((a) => (a as { content?: { name?: string; value?: { state?: string } } }).content)
      .filter((c) => c?.name?.startsWith('handoff.')),
  );
  expect(events.map((e) => `${e!.name}${e!.value?.state ? `:${e!.value.state}` : ''}`)).toEqual([
    'handoff.initiate',
    'handoff.status:accepted',
    'handoff.status:completed',
  ]);
});

test('of two agents claiming at once exactly one wins; the loser is told', async () => {
  const { socket: sam } = await harness.agent(SAM);
  const { socket: noor } = await harness.agent(NOOR);
  const customer = await harness.customer();
  const { conversationId } = await say(customer, 'hello');
  const card = next<EscalationCardView>(sam, 'escalation:new', (c) => c.conversationId === conversationId);
  await say(customer, 'talk to a human', conversationId);
  const { id } = await card;
  const results = await Promise.allSettled([
    ask(sam, 'escalation:claim', { escalationId: id }),
    ask(noor, 'escalation:claim', { escalationId: id }),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
    code: 'conflict',
  });
});

test('two server processes sharing one SQLite file: agents on different servers, exactly one claim wins', async () => {
  const other = await startHandoffHarness({ file: harness.file, autoAssign: false });
  try {
    for (let round = 0; round < 5; round += 1) {
      const { socket: sam } = await harness.agent(SAM);
      const { socket: noor } = await other.agent(NOOR);
      const customer = await harness.customer();
      const { conversationId } = await say(customer, 'my parcel is late');
      const card = next<EscalationCardView>(
        sam,
        'escalation:new',
        (c) => c.conversationId === conversationId,
      );
      await say(customer, 'can I speak to someone please', conversationId);
      const { id } = await card;
      const results = await Promise.allSettled([
        ask(sam, 'escalation:claim', { escalationId: id }),
        ask(noor, 'escalation:claim', { escalationId: id }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const escalation = await other.store.escalations.get(id);
      const conversation = await harness.store.conversations.get(conversationId);
      expect(escalation?.status).toBe('assigned');
      expect(conversation).toMatchObject({ state: 'agent', assignedAgentId: escalation?.agentId });
      sam.disconnect();
      noor.disconnect();
      customer.disconnect();
    }
  } finally {
    await other.close();
  }
});

test('validation and permissions on /agents: bad payloads, writing into a conversation you do not own', async () => {
  const { socket: sam } = await harness.agent(SAM);
  await expect(ask(sam, 'inbox:list', { scope: 'everything' })).rejects.toMatchObject({
    code: 'validation_failed',
  });
  await expect(ask(sam, 'escalation:claim', { escalationId: 'nope' })).rejects.toMatchObject({
    code: 'not_found',
  });
  const customer = await harness.customer();
  const { conversationId } = await say(customer, 'hi there');
  await expect(
    ask(sam, 'agent:message', { conversationId, text: 'hello', clientMessageId: 'x' }),
  ).rejects.toMatchObject({ code: 'forbidden' });
  await expect(
    ask(sam, 'agent:message', { conversationId, text: '   ', clientMessageId: 'x' }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
});

test('the policy hands an upset customer over without being asked (bot middleware, second upset message)', async () => {
  const { socket: sam } = await harness.agent(SAM);
  const customer = await harness.customer();
  const { conversationId } = await say(customer, 'My order A1043 is late again.');
  const card = next<EscalationCardView>(sam, 'escalation:new', (c) => c.conversationId === conversationId);
  await say(
    customer,
    'This is ridiculous, I have been waiting for two weeks and nobody tells me anything!!',
    conversationId,
  );
  expect(await card).toMatchObject({
    reason: 'negative_sentiment',
    packet: { sentiment: { frustration: true } },
  });
});

test('nobody online: the customer is offered email, and an address becomes a ticket with everything they wrote', async () => {
  const quiet = await startHandoffHarness();
  try {
    const customer = await quiet.customer();
    const { conversationId } = await say(customer, 'My parcel A1061 arrived damaged.');
    const offer = next<ChatMessageView>(customer, 'chat:reply', (m) =>
      /Nobody from our team is available/.test(m.text),
    );
    await say(customer, 'I need to speak to a human', conversationId);
    await offer;
    const done = next<ChatMessageView>(customer, 'chat:reply', (m) => /created ticket/.test(m.text));
    await say(customer, 'ok, it is jonas.weber@example.com', conversationId);
    expect((await done).text).toMatch(/reply to jonas.weber@example.com/);
    const conversation = await quiet.store.conversations.get(conversationId);
    expect(conversation?.state).toBe('bot');
    const status = (await quiet.store.messages.listAfter(conversationId, 0)).find((m) =>
      /created ticket/.test(m.text),
    )!;
    const ticketId = (status.attachments[0] as { content: { value: { ticketId: string } } }).content.value
      .ticketId;
    const ticket = await quiet.store.tickets.get(ticketId);
    expect(ticket).toMatchObject({
      kind: 'callback',
      email: 'jonas.weber@example.com',
      orderNumber: 'A1061',
      conversationId,
    });
    expect(ticket?.body).toContain('My parcel A1061 arrived damaged.');
    expect(ticket?.body).toContain('I need to speak to a human');
  } finally {
    await quiet.close();
  }
});
