/**
 * The handoff service over a real SQLite store (temp file) with recording channels: escalation,
 * offers and tickets, claims (also racing, also across two store instances on one file),
 * relay, transfer, resolve with CSAT, hand-back, maximum wait and presence.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSqliteStore, type Message, type Store, type User } from '../store';
import { businessHours } from './business-hours';
import { HandoffError } from './errors';
import { HandoffService, type BotBridge, type HandBackContext, type HandoffServiceOptions } from './service';
import type { AgentChannel, EscalationView, QueueStatus } from './types';
import { eventOf, senderNameOf } from './outbox';
import { assistantOf } from './texts';

const dir = mkdtempSync(join(tmpdir(), 'parley-handoff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fileNo = 0;

function manualClock(start = Date.parse('2026-11-02T10:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

class RecordingCustomer {
  delivered: Message[] = [];
  queue: QueueStatus[] = [];
  typings: { conversationId: string; active: boolean; name: string }[] = [];
  deliver(message: Message) {
    this.delivered.push(message);
  }
  queueStatus(status: QueueStatus) {
    this.queue.push(status);
  }
  texts(conversationId: string) {
    return this.delivered.filter((m) => m.conversationId === conversationId).map((m) => m.text);
  }
}

class RecordingAgents implements AgentChannel {
  fresh: { view: EscalationView; to: readonly string[] | 'all' }[] = [];
  updated: EscalationView[] = [];
  messages: Message[] = [];
  escalationNew(view: EscalationView, recipients: readonly string[] | 'all') {
    this.fresh.push({ view, to: recipients });
  }
  escalationUpdated(view: EscalationView) {
    this.updated.push(view);
  }
  message(message: Message) {
    this.messages.push(message);
  }
  customerTyping() {}
}

const hash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA';

async function setup(
  options: Partial<HandoffServiceOptions> = {},
  file = join(dir, `handoff-${++fileNo}.sqlite`),
) {
  const time = manualClock();
  const store = await openSqliteStore({ file, clock: time.clock });
  const customer = new RecordingCustomer();
  const agents = new RecordingAgents();
  const service = new HandoffService({
    store,
    customerChannel: customer,
    clock: time.clock,
    sweepIntervalMs: 0,
    ...options,
  });
  service.setAgentChannel(agents);
  const users: Record<string, User> = {};
  for (const [key, name, skills, capacity] of [
    ['sam', 'Sam Ortega', ['orders', 'general'], 2],
    ['priya', 'Priya Raman', ['billing', 'general'], 2],
  ] as const) {
    users[key] = await store.users.create({
      email: `${key}@example.com`,
      name,
      role: 'agent',
      passwordHash: hash,
      skills: [...skills],
      capacity,
    });
  }
  users.admin = await store.users.create({
    email: 'admin@example.com',
    name: 'Rosa',
    role: 'admin',
    passwordHash: hash,
    skills: ['general'],
    capacity: 2,
  });
  await service.start();
  const conversation = async (text = 'My order A1042 has not arrived, I want to talk to a person.') => {
    const c = await store.conversations.create({ channel: 'web', visitorId: `v-${Math.random()}` });
    await store.messages.append({ conversationId: c.id, sender: 'customer', text, clientMessageId: 'm1' });
    return c;
  };
  /** The customer writes: stored first, as the chat service does, then handed to the service. */
  const customerSays = async (conversationId: string, text: string, clientMessageId: string) => {
    const { message } = await store.messages.append({
      conversationId,
      sender: 'customer',
      text,
      clientMessageId,
    });
    await service.onCustomerMessage(message);
    return message;
  };
  const request = (conversationId: string) => ({
    conversationId,
    trigger: { reason: 'customer_request' as const, detail: 'customer_request' },
  });
  return { store, service, customer, agents, users, time, conversation, customerSays, request, file };
}

const stores: Store[] = [];
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

describe('escalate', () => {
  test('nobody online: queued anyway, the customer is offered email; an address becomes a ticket with the transcript', async () => {
    const { store, service, customer, conversation, customerSays, request } = await setup();
    stores.push(store);
    const c = await conversation();
    const result = await service.escalate(request(c.id));
    expect(result).toMatchObject({ kind: 'offline', why: 'no_agent' });
    expect((await store.conversations.get(c.id))?.state).toBe('queued');
    const texts = customer.texts(c.id);
    expect(texts[0]).toBe('Handing over to a person from our team.');
    expect(texts[1]).toMatch(/Nobody from our team is available/);
    const initiate = customer.delivered.find((m) => eventOf(m)?.name === 'handoff.initiate');
    expect(eventOf(initiate!)?.value).toMatchObject({ reason: 'customer_request' });

    await customerSays(c.id, 'Sure, it is Maya@Example.com thanks', 'm2');
    const conv = await store.conversations.get(c.id);
    expect(conv?.state).toBe('bot');
    const escalation = (await store.escalations.listByStatus(['abandoned']))[0];
    expect(escalation.conversationId).toBe(c.id);
    const offer = customer.delivered.find((m) => eventOf(m)?.name === 'handoff.status');
    expect(eventOf(offer!)?.value).toMatchObject({ state: 'failed', reason: 'no_agent' });
    const status = customer.delivered.find(
      (m) =>
        eventOf(m)?.name === 'handoff.status' &&
        (eventOf(m)?.value as { state: string }).state === 'completed',
    );
    expect(eventOf(status!)?.value).toMatchObject({ reason: 'ticket_created' });
    const ticketId = (eventOf(status!)?.value as { ticketId: string }).ticketId;
    const created = await store.tickets.get(ticketId);
    expect(created).toMatchObject({
      email: 'maya@example.com',
      conversationId: c.id,
      kind: 'callback',
      orderNumber: 'A1042',
    });
    expect(created?.body).toContain('Customer: My order A1042 has not arrived');
    expect(created?.body).toContain('Customer: Sure, it is Maya@Example.com thanks');
    expect(customer.texts(c.id).at(-1)).toMatch(/created ticket .* reply to maya@example.com/);
  });

  test('an agent claims while the ticket is being written: the agent keeps the chat, the ticket is kept', async () => {
    const { store, service, customer, agents, conversation, customerSays, request, users } = await setup({
      autoAssign: false,
    });
    stores.push(store);
    const c = await conversation();
    const offline = await service.escalate(request(c.id));
    expect(offline).toMatchObject({ kind: 'offline', why: 'no_agent' });
    const escalationId = offline.kind === 'offline' ? offline.escalation.id : '';
    await service.agentConnected(users.sam, 's1');

    // Sam takes the chat between the customer's email and the ticket landing in the store.
    const create = store.tickets.create.bind(store.tickets);
    let ticketId: string | undefined;
    jest.spyOn(store.tickets, 'create').mockImplementation(async (input) => {
      await service.claim(escalationId, users.sam.id);
      const ticket = await create(input);
      ticketId = ticket.id;
      return ticket;
    });
    await customerSays(c.id, 'Sure, it is maya@example.com', 'm2');

    // The claim wins: the conversation and the escalation stay with Sam.
    expect(await store.conversations.get(c.id)).toMatchObject({
      state: 'agent',
      assignedAgentId: users.sam.id,
    });
    expect(await store.escalations.get(escalationId)).toMatchObject({
      status: 'assigned',
      agentId: users.sam.id,
    });
    expect(agents.updated.at(-1)).toMatchObject({ id: escalationId, status: 'assigned' });
    // The customer is told Sam joined, and not that the chat ended in a ticket.
    const statuses = customer.delivered
      .filter((m) => m.conversationId === c.id && eventOf(m)?.name === 'handoff.status')
      .map((m) => eventOf(m)?.value as { state: string });
    expect(statuses.map((v) => v.state)).toEqual(['failed', 'accepted']);
    expect(customer.texts(c.id).at(-1)).toMatch(/Sam Ortega from our team has joined/);
    // The ticket written meanwhile is kept; the offer is gone.
    expect(await store.tickets.get(ticketId!)).toMatchObject({
      email: 'maya@example.com',
      conversationId: c.id,
    });
    expect(await service.declineOffer(c.id, 'never mind')).toBe(false);
  });

  test('nobody online: a customer who answers the offer with something else gets the bot back', async () => {
    const { store, service, agents, conversation, request } = await setup();
    stores.push(store);
    const c = await conversation();
    expect(await service.escalate(request(c.id))).toMatchObject({ kind: 'offline' });
    // An address is the offer taken: the gate keeps it for the ticket, nothing is declined.
    expect(await service.declineOffer(c.id, 'it is maya@example.com')).toBe(false);
    expect((await store.conversations.get(c.id))?.state).toBe('queued');

    expect(await service.declineOffer(c.id, 'never mind, how long do returns take?')).toBe(true);
    expect((await store.conversations.get(c.id))?.state).toBe('bot');
    const [abandoned] = await store.escalations.listByStatus(['abandoned']);
    expect(abandoned.conversationId).toBe(c.id);
    expect(agents.updated.at(-1)).toMatchObject({ id: abandoned.id, status: 'abandoned' });
    // Declined once: nothing left to decline.
    expect(await service.declineOffer(c.id, 'and another thing')).toBe(false);
  });

  test('with agents online nobody declines anything: the customer keeps their place', async () => {
    const { store, service, conversation, request, users } = await setup({ autoAssign: false });
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    const c = await conversation();
    expect(await service.escalate(request(c.id))).toMatchObject({ kind: 'queued' });
    expect(await service.declineOffer(c.id, 'are you there?')).toBe(false);
    expect((await store.conversations.get(c.id))?.state).toBe('queued');
  });

  test('settings applied at run time: new business hours and a stricter policy take effect at once', async () => {
    const { store, service, conversation, request, users } = await setup();
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    service.configure({
      hours: businessHours({ timeZone: 'UTC', weekly: { sat: [{ open: '09:00', close: '10:00' }] } }),
      policy: { fallbackLimit: 1 },
    });
    expect(service.policy.config.fallbackLimit).toBe(1);
    expect(service.policy.config.sentimentThreshold).toBe(-0.65);
    const c = await conversation();
    expect(await service.escalate(request(c.id))).toMatchObject({ kind: 'offline', why: 'after_hours' });
  });

  test('outside business hours the offer names the hours', async () => {
    const hours = businessHours({ timeZone: 'UTC', weekly: { mon: [{ open: '12:00', close: '13:00' }] } });
    const { store, service, customer, conversation, request, users } = await setup({ hours });
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    const c = await conversation();
    expect(await service.escalate(request(c.id))).toMatchObject({ kind: 'offline', why: 'after_hours' });
    expect(customer.texts(c.id)[1]).toMatch(/offline at the moment \(we're here Mon 12:00–13:00 \(UTC\)\)/);
  });

  test('with agents online and claiming: queued with a place and an estimate; skilled agents are told first', async () => {
    const { store, service, customer, agents, conversation, request, users } = await setup({
      autoAssign: false,
    });
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    await service.agentConnected(users.priya, 'p1');
    const first = await conversation();
    const second = await conversation();
    const a = await service.escalate(request(first.id));
    const b = await service.escalate({
      ...request(second.id),
      trigger: { reason: 'negative_sentiment', detail: 'sentiment:-0.8' },
    });
    expect(a).toMatchObject({ kind: 'queued', position: 1, estimatedWaitSeconds: 60 });
    // Higher priority goes ahead of the earlier one.
    expect(b).toMatchObject({ kind: 'queued', position: 1 });
    expect(service.queue.positionOf(a.kind === 'queued' ? a.escalation.id : '')).toBe(2);
    expect(customer.texts(first.id)[1]).toMatch(/You're number 1 in the queue — the wait is about a minute/);
    expect(agents.fresh).toHaveLength(2);
    expect(agents.fresh[0].view.packet.summary).toContain('A1042');
    expect(agents.fresh[0].view.packet.buildMs).toBeGreaterThanOrEqual(0);
    expect([...(agents.fresh[0].to as string[])].sort()).toEqual([users.sam.id, users.priya.id].sort());
  });

  test('a second escalation of the same conversation is refused politely', async () => {
    const { store, service, customer, conversation, request } = await setup();
    stores.push(store);
    const c = await conversation();
    await service.escalate(request(c.id));
    expect(await service.escalate(request(c.id))).toMatchObject({ kind: 'already' });
    expect(customer.texts(c.id).at(-1)).toMatch(/already in the queue/);
    expect(await store.escalations.listByStatus(['queued'])).toHaveLength(1);
  });

  test('auto-assign: the least busy eligible agent gets it and the customer is told who joined', async () => {
    const { store, service, customer, agents, conversation, request, users } = await setup();
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    await service.agentConnected(users.priya, 'p1');
    service.presence.setLoad(users.sam.id, 1);
    const c = await conversation();
    const result = await service.escalate(request(c.id));
    expect(result).toMatchObject({ kind: 'assigned', agentId: users.priya.id });
    expect(await store.conversations.get(c.id)).toMatchObject({
      state: 'agent',
      assignedAgentId: users.priya.id,
    });
    expect(customer.texts(c.id)).toEqual([
      'Handing over to a person from our team.',
      expect.stringMatching(/connecting you with a person/),
      'Priya Raman from our team has joined the chat.',
    ]);
    expect(agents.fresh.at(-1)?.to).toEqual([users.priya.id]);
    expect(service.presence.state(users.priya.id)?.activeChats).toBe(1);
  });
});

describe('claim', () => {
  test('of two agents claiming at once exactly one wins', async () => {
    const { store, service, conversation, request, users } = await setup({ autoAssign: false });
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    await service.agentConnected(users.priya, 'p1');
    for (let round = 0; round < 10; round += 1) {
      const c = await conversation();
      const result = await service.escalate(request(c.id));
      const id = result.kind === 'queued' ? result.escalation.id : '';
      const outcomes = await Promise.allSettled([
        service.claim(id, users.sam.id),
        service.claim(id, users.priya.id),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const loser = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      expect(loser.reason).toBeInstanceOf(HandoffError);
      expect((loser.reason as HandoffError).code).toBe('conflict');
      const winner = (
        outcomes.find((o) => o.status === 'fulfilled') as PromiseFulfilledResult<EscalationView>
      ).value;
      expect(await store.conversations.get(c.id)).toMatchObject({
        state: 'agent',
        assignedAgentId: winner.agentId,
      });
      // Free the winner again so capacity never decides the race.
      await service.resolve(id, winner.agentId!);
    }
  });

  test('two server processes sharing one SQLite file (two stores, two services): exactly one claim wins', async () => {
    const a = await setup({ autoAssign: false });
    const storeB = await openSqliteStore({ file: a.file, clock: a.time.clock });
    stores.push(a.store, storeB);
    const serviceB = new HandoffService({
      store: storeB,
      customerChannel: new RecordingCustomer(),
      clock: a.time.clock,
      sweepIntervalMs: 0,
      autoAssign: false,
    });
    await serviceB.start();
    await a.service.agentConnected(a.users.sam, 's1');
    await serviceB.agentConnected(a.users.priya, 'p1');
    for (let round = 0; round < 10; round += 1) {
      const c = await a.conversation();
      const result = await a.service.escalate(a.request(c.id));
      const id = result.kind === 'queued' ? result.escalation.id : '';
      const outcomes = await Promise.allSettled([
        a.service.claim(id, a.users.sam.id),
        serviceB.claim(id, a.users.priya.id),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const escalation = await storeB.escalations.get(id);
      expect(escalation?.status).toBe('assigned');
      expect((await a.store.conversations.get(c.id))?.assignedAgentId).toBe(escalation?.agentId);
      const owner = escalation!.agentId!;
      await (owner === a.users.sam.id ? a.service : serviceB).resolve(id, owner);
    }
  });

  test('an agent at capacity cannot claim more', async () => {
    const { store, service, conversation, request, users } = await setup({ autoAssign: false });
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const c = await conversation();
      const r = await service.escalate(request(c.id));
      ids.push(r.kind === 'queued' ? r.escalation.id : '');
    }
    await service.claim(ids[0], users.sam.id);
    await service.claim(ids[1], users.sam.id);
    await expect(service.claim(ids[2], users.sam.id)).rejects.toMatchObject({ code: 'at_capacity' });
  });
});

describe('relay, transfer, resolve, hand back', () => {
  async function claimed(options: Partial<HandoffServiceOptions> = {}) {
    const ctx = await setup({ autoAssign: false, ...options });
    stores.push(ctx.store);
    await ctx.service.agentConnected(ctx.users.sam, 's1');
    await ctx.service.agentConnected(ctx.users.priya, 'p1');
    const c = await ctx.conversation();
    const r = await ctx.service.escalate(ctx.request(c.id));
    const id = r.kind === 'queued' ? r.escalation.id : '';
    await ctx.service.claim(id, ctx.users.sam.id);
    return { ...ctx, c, id };
  }

  test('agent messages are stored before they are delivered; only the owner may write', async () => {
    const { store, service, customer, agents, users, c, customerSays } = await claimed();
    const sent = await service.postAgentMessage(users.sam.id, {
      conversationId: c.id,
      text: '  Hi Maya, I am looking at A1042 now. ',
      clientMessageId: 'a1',
    });
    expect(sent).toMatchObject({
      sender: 'agent',
      senderId: users.sam.id,
      text: 'Hi Maya, I am looking at A1042 now.',
    });
    expect(customer.delivered.at(-1)).toEqual(sent);
    expect((await store.messages.listAfter(c.id, sent.seq - 1))[0]).toEqual(sent);
    expect(agents.messages.at(-1)).toEqual(sent);
    // A re-send is stored once and not delivered twice.
    await service.postAgentMessage(users.sam.id, {
      conversationId: c.id,
      text: 'Hi Maya, I am looking at A1042 now.',
      clientMessageId: 'a1',
    });
    expect(customer.delivered.filter((m) => m.id === sent.id)).toHaveLength(1);
    await expect(
      service.postAgentMessage(users.priya.id, { conversationId: c.id, text: 'me too' }),
    ).rejects.toMatchObject({ code: 'forbidden' });
    await expect(
      service.postAgentMessage(users.sam.id, { conversationId: c.id, text: '   ' }),
    ).rejects.toMatchObject({ code: 'invalid' });

    const message = await customerSays(c.id, 'Thank you!', 'm9');
    expect(agents.messages.at(-1)).toEqual(message);
  });

  test('transfer to another agent, then to a team queue', async () => {
    const { store, service, customer, agents, users, c, id } = await claimed();
    const toPriya = await service.transfer(id, users.sam.id, { agentId: users.priya.id });
    expect(toPriya).toMatchObject({ status: 'assigned', agentId: users.priya.id, agentName: 'Priya Raman' });
    expect(await store.conversations.get(c.id)).toMatchObject({
      state: 'agent',
      assignedAgentId: users.priya.id,
    });
    expect(customer.texts(c.id).at(-1)).toBe(
      'Sam Ortega has passed this chat to Priya Raman, who will take it from here.',
    );
    // The event names the new person, so the widget's header can say who the customer is chatting with.
    expect(eventOf(customer.delivered.at(-1)!)?.value).toMatchObject({
      state: 'transferred',
      agentName: 'Priya Raman',
    });
    expect(agents.fresh.at(-1)?.to).toEqual([users.priya.id]);
    await expect(service.transfer(id, users.sam.id, { team: 'billing' })).rejects.toMatchObject({
      code: 'forbidden',
    });

    const toTeam = await service.transfer(id, users.priya.id, { team: 'billing' });
    expect(toTeam).toMatchObject({ status: 'queued', team: 'billing', agentId: null, position: 1 });
    expect(await store.conversations.get(c.id)).toMatchObject({ state: 'queued', assignedAgentId: null });
    expect(service.presence.state(users.priya.id)?.activeChats).toBe(0);
  });

  test('resolve: back to the bot, the customer is asked for CSAT and the answer is recorded', async () => {
    const { store, service, customer, users, c, id } = await claimed();
    const view = await service.resolve(id, users.sam.id);
    expect(view.status).toBe('resolved');
    expect(await store.conversations.get(c.id)).toMatchObject({ state: 'bot', assignedAgentId: null });
    const texts = customer.texts(c.id);
    expect(texts.slice(-2)).toEqual([
      'Sam Ortega has marked this chat as resolved.',
      expect.stringMatching(/how would you rate this chat/),
    ]);
    const sent: Message[] = [];
    const outbox = {
      send: async (_id: string, items: readonly unknown[]) => void sent.push(...(items as Message[])),
    };
    expect(await service.answerCsat(c.id, '5', outbox)).toBe(true);
    expect(sent[0]).toMatchObject({ kind: 'event', name: 'parley.csat', value: { score: 5 } });
    expect(await service.answerCsat(c.id, '5', outbox)).toBe(false); // asked once
    expect(service.presence.state(users.sam.id)?.activeChats).toBe(0);
  });

  test('hand back: the bot resumes with the facts already given', async () => {
    const resumed: [string, HandBackContext][] = [];
    const bot: BotBridge = {
      resume: async (conversationId, context) => void resumed.push([conversationId, context]),
    };
    const { store, service, customer, users, c, id } = await claimed({ bot });
    await service.handBack(id, users.sam.id, 'Tracking updated; customer will wait.');
    expect(await store.conversations.get(c.id)).toMatchObject({ state: 'bot' });
    expect((await store.escalations.get(id))?.status).toBe('handed_back');
    expect(resumed).toHaveLength(1);
    expect(resumed[0][1]).toMatchObject({
      resolution: 'handed_back',
      agentName: 'Sam Ortega',
      note: 'Tracking updated; customer will wait.',
    });
    expect(resumed[0][1].facts).toContainEqual({ type: 'order_number', value: 'A1042' });
    const status = customer.delivered.filter((m) => eventOf(m)?.name === 'handoff.status').at(-1)!;
    expect(eventOf(status)?.value).toMatchObject({ state: 'completed', resolution: 'handed_back' });
  });

  test("hand back names the deployment's assistant, never the product", async () => {
    const named = await claimed({ assistantName: assistantOf('Fellwick & Tarn') });
    await named.service.handBack(named.id, named.users.sam.id);
    expect(named.customer.texts(named.c.id).at(-1)).toMatch(
      /^Sam Ortega has handed you back to the Fellwick & Tarn assistant\./,
    );
    const plain = await claimed();
    await plain.service.handBack(plain.id, plain.users.sam.id);
    expect(plain.customer.texts(plain.c.id).at(-1)).toMatch(/handed you back to our assistant\./);
  });

  test("agent messages carry the agent's display name for the customer", async () => {
    const { service, users, c } = await claimed();
    const sent = await service.postAgentMessage(users.sam.id, { conversationId: c.id, text: 'Hi!' });
    expect(senderNameOf(sent)).toBe('Sam Ortega');
  });

  test('an admin may act on anyone’s conversation; other agents may not', async () => {
    const { service, users, id } = await claimed();
    await expect(service.handBack(id, users.priya.id)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(service.resolve(id, users.admin.id)).resolves.toMatchObject({ status: 'resolved' });
  });

  test('take over a conversation the bot is handling', async () => {
    const { store, service, customer, users, conversation } = await setup();
    stores.push(store);
    await service.agentConnected(users.priya, 'p1');
    const c = await conversation('Where is my parcel?');
    const view = await service.takeOver(c.id, users.priya.id);
    expect(view).toMatchObject({ status: 'assigned', reason: 'agent_takeover', agentId: users.priya.id });
    expect(await store.conversations.get(c.id)).toMatchObject({
      state: 'agent',
      assignedAgentId: users.priya.id,
    });
    expect(customer.texts(c.id)).toEqual([
      'Handing over to a person from our team.',
      'Priya Raman from our team has joined the chat.',
    ]);
    await expect(service.takeOver(c.id, users.sam.id)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('sweep', () => {
  test('past the maximum wait the customer is offered email once', async () => {
    const { store, service, customer, time, conversation, customerSays, request, users } = await setup({
      autoAssign: false,
      maxWaitMs: 5 * 60_000,
    });
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    const c = await conversation();
    await service.escalate(request(c.id));
    time.advance(4 * 60_000);
    await service.heartbeat(users.sam.id);
    await service.sweep();
    expect(customer.texts(c.id).some((t) => /taking a while/.test(t))).toBe(false);
    time.advance(60_000);
    await service.heartbeat(users.sam.id);
    await service.sweep();
    await service.sweep();
    expect(customer.texts(c.id).filter((t) => /taking a while/.test(t))).toHaveLength(1);
    await customerSays(c.id, 'ok: me@example.org', 'e');
    expect((await store.conversations.get(c.id))?.state).toBe('bot');
  });

  test('an agent whose heartbeats stop goes offline; a waiting escalation goes to the next agent who comes online', async () => {
    const { store, service, time, conversation, request, users } = await setup();
    stores.push(store);
    await service.agentConnected(users.sam, 's1');
    time.advance(60_000);
    await service.sweep();
    expect(service.presence.presenceOf(users.sam.id)).toBe('offline');
    const c = await conversation();
    expect(await service.escalate(request(c.id))).toMatchObject({ kind: 'offline', why: 'no_agent' });
    await service.agentConnected(users.priya, 'p1');
    expect(await store.conversations.get(c.id)).toMatchObject({
      state: 'agent',
      assignedAgentId: users.priya.id,
    });
  });
});

describe('the mood trigger, asked before a turn is recorded', () => {
  test('gives what the policy gives once the turn is recorded, message by message, and counts afresh after a hand-back', async () => {
    const { store, service } = await setup({ policy: { handOverFallingMood: false } });
    stores.push(store);
    const moods: [score: number, frustration: boolean][] = [
      [-0.3, true], // first message: mood does not count yet
      [0, false],
      [-0.3, true], // frustrated twice: due
      [-0.3, true], // the same message again (a retried delivery): replaced, still due
      [-0.9, false], // at or below the threshold: due
    ];
    const seen: (string | null)[] = [];
    let seq = 0;
    const turn = (score: number, frustration: boolean, again = false) => ({
      seq: again ? seq : ++seq,
      intent: 'order.status',
      score: 0.9,
      entities: [],
      sentiment: { score, frustration },
      fallback: false,
    });
    for (const [i, [score, frustration]] of moods.entries()) {
      const t = turn(score, frustration, i === 3);
      const before = service.moodTriggerFor('c1', t);
      const after = await service.observeTurn({ ...t, conversationId: 'c1', customerId: null });
      expect(before).toEqual(after);
      seen.push(before?.detail ?? null);
    }
    expect(seen).toEqual([null, null, 'frustration:2', 'frustration:2', 'sentiment:-0.90']);
    // A hand-back: the person dealt with it, so one more frustrated message is not yet enough.
    service.insights.resetCounters('c1');
    const t = turn(-0.3, true);
    expect(service.moodTriggerFor('c1', t)).toBeNull();
    expect(await service.observeTurn({ ...t, conversationId: 'c1', customerId: null })).toBeNull();
  });
});
