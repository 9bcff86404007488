/**
 * The one behavioural contract every Store adapter must pass. Adapter test files call
 * `describeStoreContract(name, open)`; `open` must return a fresh, empty store each time and
 * honour the injected clock and id generator when given.
 *
 * "Concurrent" below means Promise.all on one store: real contention on MongoDB; on SQLite the
 * calls interleave only between statements (better-sqlite3 is synchronous), and cross-process
 * contention is covered separately in store/sqlite/multi-process.test.ts.
 */
import type {
  ArticleImportRow,
  AuditEntry,
  NewAuditEntry,
  NewCustomer,
  NewOrder,
  NewTicket,
  NewTurnRecord,
  OrderStatus,
  PassageEmbedding,
  Store,
  StoreErrorCode,
  TicketKind,
} from './ports';
import { StoreError } from './ports';
import type { StoreDeps } from './internal/deps';

export type OpenStore = (deps?: StoreDeps) => Promise<Store>;

/** Resolves with the rejection reason; fails the test if the promise resolves. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to reject, but it resolved');
}

export async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode): Promise<void> {
  const err = await rejectionOf(promise);
  expect(err).toBeInstanceOf(StoreError);
  expect((err as StoreError).code).toBe(code);
}

/** A clock that moves one second per reading, so creation order is visible in timestamps. */
export function steppingClock(startIso = '2024-01-01T00:00:00.000Z', stepMs = 1000): () => Date {
  let ms = Date.parse(startIso);
  return () => new Date((ms += stepMs));
}

export function sequentialIds(prefix: string): () => string {
  let n = 0;
  return () => `${prefix}-${++n}`;
}

let uniqueCounter = 0;
const unique = (prefix: string): string =>
  `${prefix}${++uniqueCounter}x${Math.random().toString(36).slice(2, 8)}`;

const customerInput = (overrides: Partial<NewCustomer> = {}): NewCustomer => ({
  externalId: unique('ext-'),
  name: 'Ada Lovelace',
  email: `${unique('ada')}@example.com`,
  phone: null,
  tier: 'gold',
  consent: true,
  ...overrides,
});

const orderInput = (customerId: string, overrides: Partial<NewOrder> = {}): NewOrder => ({
  number: unique('A'),
  customerId,
  lines: [
    { sku: 'KET-1', name: 'Kettle', quantity: 2, unitPrice: 1999 },
    { sku: 'MUG-4', name: 'Mug', quantity: 1, unitPrice: 650 },
  ],
  subtotal: 4648,
  shipping: 499,
  total: 5147,
  currency: 'EUR',
  status: 'processing',
  trackingNumber: null,
  carrier: null,
  placedAt: '2024-03-01T10:00:00.000Z',
  shippedAt: null,
  deliveredAt: null,
  estimatedDelivery: '2024-03-05T00:00:00.000Z',
  ...overrides,
});

const ticketInput = (overrides: Partial<NewTicket> = {}): NewTicket => ({
  customerId: null,
  email: null,
  conversationId: null,
  orderNumber: null,
  kind: 'question',
  subject: 'Where is my parcel?',
  body: 'It has been a week.',
  ...overrides,
});

/** Breaks the static types on purpose, to prove the store itself rejects bad data. */
const invalid = <T>(value: unknown): T => value as T;

export function describeStoreContract(name: string, open: OpenStore): void {
  describe(`${name} store contract`, () => {
    let store: Store;
    let opened: Store[] = [];
    const openWith = async (deps?: StoreDeps): Promise<Store> => {
      const s = await open(deps);
      opened.push(s);
      return s;
    };
    const newConversation = (s: Store = store) =>
      s.conversations.create({ channel: 'web', visitorId: unique('visitor-') });

    beforeEach(async () => {
      store = await openWith();
    });

    afterEach(async () => {
      await Promise.all(opened.map((s) => s.close()));
      opened = [];
    });

    test('reports its kind and answers ping', async () => {
      expect(['sqlite', 'mongodb']).toContain(store.kind);
      await expect(store.ping()).resolves.toBeUndefined();
    });

    test('uses the injected clock and id generator', async () => {
      const s = await openWith({
        clock: () => new Date('2024-05-01T12:00:00Z'),
        newId: sequentialIds('fixed'),
      });
      const customer = await s.customers.create(customerInput());
      const conversation = await s.conversations.create({ channel: 'web', visitorId: 'v1' });
      expect(customer.id).toBe('fixed-1');
      expect(customer.createdAt).toBe('2024-05-01T12:00:00.000Z');
      expect(conversation.id).toBe('fixed-2');
      expect(conversation.updatedAt).toBe('2024-05-01T12:00:00.000Z');
    });

    describe('customers', () => {
      test('create returns the stored record and get reads the same back', async () => {
        const input = customerInput({ phone: '+44 20 7946 0000' });
        const created = await store.customers.create(input);
        expect(created).toEqual({ ...input, id: expect.any(String), createdAt: expect.any(String) });
        expect(new Date(created.createdAt).toISOString()).toBe(created.createdAt);
        expect(await store.customers.get(created.id)).toEqual(created);
      });

      test('lookups return null when nothing matches', async () => {
        expect(await store.customers.get('missing')).toBeNull();
        expect(await store.customers.getByExternalId('missing')).toBeNull();
        expect(await store.customers.getByEmail('nobody@example.com')).toBeNull();
      });

      test('keeps a caller-supplied id and createdAt, normalised to ISO-8601', async () => {
        const created = await store.customers.create(
          customerInput({ id: 'cust-42', createdAt: '2024-01-05T10:00:00Z' }),
        );
        expect(created.id).toBe('cust-42');
        expect(created.createdAt).toBe('2024-01-05T10:00:00.000Z');
        expect((await store.customers.get('cust-42'))?.createdAt).toBe('2024-01-05T10:00:00.000Z');
      });

      test('finds by external id, and by email case-insensitively', async () => {
        const created = await store.customers.create(
          customerInput({ externalId: 'crm-7', email: ' Grace.Hopper@Example.com ' }),
        );
        expect(created.email).toBe('grace.hopper@example.com');
        expect((await store.customers.getByExternalId('crm-7'))?.id).toBe(created.id);
        expect((await store.customers.getByEmail('GRACE.HOPPER@example.COM'))?.id).toBe(created.id);
      });

      test('a second customer with the same externalId or id is a duplicate', async () => {
        await store.customers.create(customerInput({ id: 'c1', externalId: 'crm-1' }));
        await expectStoreError(store.customers.create(customerInput({ externalId: 'crm-1' })), 'duplicate');
        await expectStoreError(store.customers.create(customerInput({ id: 'c1' })), 'duplicate');
        expect(await store.customers.count()).toBe(1);
      });

      test.each([
        ['a malformed email', { email: 'not-an-email' }],
        ['an unknown tier', { tier: invalid('diamond') }],
        ['an empty name', { name: '' }],
        ['a missing name', { name: invalid(undefined) }],
        ['an unparseable createdAt', { createdAt: 'yesterday' }],
      ])('rejects %s as invalid', async (_label, overrides) => {
        await expectStoreError(
          store.customers.create(customerInput(overrides as Partial<NewCustomer>)),
          'invalid',
        );
        expect(await store.customers.count()).toBe(0);
      });

      test('update patches only the given fields', async () => {
        const created = await store.customers.create(customerInput({ tier: 'standard', consent: false }));
        const updated = await store.customers.update(created.id, {
          tier: 'platinum',
          phone: '555-0100',
          email: 'New@Example.com',
        });
        expect(updated).toEqual({
          ...created,
          tier: 'platinum',
          phone: '555-0100',
          email: 'new@example.com',
        });
        expect(await store.customers.get(created.id)).toEqual(updated);
      });

      test('update of an unknown customer is not_found; a bad email is invalid', async () => {
        await expectStoreError(store.customers.update('missing', { name: 'X' }), 'not_found');
        const created = await store.customers.create(customerInput());
        await expectStoreError(store.customers.update(created.id, { email: 'nope' }), 'invalid');
        expect((await store.customers.get(created.id))?.email).toBe(created.email);
      });

      test('list pages in creation order; count counts', async () => {
        const s = await openWith({ clock: steppingClock() });
        const ids: string[] = [];
        for (let i = 0; i < 5; i += 1) ids.push((await s.customers.create(customerInput())).id);
        expect((await s.customers.list()).map((c) => c.id)).toEqual(ids);
        expect((await s.customers.list({ limit: 2, offset: 1 })).map((c) => c.id)).toEqual(ids.slice(1, 3));
        expect(await s.customers.count()).toBe(5);
      });
    });

    describe('orders', () => {
      test('create, get and getByNumber round-trip every field', async () => {
        const customer = await store.customers.create(customerInput());
        const input = orderInput(customer.id, {
          number: 'A1042',
          placedAt: '2024-03-01T10:00:00Z',
          trackingNumber: 'TRK1',
          carrier: 'DHL',
        });
        const created = await store.orders.create(input);
        expect(created).toEqual({ ...input, id: expect.any(String), placedAt: '2024-03-01T10:00:00.000Z' });
        expect(await store.orders.get(created.id)).toEqual(created);
        expect(await store.orders.getByNumber('A1042')).toEqual(created);
        expect(await store.orders.getByNumber('A9999')).toBeNull();
        expect(await store.orders.get('missing')).toBeNull();
      });

      test('order numbers are unique', async () => {
        const customer = await store.customers.create(customerInput());
        await store.orders.create(orderInput(customer.id, { number: 'A1' }));
        await expectStoreError(store.orders.create(orderInput(customer.id, { number: 'A1' })), 'duplicate');
      });

      test('an order for an unknown customer is not_found', async () => {
        await expectStoreError(store.orders.create(orderInput('no-such-customer')), 'not_found');
        expect(await store.orders.count()).toBe(0);
      });

      test.each([
        ['a negative total', { total: -1 }],
        ['negative shipping', { shipping: -5 }],
        ['fractional minor units', { subtotal: 10.5 }],
        ['an unknown status', { status: invalid('lost') }],
        ['a currency that is not 3 letters', { currency: 'EURO' }],
        ['a missing placedAt', { placedAt: invalid(undefined) }],
      ])('rejects %s as invalid', async (_label, overrides) => {
        const customer = await store.customers.create(customerInput());
        await expectStoreError(
          store.orders.create(orderInput(customer.id, overrides as Partial<NewOrder>)),
          'invalid',
        );
        expect(await store.orders.count()).toBe(0);
      });

      test('listByCustomer returns that customer’s orders, newest first, up to limit', async () => {
        const [ada, bob] = await Promise.all([
          store.customers.create(customerInput()),
          store.customers.create(customerInput()),
        ]);
        const old = await store.orders.create(orderInput(ada.id, { placedAt: '2024-01-01T00:00:00Z' }));
        const mid = await store.orders.create(orderInput(ada.id, { placedAt: '2024-02-01T00:00:00Z' }));
        const recent = await store.orders.create(orderInput(ada.id, { placedAt: '2024-03-01T00:00:00Z' }));
        await store.orders.create(orderInput(bob.id));
        expect((await store.orders.listByCustomer(ada.id)).map((o) => o.id)).toEqual([
          recent.id,
          mid.id,
          old.id,
        ]);
        expect((await store.orders.listByCustomer(ada.id, { limit: 2 })).map((o) => o.id)).toEqual([
          recent.id,
          mid.id,
        ]);
        expect(await store.orders.count()).toBe(4);
      });

      test('updateStatus stamps shippedAt and deliveredAt the first time', async () => {
        const s = await openWith({ clock: steppingClock('2024-03-02T00:00:00.000Z') });
        const customer = await s.customers.create(customerInput());
        const order = await s.orders.create(orderInput(customer.id));
        const shipped = await s.orders.updateStatus(order.id, 'shipped');
        expect(shipped.status).toBe('shipped');
        expect(shipped.shippedAt).not.toBeNull();
        const delivered = await s.orders.updateStatus(order.id, 'delivered');
        expect(delivered).toMatchObject({ status: 'delivered', shippedAt: shipped.shippedAt });
        expect(delivered.deliveredAt! > shipped.shippedAt!).toBe(true);
        expect(await s.orders.get(order.id)).toEqual(delivered);
      });

      test('updateStatus: unknown order is not_found, unknown status is invalid', async () => {
        await expectStoreError(store.orders.updateStatus('missing', 'shipped'), 'not_found');
        const customer = await store.customers.create(customerInput());
        const order = await store.orders.create(orderInput(customer.id));
        await expectStoreError(
          store.orders.updateStatus(order.id, invalid<OrderStatus>('teleported')),
          'invalid',
        );
        expect((await store.orders.get(order.id))?.status).toBe('processing');
      });
    });

    describe('tickets', () => {
      test('create defaults to open with equal timestamps; get reads it back', async () => {
        const customer = await store.customers.create(customerInput());
        const conversation = await newConversation();
        const input = ticketInput({
          customerId: customer.id,
          conversationId: conversation.id,
          orderNumber: 'A1',
          kind: 'return',
        });
        const created = await store.tickets.create(input);
        expect(created).toEqual({
          ...input,
          id: expect.any(String),
          status: 'open',
          createdAt: expect.any(String),
          updatedAt: created.createdAt,
        });
        expect(await store.tickets.get(created.id)).toEqual(created);
        expect(await store.tickets.get('missing')).toBeNull();
      });

      test('an anonymous ticket keeps a normalised contact email and allows an empty body', async () => {
        const created = await store.tickets.create(
          ticketInput({ email: 'Visitor@Example.com', body: '', kind: 'callback' }),
        );
        expect(created).toMatchObject({ customerId: null, email: 'visitor@example.com', body: '' });
      });

      test.each([
        ['a malformed email', { email: 'nope' }],
        ['an unknown kind', { kind: invalid<TicketKind>('rant') }],
        ['an empty subject', { subject: '' }],
      ])('rejects %s as invalid', async (_label, overrides) => {
        await expectStoreError(store.tickets.create(ticketInput(overrides as Partial<NewTicket>)), 'invalid');
      });

      test('references to unknown customers or conversations are not_found', async () => {
        await expectStoreError(store.tickets.create(ticketInput({ customerId: 'missing' })), 'not_found');
        await expectStoreError(store.tickets.create(ticketInput({ conversationId: 'missing' })), 'not_found');
      });

      test('listByCustomer returns newest first and filters by status', async () => {
        const s = await openWith({ clock: steppingClock() });
        const customer = await s.customers.create(customerInput());
        const first = await s.tickets.create(ticketInput({ customerId: customer.id }));
        const second = await s.tickets.create(ticketInput({ customerId: customer.id, status: 'solved' }));
        await s.tickets.create(ticketInput({ email: 'someone@example.com' }));
        expect((await s.tickets.listByCustomer(customer.id)).map((t) => t.id)).toEqual([second.id, first.id]);
        expect(
          (await s.tickets.listByCustomer(customer.id, { status: ['open', 'pending'] })).map((t) => t.id),
        ).toEqual([first.id]);
        expect(await s.tickets.listByCustomer(customer.id, { status: [] })).toEqual([]);
      });

      test('updateStatus changes status and updatedAt only', async () => {
        const s = await openWith({ clock: steppingClock() });
        const created = await s.tickets.create(ticketInput());
        const updated = await s.tickets.updateStatus(created.id, 'pending');
        expect(updated).toEqual({ ...created, status: 'pending', updatedAt: expect.any(String) });
        expect(updated.updatedAt > created.updatedAt).toBe(true);
        await expectStoreError(s.tickets.updateStatus('missing', 'closed'), 'not_found');
        await expectStoreError(s.tickets.updateStatus(created.id, invalid('archived')), 'invalid');
      });
    });

    describe('conversations', () => {
      test('create starts in the bot state with no messages', async () => {
        const created = await store.conversations.create({ channel: 'web', visitorId: 'visitor-1' });
        expect(created).toEqual({
          id: expect.any(String),
          channel: 'web',
          customerId: null,
          visitorId: 'visitor-1',
          state: 'bot',
          assignedAgentId: null,
          lastSeq: 0,
          createdAt: expect.any(String),
          updatedAt: created.createdAt,
          closedAt: null,
        });
        expect(await store.conversations.get(created.id)).toEqual(created);
        expect(await store.conversations.get('missing')).toBeNull();
      });

      test('create with a caller id, a known customer; duplicates and unknown customers fail', async () => {
        const customer = await store.customers.create(customerInput());
        const created = await store.conversations.create({
          id: 'conv-1',
          channel: 'teams',
          visitorId: 'v',
          customerId: customer.id,
        });
        expect(created).toMatchObject({ id: 'conv-1', customerId: customer.id });
        await expectStoreError(
          store.conversations.create({ id: 'conv-1', channel: 'web', visitorId: 'v' }),
          'duplicate',
        );
        await expectStoreError(
          store.conversations.create({ channel: 'web', visitorId: 'v', customerId: 'missing' }),
          'not_found',
        );
      });

      test('transition is compare-and-set on state', async () => {
        const conversation = await newConversation();
        const queued = await store.conversations.transition(conversation.id, ['bot'], 'queued');
        expect(queued?.state).toBe('queued');
        expect(await store.conversations.transition(conversation.id, ['bot'], 'queued')).toBeNull();
        expect(await store.conversations.transition(conversation.id, ['bot', 'agent'], 'closed')).toBeNull();
        expect((await store.conversations.get(conversation.id))?.state).toBe('queued');
      });

      test('transition applies the agent patch and manages closedAt', async () => {
        const conversation = await newConversation();
        const withAgent = await store.conversations.transition(conversation.id, ['bot'], 'agent', {
          assignedAgentId: 'agent-1',
        });
        expect(withAgent).toMatchObject({ state: 'agent', assignedAgentId: 'agent-1', closedAt: null });
        const closed = await store.conversations.transition(conversation.id, ['agent'], 'closed');
        expect(closed).toMatchObject({ state: 'closed', assignedAgentId: 'agent-1' });
        expect(closed?.closedAt).toEqual(expect.any(String));
        const reopened = await store.conversations.transition(conversation.id, ['closed'], 'bot', {
          assignedAgentId: null,
        });
        expect(reopened).toMatchObject({ state: 'bot', assignedAgentId: null, closedAt: null });
        expect(await store.conversations.get(conversation.id)).toEqual(reopened);
      });

      test('transition of an unknown conversation is not_found', async () => {
        await expectStoreError(store.conversations.transition('missing', ['bot'], 'queued'), 'not_found');
      });

      test('of 10 concurrent identical transitions exactly one wins', async () => {
        const conversation = await newConversation();
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.conversations.transition(conversation.id, ['bot'], 'agent', {
              assignedAgentId: `agent-${i}`,
            }),
          ),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect((await store.conversations.get(conversation.id))?.assignedAgentId).toBe(
          winners[0]!.assignedAgentId,
        );
      });

      test('linkCustomer links a known customer; unknown ids are not_found', async () => {
        const customer = await store.customers.create(customerInput());
        const conversation = await newConversation();
        const linked = await store.conversations.linkCustomer(conversation.id, customer.id);
        expect(linked).toMatchObject({ id: conversation.id, customerId: customer.id });
        expect((await store.conversations.get(conversation.id))?.customerId).toBe(customer.id);
        await expectStoreError(store.conversations.linkCustomer('missing', customer.id), 'not_found');
        await expectStoreError(store.conversations.linkCustomer(conversation.id, 'missing'), 'not_found');
      });

      test('listByState filters by state, oldest first, up to limit', async () => {
        const s = await openWith({ clock: steppingClock() });
        const a = await newConversation(s);
        const b = await newConversation(s);
        const c = await newConversation(s);
        await s.conversations.transition(b.id, ['bot'], 'queued');
        expect((await s.conversations.listByState('bot')).map((x) => x.id)).toEqual([a.id, c.id]);
        expect((await s.conversations.listByState('bot', { limit: 1 })).map((x) => x.id)).toEqual([a.id]);
        expect((await s.conversations.listByState('queued')).map((x) => x.id)).toEqual([b.id]);
        expect(await s.conversations.listByState('closed')).toEqual([]);
      });

      test('listRecent: most recently active first (a new message counts), up to limit', async () => {
        const s = await openWith({ clock: steppingClock() });
        const a = await newConversation(s);
        const b = await newConversation(s);
        const c = await newConversation(s);
        await s.conversations.transition(c.id, ['bot'], 'queued');
        expect((await s.conversations.listRecent('bot')).map((x) => x.id)).toEqual([b.id, a.id]);
        await s.messages.append({ conversationId: a.id, sender: 'customer', text: 'still there?' });
        expect((await s.conversations.listRecent('bot')).map((x) => x.id)).toEqual([a.id, b.id]);
        expect((await s.conversations.listRecent('bot', { limit: 1 })).map((x) => x.id)).toEqual([a.id]);
        expect((await s.conversations.listRecent('queued')).map((x) => x.id)).toEqual([c.id]);
      });
    });

    describe('messages', () => {
      test('append numbers messages 1, 2, 3 and keeps every field', async () => {
        const conversation = await newConversation();
        const first = await store.messages.append({
          conversationId: conversation.id,
          sender: 'customer',
          text: 'hi',
          clientMessageId: 'c-1',
        });
        const second = await store.messages.append({
          conversationId: conversation.id,
          sender: 'bot',
          text: '',
          attachments: [{ type: 'card', title: 'Track order', actions: [{ label: 'Go', value: 1 }] }],
        });
        const third = await store.messages.append({
          conversationId: conversation.id,
          sender: 'agent',
          senderId: 'agent-9',
          text: 'hello',
        });
        expect([first, second, third].map((r) => [r.created, r.message.seq])).toEqual([
          [true, 1],
          [true, 2],
          [true, 3],
        ]);
        expect(first.message).toEqual({
          id: expect.any(String),
          conversationId: conversation.id,
          seq: 1,
          sender: 'customer',
          senderId: null,
          text: 'hi',
          attachments: [],
          clientMessageId: 'c-1',
          createdAt: expect.any(String),
        });
        expect(second.message.attachments).toEqual([
          { type: 'card', title: 'Track order', actions: [{ label: 'Go', value: 1 }] },
        ]);
        expect(third.message).toMatchObject({ senderId: 'agent-9', clientMessageId: null });
        expect((await store.conversations.get(conversation.id))?.lastSeq).toBe(3);
        expect(await store.messages.listAfter(conversation.id, 0)).toEqual([
          first.message,
          second.message,
          third.message,
        ]);
      });

      test('a repeated clientMessageId returns the stored message and consumes no seq', async () => {
        const conversation = await newConversation();
        const original = await store.messages.append({
          conversationId: conversation.id,
          sender: 'customer',
          text: 'hi',
          clientMessageId: 'c-1',
        });
        const repeat = await store.messages.append({
          conversationId: conversation.id,
          sender: 'customer',
          text: 'hi (resent)',
          clientMessageId: 'c-1',
        });
        expect(repeat).toEqual({ created: false, message: original.message });
        const next = await store.messages.append({
          conversationId: conversation.id,
          sender: 'bot',
          text: 'hello',
        });
        expect(next.message.seq).toBe(2);
        expect(await store.messages.getByClientId(conversation.id, 'c-1')).toEqual(original.message);
        expect(await store.messages.getByClientId(conversation.id, 'c-2')).toBeNull();
      });

      test('client ids are scoped to their conversation; server messages never collide', async () => {
        const [a, b] = await Promise.all([newConversation(), newConversation()]);
        const inA = await store.messages.append({
          conversationId: a.id,
          sender: 'customer',
          text: 'x',
          clientMessageId: 'same',
        });
        const inB = await store.messages.append({
          conversationId: b.id,
          sender: 'customer',
          text: 'x',
          clientMessageId: 'same',
        });
        expect([inA.created, inB.created]).toEqual([true, true]);
        expect(inB.message.id).not.toBe(inA.message.id);
        const s1 = await store.messages.append({
          conversationId: a.id,
          sender: 'system',
          text: 'one',
          clientMessageId: null,
        });
        const s2 = await store.messages.append({ conversationId: a.id, sender: 'system', text: 'two' });
        expect([s1.created, s1.message.seq, s2.created, s2.message.seq]).toEqual([true, 2, true, 3]);
      });

      test('50 concurrent appends get seqs 1..50 with no gaps and no duplicates', async () => {
        const conversation = await newConversation();
        const results = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            store.messages.append({
              conversationId: conversation.id,
              sender: 'customer',
              text: `m${i}`,
              clientMessageId: `c-${i}`,
            }),
          ),
        );
        expect(results.every((r) => r.created)).toBe(true);
        const seqs = results.map((r) => r.message.seq).sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
        expect(new Set(results.map((r) => r.message.id)).size).toBe(50);
        const stored = await store.messages.listAfter(conversation.id, 0);
        expect(stored.map((m) => m.seq)).toEqual(seqs);
        expect((await store.conversations.get(conversation.id))?.lastSeq).toBe(50);
      });

      test('10 concurrent sends of one clientMessageId store exactly one message', async () => {
        const conversation = await newConversation();
        const results = await Promise.all(
          Array.from({ length: 10 }, () =>
            store.messages.append({
              conversationId: conversation.id,
              sender: 'customer',
              text: 'hi',
              clientMessageId: 'dup',
            }),
          ),
        );
        expect(results.filter((r) => r.created)).toHaveLength(1);
        expect(new Set(results.map((r) => r.message.id)).size).toBe(1);
        expect(results[0]!.message.seq).toBe(1);
        const next = await store.messages.append({
          conversationId: conversation.id,
          sender: 'bot',
          text: 'ok',
        });
        expect(next.message.seq).toBe(2);
        expect(await store.messages.listAfter(conversation.id, 0)).toHaveLength(2);
      });

      test('listAfter returns seq > afterSeq in ascending order, up to limit', async () => {
        const conversation = await newConversation();
        for (let i = 1; i <= 6; i += 1) {
          await store.messages.append({
            conversationId: conversation.id,
            sender: i % 2 ? 'customer' : 'bot',
            text: `m${i}`,
          });
        }
        expect((await store.messages.listAfter(conversation.id, 2)).map((m) => m.seq)).toEqual([3, 4, 5, 6]);
        expect((await store.messages.listAfter(conversation.id, 2, 2)).map((m) => m.text)).toEqual([
          'm3',
          'm4',
        ]);
        expect(await store.messages.listAfter(conversation.id, 6)).toEqual([]);
        expect(await store.messages.listAfter('missing', 0)).toEqual([]);
      });

      test('append to an unknown conversation is not_found', async () => {
        await expectStoreError(
          store.messages.append({ conversationId: 'missing', sender: 'customer', text: 'hi' }),
          'not_found',
        );
        await expectStoreError(
          store.messages.append({
            conversationId: 'missing',
            sender: 'customer',
            text: 'hi',
            clientMessageId: 'c-1',
          }),
          'not_found',
        );
      });

      test('an invalid message is rejected without consuming a seq', async () => {
        const conversation = await newConversation();
        await expectStoreError(
          store.messages.append({ conversationId: conversation.id, sender: invalid('robot'), text: 'x' }),
          'invalid',
        );
        await expectStoreError(
          store.messages.append({ conversationId: conversation.id, sender: 'bot', text: invalid(undefined) }),
          'invalid',
        );
        const ok = await store.messages.append({ conversationId: conversation.id, sender: 'bot', text: 'x' });
        expect(ok.message.seq).toBe(1);
      });
    });

    describe('escalations', () => {
      const escalationInput = (conversationId: string, priority = 1) => ({
        conversationId,
        reason: 'customer asked for a human',
        priority,
        packet: { summary: 'Late parcel', entities: { order: 'A1042' }, tried: ['order-status'] },
      });

      test('create queues the escalation; get reads it back', async () => {
        const conversation = await newConversation();
        const created = await store.escalations.create({
          ...escalationInput(conversation.id),
          team: 'billing',
        });
        expect(created).toEqual({
          id: expect.any(String),
          ...escalationInput(conversation.id),
          status: 'queued',
          agentId: null,
          team: 'billing',
          createdAt: expect.any(String),
          assignedAt: null,
          resolvedAt: null,
        });
        expect(await store.escalations.get(created.id)).toEqual(created);
        expect(await store.escalations.get('missing')).toBeNull();
      });

      test('an escalation for an unknown conversation is not_found', async () => {
        await expectStoreError(store.escalations.create(escalationInput('missing')), 'not_found');
      });

      test('claim succeeds once; later claims get null and change nothing', async () => {
        const conversation = await newConversation();
        const escalation = await store.escalations.create(escalationInput(conversation.id));
        const claimed = await store.escalations.claim(escalation.id, 'agent-1');
        expect(claimed).toMatchObject({
          status: 'assigned',
          agentId: 'agent-1',
          assignedAt: expect.any(String),
        });
        expect(await store.escalations.claim(escalation.id, 'agent-2')).toBeNull();
        expect(await store.escalations.get(escalation.id)).toEqual(claimed);
        await expectStoreError(store.escalations.claim('missing', 'agent-1'), 'not_found');
      });

      test('of 10 concurrent claims exactly one wins', async () => {
        const conversation = await newConversation();
        const escalation = await store.escalations.create(escalationInput(conversation.id));
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.escalations.claim(escalation.id, `agent-${i}`)),
        );
        const winners = results.filter((r) => r !== null);
        expect(winners).toHaveLength(1);
        expect((await store.escalations.get(escalation.id))?.agentId).toBe(winners[0]!.agentId);
      });

      test('updateStatus stamps resolution, and re-queueing frees it for a new claim', async () => {
        const conversation = await newConversation();
        const escalation = await store.escalations.create(escalationInput(conversation.id));
        await store.escalations.claim(escalation.id, 'agent-1');
        const requeued = await store.escalations.updateStatus(escalation.id, 'queued', { team: 'returns' });
        expect(requeued).toMatchObject({
          status: 'queued',
          agentId: null,
          team: 'returns',
          assignedAt: null,
          resolvedAt: null,
        });
        expect(await store.escalations.claim(escalation.id, 'agent-2')).toMatchObject({ agentId: 'agent-2' });
        const resolved = await store.escalations.updateStatus(escalation.id, 'resolved');
        expect(resolved).toMatchObject({
          status: 'resolved',
          agentId: 'agent-2',
          team: 'returns',
          resolvedAt: expect.any(String),
        });
        expect(await store.escalations.get(escalation.id)).toEqual(resolved);
      });

      test('updateStatus: unknown escalation is not_found, unknown status is invalid', async () => {
        await expectStoreError(store.escalations.updateStatus('missing', 'resolved'), 'not_found');
        const conversation = await newConversation();
        const escalation = await store.escalations.create(escalationInput(conversation.id));
        await expectStoreError(
          store.escalations.updateStatus(escalation.id, invalid('forgotten')),
          'invalid',
        );
        expect((await store.escalations.get(escalation.id))?.status).toBe('queued');
      });

      test('listByStatus: highest priority first, then oldest; filtered; limited', async () => {
        const s = await openWith({ clock: steppingClock() });
        const conversation = await newConversation(s);
        const low = await s.escalations.create(escalationInput(conversation.id, 1));
        const highOld = await s.escalations.create(escalationInput(conversation.id, 5));
        const highNew = await s.escalations.create(escalationInput(conversation.id, 5));
        const done = await s.escalations.create(escalationInput(conversation.id, 9));
        await s.escalations.updateStatus(done.id, 'abandoned');
        expect((await s.escalations.listByStatus(['queued'])).map((e) => e.id)).toEqual([
          highOld.id,
          highNew.id,
          low.id,
        ]);
        expect((await s.escalations.listByStatus(['queued'], { limit: 1 })).map((e) => e.id)).toEqual([
          highOld.id,
        ]);
        expect((await s.escalations.listByStatus(['queued', 'abandoned'])).map((e) => e.id)).toEqual([
          done.id,
          highOld.id,
          highNew.id,
          low.id,
        ]);
      });

      test('getOpenForConversation returns the newest queued or assigned escalation', async () => {
        const s = await openWith({ clock: steppingClock() });
        const conversation = await newConversation(s);
        expect(await s.escalations.getOpenForConversation(conversation.id)).toBeNull();
        const first = await s.escalations.create(escalationInput(conversation.id));
        await s.escalations.updateStatus(first.id, 'handed_back');
        const second = await s.escalations.create(escalationInput(conversation.id));
        await s.escalations.claim(second.id, 'agent-1');
        expect((await s.escalations.getOpenForConversation(conversation.id))?.id).toBe(second.id);
        await s.escalations.updateStatus(second.id, 'resolved');
        expect(await s.escalations.getOpenForConversation(conversation.id)).toBeNull();
      });
    });

    describe('intents', () => {
      const intentInput = (name: string) => ({
        name,
        utterances: ['where is my order'],
        responses: ['Let me check.'],
      });

      test('create starts at version 1 with empty settings; lookups read it back', async () => {
        const created = await store.intents.create(intentInput('order.status'));
        expect(created).toEqual({
          id: expect.any(String),
          ...intentInput('order.status'),
          settings: {},
          version: 1,
          updatedAt: expect.any(String),
        });
        expect(await store.intents.get(created.id)).toEqual(created);
        expect(await store.intents.getByName('order.status')).toEqual(created);
        expect(await store.intents.getByName('nope')).toBeNull();
        expect(await store.intents.get('missing')).toBeNull();
      });

      test('settings round-trip; list is sorted by name; count counts', async () => {
        await store.intents.create(intentInput('returns.start'));
        const withSettings = await store.intents.create({
          ...intentInput('agent.request'),
          settings: { threshold: 0.42, alwaysHuman: true, category: 'support' },
        });
        expect((await store.intents.get(withSettings.id))?.settings).toEqual({
          threshold: 0.42,
          alwaysHuman: true,
          category: 'support',
        });
        expect((await store.intents.list()).map((i) => i.name)).toEqual(['agent.request', 'returns.start']);
        expect(await store.intents.count()).toBe(2);
      });

      test('names are unique, on create and on rename', async () => {
        await store.intents.create(intentInput('greet'));
        const other = await store.intents.create(intentInput('bye'));
        await expectStoreError(store.intents.create(intentInput('greet')), 'duplicate');
        await expectStoreError(store.intents.update(other.id, 1, { name: 'greet' }), 'duplicate');
        expect((await store.intents.get(other.id))?.name).toBe('bye');
      });

      test('update with the current version applies the patch and bumps the version', async () => {
        const s = await openWith({ clock: steppingClock() });
        const created = await s.intents.create(intentInput('greet'));
        const updated = await s.intents.update(created.id, 1, {
          utterances: ['hi', 'hello'],
          settings: { threshold: 0.7 },
        });
        expect(updated).toEqual({
          ...created,
          utterances: ['hi', 'hello'],
          settings: { threshold: 0.7 },
          version: 2,
          updatedAt: expect.any(String),
        });
        expect(updated.updatedAt > created.updatedAt).toBe(true);
        expect(await s.intents.get(created.id)).toEqual(updated);
      });

      test('update with a stale version is a conflict and changes nothing', async () => {
        const created = await store.intents.create(intentInput('greet'));
        await store.intents.update(created.id, 1, { responses: ['Hi!'] });
        await expectStoreError(store.intents.update(created.id, 1, { responses: ['Hello!'] }), 'conflict');
        expect(await store.intents.get(created.id)).toMatchObject({ version: 2, responses: ['Hi!'] });
      });

      test('of 5 concurrent updates from one version exactly one succeeds', async () => {
        const created = await store.intents.create(intentInput('greet'));
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => store.intents.update(created.id, 1, { responses: [`r${i}`] })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost.map((o) => (o.reason as StoreError).code)).toEqual([
          'conflict',
          'conflict',
          'conflict',
          'conflict',
        ]);
        expect((await store.intents.get(created.id))?.version).toBe(2);
      });

      test('update and delete of an unknown intent are not_found; delete removes', async () => {
        await expectStoreError(store.intents.update('missing', 1, { responses: [] }), 'not_found');
        await expectStoreError(store.intents.delete('missing'), 'not_found');
        const created = await store.intents.create(intentInput('greet'));
        await store.intents.delete(created.id);
        expect(await store.intents.get(created.id)).toBeNull();
        expect(await store.intents.count()).toBe(0);
      });

      test('an empty name is invalid', async () => {
        await expectStoreError(store.intents.create(intentInput('')), 'invalid');
      });

      test('delete at the current version removes; at a stale one it is a conflict and removes nothing', async () => {
        const created = await store.intents.create(intentInput('greet'));
        const updated = await store.intents.update(created.id, 1, { responses: ['Hi!'] });
        await expectStoreError(store.intents.delete(created.id, 1), 'conflict');
        expect(await store.intents.get(created.id)).toEqual(updated);
        await expectStoreError(store.intents.delete('missing', 1), 'not_found');
        await store.intents.delete(created.id, 2);
        expect(await store.intents.get(created.id)).toBeNull();
        await expectStoreError(store.intents.delete(created.id, 2), 'not_found');
      });

      test('delete without a version removes whatever version is stored', async () => {
        const created = await store.intents.create(intentInput('greet'));
        await store.intents.update(created.id, 1, { responses: ['Hi!'] });
        await store.intents.delete(created.id);
        expect(await store.intents.get(created.id)).toBeNull();
      });

      test('an update and a delete from one version started together: exactly one succeeds', async () => {
        const created = await store.intents.create(intentInput('greet'));
        const [updated, deleted] = await Promise.allSettled([
          store.intents.update(created.id, 1, { responses: ['Hi!'] }),
          store.intents.delete(created.id, 1),
        ]);
        const stored = await store.intents.get(created.id);
        if (updated.status === 'fulfilled') {
          expect(deleted.status).toBe('rejected');
          expect(((deleted as PromiseRejectedResult).reason as StoreError).code).toBe('conflict');
          expect(stored).toEqual(updated.value);
        } else {
          expect(deleted.status).toBe('fulfilled');
          expect((updated.reason as StoreError).code).toBe('not_found');
          expect(stored).toBeNull();
        }
      });
    });

    describe('articles', () => {
      test('create fills defaults; a caller id is kept', async () => {
        const created = await store.articles.create({
          id: 'faq-1',
          kind: 'faq',
          title: 'How do I return an item?',
          body: 'Use the returns form.',
        });
        expect(created).toEqual({
          id: 'faq-1',
          kind: 'faq',
          title: 'How do I return an item?',
          body: 'Use the returns form.',
          alternatives: [],
          tags: [],
          locale: 'en',
          published: true,
          version: 1,
          updatedAt: expect.any(String),
        });
        expect(await store.articles.get('faq-1')).toEqual(created);
        expect(await store.articles.get('missing')).toBeNull();
        await expectStoreError(
          store.articles.create({ id: 'faq-1', kind: 'faq', title: 't', body: 'b' }),
          'duplicate',
        );
      });

      test('list filters by kind and published, sorted by title', async () => {
        await store.articles.create({
          kind: 'article',
          title: 'Shipping policy',
          body: '...',
          tags: ['shipping'],
        });
        await store.articles.create({ kind: 'faq', title: 'B question', body: 'b', alternatives: ['bee?'] });
        await store.articles.create({
          kind: 'faq',
          title: 'A question',
          body: 'a',
          published: false,
          locale: 'de',
        });
        expect((await store.articles.list()).map((a) => a.title)).toEqual([
          'A question',
          'B question',
          'Shipping policy',
        ]);
        expect((await store.articles.list({ kind: 'faq' })).map((a) => a.title)).toEqual([
          'A question',
          'B question',
        ]);
        expect((await store.articles.list({ kind: 'faq', publishedOnly: true })).map((a) => a.title)).toEqual(
          ['B question'],
        );
        expect((await store.articles.list({ publishedOnly: true })).map((a) => a.title)).toEqual([
          'B question',
          'Shipping policy',
        ]);
        expect(await store.articles.count()).toBe(3);
      });

      test('update is versioned: current version applies, stale is a conflict', async () => {
        const created = await store.articles.create({ kind: 'article', title: 'Old', body: 'x' });
        const updated = await store.articles.update(created.id, 1, {
          title: 'New',
          tags: ['a'],
          published: false,
        });
        expect(updated).toMatchObject({ title: 'New', tags: ['a'], published: false, body: 'x', version: 2 });
        await expectStoreError(store.articles.update(created.id, 1, { title: 'Stale' }), 'conflict');
        await expectStoreError(store.articles.update('missing', 1, { title: 'X' }), 'not_found');
        expect(await store.articles.get(created.id)).toEqual(updated);
      });

      test('invalid kind or empty title is invalid; delete removes; unknown delete is not_found', async () => {
        await expectStoreError(
          store.articles.create({ kind: invalid('blog'), title: 't', body: 'b' }),
          'invalid',
        );
        const created = await store.articles.create({ kind: 'faq', title: 'Q', body: 'A' });
        await expectStoreError(store.articles.update(created.id, 1, { title: '' }), 'invalid');
        await store.articles.delete(created.id);
        expect(await store.articles.get(created.id)).toBeNull();
        await expectStoreError(store.articles.delete(created.id), 'not_found');
      });

      test('delete at the current version removes; at a stale one it is a conflict and removes nothing', async () => {
        const created = await store.articles.create({ id: 'faq-1', kind: 'faq', title: 'Q', body: 'A' });
        const updated = await store.articles.update(created.id, 1, { body: 'A, edited.' });
        await expectStoreError(store.articles.delete(created.id, 1), 'conflict');
        expect(await store.articles.get(created.id)).toEqual(updated);
        await expectStoreError(store.articles.delete('missing', 1), 'not_found');
        await store.articles.delete(created.id, 2);
        expect(await store.articles.get(created.id)).toBeNull();
        await expectStoreError(store.articles.delete(created.id, 2), 'not_found');
      });

      test('delete without a version removes whatever version is stored', async () => {
        const created = await store.articles.create({ kind: 'faq', title: 'Q', body: 'A' });
        await store.articles.update(created.id, 1, { body: 'A, edited.' });
        await store.articles.delete(created.id);
        expect(await store.articles.get(created.id)).toBeNull();
        expect(await store.articles.count()).toBe(0);
      });
    });

    describe('article import (importMany)', () => {
      const row = (id: string, overrides: Partial<ArticleImportRow> = {}): ArticleImportRow => ({
        id,
        kind: 'faq',
        title: `Question ${id}?`,
        body: `Answer ${id}.`,
        ...overrides,
      });

      test('creates, updates only what changed, leaves equal rows at their version', async () => {
        await store.articles.create(row('a'));
        await store.articles.create(row('b'));
        const result = await store.articles.importMany([
          row('a'),
          row('b', { body: 'New answer.', tags: ['t'] }),
          row('c', {
            kind: 'article',
            title: 'Guide',
            body: '# Guide\n\nText.',
            locale: 'de',
            published: false,
          }),
        ]);
        expect(result).toEqual({ created: ['c'], updated: ['b'], unchanged: ['a'], deleted: [] });
        expect(await store.articles.get('a')).toMatchObject({ version: 1 });
        expect(await store.articles.get('b')).toMatchObject({ version: 2, body: 'New answer.', tags: ['t'] });
        expect(await store.articles.get('c')).toMatchObject({
          kind: 'article',
          version: 1,
          locale: 'de',
          published: false,
          alternatives: [],
        });
      });

      test('a row naming another kind changes the stored kind (once; the same row again is unchanged)', async () => {
        await store.articles.create(row('k', { kind: 'article' }));
        expect(await store.articles.importMany([row('k')])).toEqual({
          created: [],
          updated: ['k'],
          unchanged: [],
          deleted: [],
        });
        expect(await store.articles.get('k')).toMatchObject({ kind: 'faq', version: 2, body: 'Answer k.' });
        expect((await store.articles.list({ kind: 'faq' })).map((a) => a.id)).toEqual(['k']);
        expect(await store.articles.list({ kind: 'article' })).toEqual([]);
        expect(await store.articles.importMany([row('k')])).toEqual({
          created: [],
          updated: [],
          unchanged: ['k'],
          deleted: [],
        });
        expect(await store.articles.get('k')).toMatchObject({ kind: 'faq', version: 2 });
      });

      test('replaceAll deletes stored articles the import does not name', async () => {
        await store.articles.create(row('keep'));
        await store.articles.create(row('drop-2'));
        await store.articles.create(row('drop-1'));
        const result = await store.articles.importMany([row('keep'), row('new')], { replaceAll: true });
        expect(result).toEqual({
          created: ['new'],
          updated: [],
          unchanged: ['keep'],
          deleted: ['drop-1', 'drop-2'],
        });
        expect((await store.articles.list()).map((a) => a.id).sort()).toEqual(['keep', 'new']);
      });

      test('a bad row anywhere writes nothing: duplicate ids, empty fields, unknown kinds', async () => {
        await store.articles.create(row('a'));
        const before = await store.articles.list();
        await expectStoreError(store.articles.importMany([row('x'), row('y'), row('x')]), 'duplicate');
        await expectStoreError(
          store.articles.importMany([row('x'), row('a', { body: 'changed' }), row('z', { title: '' })]),
          'invalid',
        );
        await expectStoreError(
          store.articles.importMany([row('x'), row('z', { kind: invalid('blog') })], { replaceAll: true }),
          'invalid',
        );
        await expectStoreError(
          store.articles.importMany([row('x'), invalid({ id: 'q', kind: 'faq' })]),
          'invalid',
        );
        expect(await store.articles.list()).toEqual(before);
      });

      test('the error names the bad row', async () => {
        const err = await store.articles
          .importMany([row('x'), row('y', { tags: invalid([1]) })])
          .catch((e: unknown) => e);
        expect(err).toBeInstanceOf(StoreError);
        expect((err as Error).message).toMatch(/row 1 \(id y\).*tags/);
      });

      test('an empty import changes nothing (and with replaceAll empties the store)', async () => {
        await store.articles.create(row('a'));
        expect(await store.articles.importMany([])).toEqual({
          created: [],
          updated: [],
          unchanged: [],
          deleted: [],
        });
        expect(await store.articles.count()).toBe(1);
        expect((await store.articles.importMany([], { replaceAll: true })).deleted).toEqual(['a']);
        expect(await store.articles.count()).toBe(0);
      });
    });

    describe('passage embeddings', () => {
      const vec = (...values: number[]) => Float32Array.from(values);
      const emb = (
        articleId: string,
        passageIndex: number,
        vector: Float32Array,
        modelId = 'm1',
      ): PassageEmbedding => ({
        articleId,
        articleVersion: 1,
        passageIndex,
        modelId,
        textHash: `h${passageIndex}`,
        vector,
      });

      test('vectors round-trip exactly (float32 bits), ordered by article then passage', async () => {
        const tricky = vec(0.1, -0, 3.4028234663852886e38, 1.401298464324817e-45, -2.5);
        await store.passageEmbeddings.replaceForArticle('b', 'm1', [
          emb('b', 1, vec(1, 2, 3, 4, 5)),
          emb('b', 0, tricky),
        ]);
        await store.passageEmbeddings.replaceForArticle('a', 'm1', [emb('a', 0, vec(5, 4, 3, 2, 1))]);
        const all = await store.passageEmbeddings.listByModel('m1');
        expect(all.map((e) => [e.articleId, e.passageIndex])).toEqual([
          ['a', 0],
          ['b', 0],
          ['b', 1],
        ]);
        expect(all[1]).toEqual(emb('b', 0, tricky));
        expect(all[1].vector).toBeInstanceOf(Float32Array);
        expect(Object.is(all[1].vector[1], -0)).toBe(true);
        expect(await store.passageEmbeddings.listForArticle('b', 'm1')).toEqual([
          emb('b', 0, tricky),
          emb('b', 1, vec(1, 2, 3, 4, 5)),
        ]);
        expect(await store.passageEmbeddings.count()).toBe(3);
      });

      test('replace swaps the whole set of one article and model; other models stay', async () => {
        await store.passageEmbeddings.replaceForArticle('a', 'm1', [
          emb('a', 0, vec(1)),
          emb('a', 1, vec(2)),
          emb('a', 2, vec(3)),
        ]);
        await store.passageEmbeddings.replaceForArticle('a', 'm2', [emb('a', 0, vec(9, 9), 'm2')]);
        await store.passageEmbeddings.replaceForArticle('a', 'm1', [
          { ...emb('a', 0, vec(7)), articleVersion: 2 },
        ]);
        expect(await store.passageEmbeddings.listForArticle('a', 'm1')).toEqual([
          { ...emb('a', 0, vec(7)), articleVersion: 2 },
        ]);
        expect(await store.passageEmbeddings.count('m2')).toBe(1);
        await store.passageEmbeddings.replaceForArticle('a', 'm1', []);
        expect(await store.passageEmbeddings.count('m1')).toBe(0);
      });

      test('replaceMany writes many articles; deleteForArticle removes every model', async () => {
        await store.passageEmbeddings.replaceMany('m1', [
          { articleId: 'a', rows: [emb('a', 0, vec(1, 0)), emb('a', 1, vec(0, 1))] },
          { articleId: 'b', rows: [emb('b', 0, vec(1, 1))] },
        ]);
        await store.passageEmbeddings.replaceForArticle('a', 'm2', [emb('a', 0, vec(1), 'm2')]);
        expect(await store.passageEmbeddings.count('m1')).toBe(3);
        expect(await store.passageEmbeddings.deleteForArticle('a')).toBe(3);
        expect(await store.passageEmbeddings.deleteForArticle('a')).toBe(0);
        expect((await store.passageEmbeddings.listByModel('m1')).map((e) => e.articleId)).toEqual(['b']);
      });

      test.each([
        ['a row of another article', [emb('other', 0, vec(1))]],
        ['a repeated passage index', [emb('a', 0, vec(1)), emb('a', 0, vec(2))]],
        ['mixed dimensions', [emb('a', 0, vec(1, 2)), emb('a', 1, vec(1))]],
        ['an empty vector', [emb('a', 0, vec())]],
        ['a NaN', [emb('a', 0, vec(1, NaN))]],
        ['a plain array', [emb('a', 0, invalid([1, 2]))]],
        ['a negative passage index', [emb('a', -1, vec(1))]],
      ])('rejects %s as invalid and keeps what was stored', async (_label, rows) => {
        await store.passageEmbeddings.replaceForArticle('a', 'm1', [emb('a', 0, vec(4, 4))]);
        await expectStoreError(store.passageEmbeddings.replaceForArticle('a', 'm1', rows), 'invalid');
        await expectStoreError(
          store.passageEmbeddings.replaceMany('m1', [
            { articleId: 'b', rows: [emb('b', 0, vec(1))] },
            { articleId: 'a', rows },
          ]),
          'invalid',
        );
        expect(await store.passageEmbeddings.listByModel('m1')).toEqual([emb('a', 0, vec(4, 4))]);
      });
    });

    describe('answer feedback', () => {
      test('record stores a vote; a re-vote on the same answer replaces it and keeps createdAt', async () => {
        const s = await openWith({ clock: steppingClock(), newId: sequentialIds('fb') });
        const first = await s.answerFeedback.record({
          answerId: 'ans-1',
          articleId: 'faq-a',
          helpful: true,
          query: 'how?',
        });
        expect(first).toEqual({
          created: true,
          feedback: {
            id: 'fb-1',
            answerId: 'ans-1',
            articleId: 'faq-a',
            helpful: true,
            conversationId: null,
            query: 'how?',
            comment: null,
            createdAt: expect.any(String),
            updatedAt: first.feedback.createdAt,
          },
        });
        const again = await s.answerFeedback.record({
          answerId: 'ans-1',
          articleId: 'faq-a',
          helpful: false,
          comment: 'wrong shop',
        });
        expect(again.created).toBe(false);
        expect(again.feedback).toMatchObject({
          id: 'fb-1',
          helpful: false,
          comment: 'wrong shop',
          query: 'how?',
          createdAt: first.feedback.createdAt,
        });
        expect(again.feedback.updatedAt > first.feedback.updatedAt).toBe(true);
        expect(await s.answerFeedback.getByAnswer('ans-1')).toEqual(again.feedback);
        expect(await s.answerFeedback.getByAnswer('missing')).toBeNull();
      });

      test('a re-vote naming another article is a conflict; bad input is invalid', async () => {
        await store.answerFeedback.record({ answerId: 'ans-1', articleId: 'faq-a', helpful: true });
        await expectStoreError(
          store.answerFeedback.record({ answerId: 'ans-1', articleId: 'faq-b', helpful: true }),
          'conflict',
        );
        await expectStoreError(
          store.answerFeedback.record({ answerId: '', articleId: 'faq-a', helpful: true }),
          'invalid',
        );
        await expectStoreError(
          store.answerFeedback.record({ answerId: 'x', articleId: 'faq-a', helpful: invalid('yes') }),
          'invalid',
        );
        expect((await store.answerFeedback.getByAnswer('ans-1'))?.articleId).toBe('faq-a');
      });

      test('helpfulness aggregates per article, most votes first; since and articleId filter', async () => {
        const s = await openWith({ clock: steppingClock('2024-01-01T00:00:00.000Z', 60_000) });
        const at: string[] = [];
        const vote = async (answerId: string, articleId: string, helpful: boolean) =>
          at.push((await s.answerFeedback.record({ answerId, articleId, helpful })).feedback.updatedAt);
        await vote('1', 'faq-a', true);
        await vote('2', 'faq-a', false);
        await vote('3', 'kb-b', true);
        await vote('4', 'faq-a', true);
        await vote('5', 'kb-b', true);
        await vote('6', 'faq-c', false);
        await vote('2', 'faq-a', true); // changed mind: counts once, as helpful
        expect(await s.answerFeedback.helpfulness()).toEqual([
          { articleId: 'faq-a', helpful: 3, notHelpful: 0, total: 3, lastVoteAt: at[6] },
          { articleId: 'kb-b', helpful: 2, notHelpful: 0, total: 2, lastVoteAt: at[4] },
          { articleId: 'faq-c', helpful: 0, notHelpful: 1, total: 1, lastVoteAt: at[5] },
        ]);
        // Since the 5th vote: votes 5, 6 and the changed vote 2.
        expect(await s.answerFeedback.helpfulness({ since: at[4] })).toEqual([
          { articleId: 'faq-a', helpful: 1, notHelpful: 0, total: 1, lastVoteAt: at[6] },
          { articleId: 'faq-c', helpful: 0, notHelpful: 1, total: 1, lastVoteAt: at[5] },
          { articleId: 'kb-b', helpful: 1, notHelpful: 0, total: 1, lastVoteAt: at[4] },
        ]);
        expect((await s.answerFeedback.helpfulness({ articleId: 'kb-b' })).map((h) => h.total)).toEqual([2]);
        expect(await s.answerFeedback.helpfulness({ articleId: 'nothing' })).toEqual([]);
        await expectStoreError(s.answerFeedback.helpfulness({ since: 'yesterday' }), 'invalid');
      });

      test('listByArticle: newest vote first, filtered by vote, limited', async () => {
        const s = await openWith({ clock: steppingClock() });
        for (const [answerId, helpful] of [
          ['1', true],
          ['2', false],
          ['3', true],
        ] as const) {
          await s.answerFeedback.record({ answerId, articleId: 'faq-a', helpful });
        }
        await s.answerFeedback.record({ answerId: 'x', articleId: 'faq-b', helpful: false });
        expect((await s.answerFeedback.listByArticle('faq-a')).map((f) => f.answerId)).toEqual([
          '3',
          '2',
          '1',
        ]);
        expect(
          (await s.answerFeedback.listByArticle('faq-a', { helpful: true, limit: 1 })).map((f) => f.answerId),
        ).toEqual(['3']);
        expect(
          (await s.answerFeedback.listByArticle('faq-a', { helpful: false })).map((f) => f.answerId),
        ).toEqual(['2']);
      });
    });

    describe('users', () => {
      const userInput = (email: string) => ({
        email,
        name: 'Agent Smith',
        role: 'agent' as const,
        passwordHash: '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA',
        skills: ['billing', 'returns'],
        capacity: 3,
      });

      test('create, get, getByEmail (case-insensitive), list and count', async () => {
        const created = await store.users.create(userInput('Smith@Example.com'));
        expect(created).toEqual({
          ...userInput('smith@example.com'),
          id: expect.any(String),
          version: 1,
          createdAt: expect.any(String),
        });
        expect(await store.users.get(created.id)).toEqual(created);
        expect(await store.users.getByEmail('SMITH@example.com')).toEqual(created);
        expect(await store.users.getByEmail('other@example.com')).toBeNull();
        await store.users.create({ ...userInput('admin@example.com'), name: 'Admin', role: 'admin' });
        expect((await store.users.list()).map((u) => u.name)).toEqual(['Admin', 'Agent Smith']);
        expect(await store.users.count()).toBe(2);
      });

      test('emails are unique regardless of case', async () => {
        await store.users.create(userInput('smith@example.com'));
        await expectStoreError(store.users.create(userInput('SMITH@example.com')), 'duplicate');
      });

      test.each([
        ['an unknown role', { role: 'owner' }],
        ['a negative capacity', { capacity: -1 }],
        ['a malformed email', { email: 'smith' }],
      ])('rejects %s as invalid', async (_label, overrides) => {
        await expectStoreError(
          store.users.create({ ...userInput('smith@example.com'), ...invalid<object>(overrides) }),
          'invalid',
        );
        expect(await store.users.count()).toBe(0);
      });

      test('update with the current version applies the patch and bumps the version', async () => {
        const created = await store.users.create(userInput('smith@example.com'));
        const updated = await store.users.update(created.id, 1, {
          name: 'Agent J. Smith',
          email: 'J.Smith@Example.com',
          skills: ['vip'],
          capacity: 5,
        });
        expect(updated).toEqual({
          ...created,
          name: 'Agent J. Smith',
          email: 'j.smith@example.com',
          skills: ['vip'],
          capacity: 5,
          version: 2,
        });
        expect(await store.users.get(created.id)).toEqual(updated);
        expect(await store.users.getByEmail('j.smith@example.com')).toEqual(updated);
        const promoted = await store.users.update(created.id, 2, { role: 'admin', passwordHash: 'new-hash' });
        expect(promoted).toMatchObject({ role: 'admin', passwordHash: 'new-hash', version: 3, capacity: 5 });
      });

      test('a stale version is a conflict and changes nothing; of 5 racing updates one wins', async () => {
        const created = await store.users.create(userInput('smith@example.com'));
        await store.users.update(created.id, 1, { capacity: 4 });
        await expectStoreError(store.users.update(created.id, 1, { capacity: 9 }), 'conflict');
        expect(await store.users.get(created.id)).toMatchObject({ version: 2, capacity: 4 });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => store.users.update(created.id, 2, { capacity: i })),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        for (const o of outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected'))
          expect((o.reason as StoreError).code).toBe('conflict');
        expect((await store.users.get(created.id))?.version).toBe(3);
      });

      test('update keeps emails unique and valid; unknown ids are not_found; delete removes', async () => {
        await store.users.create(userInput('taken@example.com'));
        const created = await store.users.create(userInput('smith@example.com'));
        await expectStoreError(
          store.users.update(created.id, 1, { email: 'TAKEN@example.com' }),
          'duplicate',
        );
        await expectStoreError(store.users.update(created.id, 1, { capacity: -1 }), 'invalid');
        expect(await store.users.get(created.id)).toEqual(created);
        await expectStoreError(store.users.update('missing', 1, { capacity: 1 }), 'not_found');
        await expectStoreError(store.users.delete('missing'), 'not_found');
        await store.users.delete(created.id);
        expect(await store.users.get(created.id)).toBeNull();
        expect(await store.users.count()).toBe(1);
      });

      test('delete at the current version removes; at a stale one it is a conflict and removes nothing', async () => {
        const created = await store.users.create(userInput('smith@example.com'));
        const updated = await store.users.update(created.id, 1, { capacity: 5 });
        await expectStoreError(store.users.delete(created.id, 1), 'conflict');
        expect(await store.users.get(created.id)).toEqual(updated);
        await expectStoreError(store.users.delete('missing', 1), 'not_found');
        await store.users.delete(created.id, 2);
        expect(await store.users.get(created.id)).toBeNull();
        // Without a version, whatever version is stored goes.
        const other = await store.users.create(userInput('jones@example.com'));
        await store.users.update(other.id, 1, { capacity: 5 });
        await store.users.delete(other.id);
        expect(await store.users.count()).toBe(0);
      });

      const adminInput = (email: string) => ({ ...userInput(email), name: email, role: 'admin' as const });
      const adminIds = async (s: Store = store) =>
        (await s.users.list())
          .filter((u) => u.role === 'admin')
          .map((u) => u.id)
          .sort();

      test('the last admin can be neither demoted nor deleted (last_admin, nothing changes)', async () => {
        const admin = await store.users.create(adminInput('admin@example.com'));
        const agent = await store.users.create(userInput('smith@example.com'));
        await expectStoreError(
          store.users.update(admin.id, 1, { role: 'agent', name: 'Demoted', capacity: 9 }),
          'last_admin',
        );
        await expectStoreError(store.users.delete(admin.id), 'last_admin');
        expect(await store.users.get(admin.id)).toEqual(admin);
        expect(await store.users.count()).toBe(2);
        // Everything else about the last admin may change, 'admin' again included; agents go freely.
        const renamed = await store.users.update(admin.id, 1, { name: 'Still Admin', role: 'admin' });
        expect(renamed).toMatchObject({ role: 'admin', name: 'Still Admin', version: 2 });
        await store.users.update(agent.id, 1, { role: 'agent', capacity: 1 });
        await store.users.delete(agent.id);
        // A stale version is still a conflict, an unknown id still not_found.
        await expectStoreError(store.users.update(admin.id, 1, { role: 'agent' }), 'conflict');
        await expectStoreError(store.users.update('missing', 1, { role: 'agent' }), 'not_found');
        expect(await adminIds()).toEqual([admin.id]);
      });

      test('with two admins one can be demoted or deleted; then the other is the last', async () => {
        const a = await store.users.create(adminInput('a@example.com'));
        const b = await store.users.create(adminInput('b@example.com'));
        expect(await store.users.update(b.id, 1, { role: 'agent' })).toMatchObject({ role: 'agent' });
        await expectStoreError(store.users.update(a.id, 1, { role: 'agent' }), 'last_admin');
        await expectStoreError(store.users.delete(a.id), 'last_admin');
        // Promoted again, b makes a deletable; then b is the last.
        await store.users.update(b.id, 2, { role: 'admin' });
        await store.users.delete(a.id);
        await expectStoreError(store.users.delete(b.id), 'last_admin');
        await expectStoreError(store.users.update(b.id, 3, { role: 'agent' }), 'last_admin');
        expect(await store.users.get(b.id)).toMatchObject({ role: 'admin', version: 3 });
        expect(await adminIds()).toEqual([b.id]);
      });

      test.each([
        ['two demotions', 'demote', 'demote'],
        ['two deletes', 'delete', 'delete'],
        ['a demotion and a delete', 'demote', 'delete'],
      ] as const)(
        'of the last two admins, %s started together: exactly one succeeds, the other is last_admin',
        async (_label, first, second) => {
          const a = await store.users.create(adminInput('a@example.com'));
          const b = await store.users.create(adminInput('b@example.com'));
          const take = (how: 'demote' | 'delete', id: string) =>
            how === 'demote' ? store.users.update(id, 1, { role: 'agent' }) : store.users.delete(id);
          // Each admin takes the other's role away, as two admins in two browsers would.
          const outcomes = await Promise.allSettled([take(first, b.id), take(second, a.id)]);
          expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
          const [refused] = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
          expect(refused.reason).toBeInstanceOf(StoreError);
          expect((refused.reason as StoreError).code).toBe('last_admin');
          const survivor = outcomes[0].status === 'fulfilled' ? a : b;
          expect(await adminIds()).toEqual([survivor.id]);
          expect(await store.users.get(survivor.id)).toEqual(survivor);
        },
      );
    });

    describe('audit log', () => {
      const entry = (n: number, overrides: Partial<NewAuditEntry> = {}): NewAuditEntry => ({
        actorId: 'u1',
        actorEmail: 'admin@example.com',
        action: 'intent.update',
        entityType: 'intent',
        entityId: `i${n}`,
        before: { n, utterances: ['a'] },
        after: { n, utterances: ['a', 'b'], nested: { 'a.b': { $x: [1, null] } } },
        ...overrides,
      });

      test('append stamps id and time and keeps snapshots exactly', async () => {
        const s = await openWith({
          clock: () => new Date('2024-05-01T12:00:00Z'),
          newId: sequentialIds('a'),
        });
        const appended = await s.auditLog.append(entry(1));
        expect(appended).toEqual({ ...entry(1), id: 'a-1', createdAt: '2024-05-01T12:00:00.000Z' });
        const created = await s.auditLog.append(
          entry(2, { actorId: null, actorEmail: null, entityId: null, before: null, after: 'x' }),
        );
        expect(created).toMatchObject({
          actorId: null,
          actorEmail: null,
          entityId: null,
          before: null,
          after: 'x',
        });
        expect(await s.auditLog.list()).toEqual([created, appended]);
      });

      test('list is newest first, pages back with before, filters by entity', async () => {
        const s = await openWith({ clock: steppingClock() });
        const entries = [];
        for (let n = 1; n <= 5; n++)
          entries.push(await s.auditLog.append(entry(n, n === 4 ? { entityType: 'article' } : {})));
        const newestFirst = [...entries].reverse();
        expect(await s.auditLog.list()).toEqual(newestFirst);
        const first = await s.auditLog.list({ limit: 2 });
        expect(first).toEqual(newestFirst.slice(0, 2));
        const second = await s.auditLog.list({ limit: 2, before: first[1].createdAt });
        expect(second).toEqual(newestFirst.slice(2, 4));
        expect((await s.auditLog.list({ entityType: 'article' })).map((e) => e.entityId)).toEqual(['i4']);
        expect((await s.auditLog.list({ entityType: 'intent', entityId: 'i2' })).map((e) => e.id)).toEqual([
          entries[1].id,
        ]);
      });

      test('paging with after sees every entry once and in order, also entries of the same millisecond', async () => {
        // Three entries share one millisecond and two the next: paging by time alone skips the rest of
        // a millisecond at a page boundary. Ids are not in write order, so ties go by id, not by insertion.
        const written: [string, string][] = [
          ['2024-05-01T12:00:00.000Z', 'm'],
          ['2024-05-01T12:00:00.000Z', 'z'],
          ['2024-05-01T12:00:00.000Z', 'a'],
          ['2024-05-01T12:00:00.001Z', 'q'],
          ['2024-05-01T12:00:00.001Z', 'b'],
          ['2024-05-01T12:00:01.000Z', 'k'],
        ];
        let [now, id] = written[0];
        const s = await openWith({ clock: () => new Date(now), newId: () => id });
        for (const [i, stamp] of written.entries()) {
          [now, id] = stamp;
          await s.auditLog.append(entry(i + 1, { entityType: i === 4 ? 'article' : 'intent' }));
        }
        const newestFirst = ['k', 'q', 'b', 'z', 'm', 'a'];
        expect((await s.auditLog.list()).map((e) => e.id)).toEqual(newestFirst);
        for (const limit of [1, 2]) {
          const seen: string[] = [];
          let after: AuditEntry | undefined;
          // One page per entry and one more at most: a page that does not move on would repeat forever.
          for (let pages = 0; pages <= written.length; pages++) {
            const page = await s.auditLog.list({ limit, after });
            if (!page.length) break;
            seen.push(...page.map((e) => e.id));
            after = page[page.length - 1];
          }
          expect({ limit, seen }).toEqual({ limit, seen: newestFirst });
        }
        // With a filter, and from a position written in another ISO form of the same instant.
        const afterQ = { createdAt: '2024-05-01T12:00:00.001+00:00', id: 'q' };
        expect((await s.auditLog.list({ after: afterQ, entityType: 'intent' })).map((e) => e.id)).toEqual([
          'z',
          'm',
          'a',
        ]);
      });

      test('an entry without action or entity type is invalid; a bad page is invalid', async () => {
        await expectStoreError(store.auditLog.append(entry(1, { action: '' })), 'invalid');
        await expectStoreError(store.auditLog.append(entry(1, { entityType: '' })), 'invalid');
        await expectStoreError(store.auditLog.list({ limit: 0 }), 'invalid');
        await expectStoreError(store.auditLog.list({ before: 'not a date' }), 'invalid');
        await expectStoreError(
          store.auditLog.list({ after: { createdAt: 'not a date', id: 'a' } }),
          'invalid',
        );
        await expectStoreError(
          store.auditLog.list({ after: { createdAt: '2024-05-01T12:00:00.000Z', id: '' } }),
          'invalid',
        );
        expect(await store.auditLog.list()).toEqual([]);
      });
    });

    describe('settings documents', () => {
      test('version 0 creates, then each put needs the current version', async () => {
        const s = await openWith({ clock: steppingClock() });
        expect(await s.settings.get('bot')).toBeNull();
        const created = await s.settings.put('bot', { greeting: 'Hi', nested: { 'a.b': ['$x'] } }, 0);
        expect(created).toEqual({
          key: 'bot',
          value: { greeting: 'Hi', nested: { 'a.b': ['$x'] } },
          version: 1,
          updatedAt: expect.any(String),
        });
        expect(await s.settings.get('bot')).toEqual(created);
        const updated = await s.settings.put('bot', { greeting: 'Hello' }, 1);
        expect(updated).toMatchObject({ value: { greeting: 'Hello' }, version: 2 });
        expect(updated.updatedAt > created.updatedAt).toBe(true);
        expect(await s.settings.get('entities')).toBeNull();
      });

      test('stale versions, re-creation and puts to a missing key are conflicts and change nothing', async () => {
        await store.settings.put('bot', { v: 1 }, 0);
        await store.settings.put('bot', { v: 2 }, 1);
        await expectStoreError(store.settings.put('bot', { v: 3 }, 1), 'conflict');
        await expectStoreError(store.settings.put('bot', { v: 3 }, 0), 'conflict');
        await expectStoreError(store.settings.put('missing', { v: 1 }, 1), 'conflict');
        expect(await store.settings.get('bot')).toMatchObject({ value: { v: 2 }, version: 2 });
        expect(await store.settings.get('missing')).toBeNull();
      });

      test('of 5 racing puts from one version exactly one wins', async () => {
        await store.settings.put('bot', { v: 0 }, 0);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 5 }, (_, i) => store.settings.put('bot', { v: i }, 1)),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect((await store.settings.get('bot'))?.version).toBe(2);
      });

      test('a non-object value or an empty key is invalid', async () => {
        await expectStoreError(
          store.settings.put('bot', invalid<Record<string, unknown>>([1]), 0),
          'invalid',
        );
        await expectStoreError(store.settings.put('', {}, 0), 'invalid');
        await expectStoreError(store.settings.put('bot', {}, -1), 'invalid');
      });
    });

    describe('turn records', () => {
      const turn = (
        conversationId: string,
        seq: number,
        overrides: Partial<NewTurnRecord> = {},
      ): NewTurnRecord => ({
        conversationId,
        seq,
        text: 'where is my order',
        language: 'en',
        intent: 'order.status',
        score: 0.91,
        fallback: false,
        answeredBy: 'dialog',
        articleId: null,
        sentiment: 0.1,
        ...overrides,
      });

      test('record stamps id and time; a repeat on (conversation, seq) replaces it', async () => {
        let now = Date.parse('2024-01-01T00:00:01.000Z');
        const s = await openWith({ clock: () => new Date(now) });
        const first = await s.turnRecords.record(turn('c1', 1));
        now += 60_000;
        expect(first).toEqual({
          ...turn('c1', 1),
          id: expect.any(String),
          createdAt: '2024-01-01T00:00:01.000Z',
        });
        const again = await s.turnRecords.record(
          turn('c1', 1, { intent: 'none', score: 0.2, fallback: true, answeredBy: 'fallback' }),
        );
        expect(again).toEqual({
          ...turn('c1', 1, { intent: 'none', score: 0.2, fallback: true, answeredBy: 'fallback' }),
          id: first.id,
          createdAt: first.createdAt,
        });
        const all = await s.turnRecords.listBetween('2024-01-01T00:00:00.000Z', '2024-01-02T00:00:00.000Z');
        expect(all).toEqual([again]);
      });

      test('racing repeats of one turn leave one record', async () => {
        await Promise.all(
          Array.from({ length: 4 }, (_, i) => store.turnRecords.record(turn('c1', 1, { score: i / 4 }))),
        );
        const all = await store.turnRecords.listBetween(
          '2000-01-01T00:00:00.000Z',
          '2100-01-01T00:00:00.000Z',
        );
        expect(all).toHaveLength(1);
      });

      test('listBetween: from inclusive, to exclusive, oldest first, limit and fallbackOnly', async () => {
        const at = (iso: string, seq: number, overrides: Partial<NewTurnRecord> = {}) =>
          store.turnRecords.record(turn('c1', seq, { createdAt: iso, ...overrides }));
        await at('2024-03-01T00:00:00.000Z', 1);
        await at('2024-03-01T12:00:00.000Z', 2, {
          fallback: true,
          answeredBy: 'knowledge',
          articleId: 'faq-1',
          sentiment: -0.5,
        });
        await at('2024-03-02T00:00:00.000Z', 3);
        await at('2024-02-29T23:59:59.999Z', 4, { fallback: true, answeredBy: 'fallback' });
        const seqs = async (options?: { fallbackOnly?: boolean; limit?: number }) =>
          (
            await store.turnRecords.listBetween('2024-03-01T00:00:00Z', '2024-03-02T00:00:00.000Z', options)
          ).map((r) => r.seq);
        expect(await seqs()).toEqual([1, 2]);
        expect(await seqs({ limit: 1 })).toEqual([1]);
        expect(await seqs({ fallbackOnly: true })).toEqual([2]);
        const [second] = await store.turnRecords.listBetween(
          '2024-03-01T12:00:00.000Z',
          '2024-03-01T12:00:00.001Z',
        );
        expect(second).toMatchObject({
          answeredBy: 'knowledge',
          articleId: 'faq-1',
          sentiment: -0.5,
          fallback: true,
        });
      });

      test.each([
        ['a zero seq', { seq: 0 }],
        ['an unknown answeredBy', { answeredBy: 'robot' }],
        ['a NaN score', { score: Number.NaN }],
        ['an empty intent', { intent: '' }],
        ['an unparseable createdAt', { createdAt: 'yesterday' }],
      ])('rejects %s as invalid', async (_label, overrides) => {
        await expectStoreError(
          store.turnRecords.record(turn('c1', 1, invalid<object>(overrides))),
          'invalid',
        );
        expect(await store.turnRecords.listBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).toEqual(
          [],
        );
      });

      test('a bad range is invalid', async () => {
        await expectStoreError(store.turnRecords.listBetween('nope', '2024-01-01T00:00:00Z'), 'invalid');
        await expectStoreError(
          store.turnRecords.listBetween('2024-01-01T00:00:00Z', '2024-02-01T00:00:00Z', { limit: 0 }),
          'invalid',
        );
      });
    });

    describe('listBetween on conversations and escalations', () => {
      test('from inclusive, to exclusive, oldest first, limit', async () => {
        const s = await openWith({ clock: steppingClock('2024-01-01T00:00:00.000Z', 60_000) });
        const conversations = [];
        for (let i = 0; i < 4; i++)
          conversations.push(await s.conversations.create({ channel: 'web', visitorId: `v${i}` }));
        // Creation times: 00:01, 00:02, 00:03, 00:04 (the clock is read once per create).
        const from = conversations[1].createdAt;
        const to = conversations[3].createdAt;
        expect((await s.conversations.listBetween(from, to)).map((c) => c.id)).toEqual([
          conversations[1].id,
          conversations[2].id,
        ]);
        expect((await s.conversations.listBetween(from, to, { limit: 1 })).map((c) => c.id)).toEqual([
          conversations[1].id,
        ]);
        expect(await s.conversations.listBetween(to, from)).toEqual([]);

        const escalations = [];
        for (const c of conversations)
          escalations.push(
            await s.escalations.create({ conversationId: c.id, reason: 'asked', priority: 1, packet: {} }),
          );
        const eFrom = escalations[0].createdAt;
        const eTo = escalations[2].createdAt;
        expect((await s.escalations.listBetween(eFrom, eTo)).map((e) => e.id)).toEqual([
          escalations[0].id,
          escalations[1].id,
        ]);
        expect((await s.escalations.listBetween(eFrom, eTo, { limit: 1 })).map((e) => e.id)).toEqual([
          escalations[0].id,
        ]);
        await expectStoreError(s.escalations.listBetween('x', eTo), 'invalid');
        await expectStoreError(s.conversations.listBetween(eFrom, 'y'), 'invalid');
      });
    });

    describe('batched writes', () => {
      test('writes started in a batch are all stored, each succeeding or failing on its own', async () => {
        const conversation = await newConversation();
        const run = () => [
          store.messages.append({ conversationId: conversation.id, sender: 'customer', text: 'first' }),
          store.messages.append({ conversationId: 'no-such-conversation', sender: 'bot', text: 'lost' }),
          store.messages.append({ conversationId: conversation.id, sender: 'bot', text: 'second' }),
          store.botState.write('batched', { v: 1 }),
        ];
        const settled = await Promise.allSettled(store.batchWrites ? store.batchWrites(run) : run());
        expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
        expect((settled[1] as PromiseRejectedResult).reason).toBeInstanceOf(StoreError);
        const stored = await store.messages.listAfter(conversation.id, 0);
        expect(stored.map((m) => [m.seq, m.text])).toEqual([
          [1, 'first'],
          [2, 'second'],
        ]);
        expect((await store.botState.read(['batched']))[0].data).toEqual({ v: 1 });
      });

      test('a batch returns what its work returns', async () => {
        const value = store.batchWrites ? store.batchWrites(() => 42) : 42;
        expect(value).toBe(42);
      });
    });

    describe('bot state', () => {
      test('write then read gives the object back with a fresh eTag; missing keys are absent', async () => {
        const first = await store.botState.write('web/conversations/c1', {
          DialogState: { dialogStack: [] },
          n: 1,
        });
        expect(first).toEqual({
          key: 'web/conversations/c1',
          data: { DialogState: { dialogStack: [] }, n: 1 },
          eTag: expect.any(String),
          updatedAt: expect.any(String),
        });
        const read = await store.botState.read(['web/conversations/c1', 'web/conversations/missing']);
        expect(read).toEqual([first]);
        expect(await store.botState.read([])).toEqual([]);
        const second = await store.botState.write('web/conversations/c1', { n: 2 });
        expect(second.eTag).not.toBe(first.eTag);
        expect((await store.botState.read(['web/conversations/c1']))[0].data).toEqual({ n: 2 });
      });

      test('keeps keys MongoDB treats specially and nested values exactly', async () => {
        const data = {
          $instance: { 'a.b': [1, null, 'x'] },
          eTag: '*',
          nested: { deep: { list: [{ k: true }] } },
        };
        await store.botState.write('k', data);
        expect((await store.botState.read(['k']))[0].data).toEqual(data);
      });

      test('a write with the current eTag succeeds; a stale eTag is a conflict and changes nothing', async () => {
        const first = await store.botState.write('k', { v: 1 });
        const second = await store.botState.write('k', { v: 2 }, first.eTag);
        await expectStoreError(store.botState.write('k', { v: 3 }, first.eTag), 'conflict');
        expect((await store.botState.read(['k']))[0]).toEqual(second);
        // "*" and no eTag overwrite unconditionally.
        await store.botState.write('k', { v: 4 }, '*');
        expect((await store.botState.read(['k']))[0].data).toEqual({ v: 4 });
      });

      test('a conditional write to a missing key creates it', async () => {
        const created = await store.botState.write('new', { v: 1 }, 'some-old-etag');
        expect((await store.botState.read(['new']))[0]).toEqual(created);
      });

      test('of two writers holding the same eTag exactly one wins', async () => {
        const base = await store.botState.write('race', { v: 0 });
        const results = await Promise.allSettled([
          store.botState.write('race', { v: 'a' }, base.eTag),
          store.botState.write('race', { v: 'b' }, base.eTag),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
        expect(loser.reason).toBeInstanceOf(StoreError);
        expect((loser.reason as StoreError).code).toBe('conflict');
      });

      test('delete removes entries and ignores unknown keys', async () => {
        await store.botState.write('a', { v: 1 });
        await store.botState.write('b', { v: 2 });
        await store.botState.delete(['a', 'unknown']);
        expect((await store.botState.read(['a', 'b'])).map((e) => e.key)).toEqual(['b']);
        await expect(store.botState.delete([])).resolves.toBeUndefined();
      });

      test('rejects a non-object as invalid', async () => {
        await expectStoreError(
          store.botState.write('k', invalid<Record<string, unknown>>([1, 2])),
          'invalid',
        );
        await expectStoreError(store.botState.write('', {}), 'invalid');
      });
    });

    describe('auth sessions', () => {
      const manualClock = (startIso: string) => {
        let now = new Date(startIso).getTime();
        return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
      };
      const sessionInput = (id: string, userId = 'user-1', expiresAt = '2024-01-01T12:00:00.000Z') => ({
        id,
        userId,
        csrfToken: `csrf-${id}`,
        expiresAt,
      });

      test('create and get while live; expired sessions read as missing', async () => {
        const time = manualClock('2024-01-01T10:00:00.000Z');
        const s = await openWith({ clock: time.clock });
        const created = await s.authSessions.create({ ...sessionInput('h1'), userAgent: 'Chromium' });
        expect(created).toEqual({
          id: 'h1',
          userId: 'user-1',
          csrfToken: 'csrf-h1',
          userAgent: 'Chromium',
          createdAt: '2024-01-01T10:00:00.000Z',
          expiresAt: '2024-01-01T12:00:00.000Z',
          lastSeenAt: '2024-01-01T10:00:00.000Z',
        });
        expect(await s.authSessions.get('h1')).toEqual(created);
        expect(await s.authSessions.get('missing')).toBeNull();
        time.advance(2 * 3600_000);
        expect(await s.authSessions.get('h1')).toBeNull();
      });

      test('touch slides the expiry of a live session only', async () => {
        const time = manualClock('2024-01-01T10:00:00.000Z');
        const s = await openWith({ clock: time.clock });
        await s.authSessions.create(sessionInput('h1'));
        time.advance(3600_000);
        const touched = await s.authSessions.touch('h1', '2024-01-01T15:00:00.000Z');
        expect(touched).toMatchObject({
          expiresAt: '2024-01-01T15:00:00.000Z',
          lastSeenAt: '2024-01-01T11:00:00.000Z',
        });
        time.advance(3 * 3600_000);
        expect(await s.authSessions.get('h1')).not.toBeNull();
        time.advance(3600_000);
        expect(await s.authSessions.touch('h1', '2024-01-02T00:00:00.000Z')).toBeNull();
        expect(await s.authSessions.touch('missing', '2024-01-02T00:00:00.000Z')).toBeNull();
      });

      test('delete, deleteForUser and deleteExpired', async () => {
        const time = manualClock('2024-01-01T10:00:00.000Z');
        const s = await openWith({ clock: time.clock });
        await s.authSessions.create(sessionInput('a', 'u1'));
        await s.authSessions.create(sessionInput('b', 'u1'));
        await s.authSessions.create(sessionInput('c', 'u2', '2024-01-01T10:30:00.000Z'));
        await s.authSessions.create(sessionInput('d', 'u3'));
        expect(await s.authSessions.delete('d')).toBe(true);
        expect(await s.authSessions.delete('d')).toBe(false);
        expect(await s.authSessions.deleteForUser('u1')).toBe(2);
        expect(await s.authSessions.get('a')).toBeNull();
        time.advance(3600_000);
        expect(await s.authSessions.deleteExpired()).toBe(1);
        expect(await s.authSessions.deleteExpired()).toBe(0);
      });

      test('ids are unique; an unparseable expiry is invalid', async () => {
        await store.authSessions.create(sessionInput('dup'));
        await expectStoreError(store.authSessions.create(sessionInput('dup', 'other')), 'duplicate');
        await expectStoreError(store.authSessions.create(sessionInput('bad', 'u', 'not a date')), 'invalid');
      });
    });
  });
}
