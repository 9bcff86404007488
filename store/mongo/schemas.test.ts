/**
 * Schema validation, offline: models are bound to a connection that is never opened and
 * documents are validated locally, so these run without a MongoDB server.
 */
import { SCHEMAS } from './schemas';
import { failures, offlineModels } from './testing/offline-models';

const { Customer, Order, Ticket, Conversation, Message, Escalation, Intent, Article, User } = offlineModels();

const customer = (overrides: object = {}) =>
  new Customer({
    _id: 'c1',
    externalId: 'e1',
    name: 'Ada',
    email: 'ada@example.com',
    tier: 'gold',
    consent: true,
    createdAt: new Date(),
    ...overrides,
  });

const order = (overrides: object = {}) =>
  new Order({
    _id: 'o1',
    number: 'A1',
    customerId: 'c1',
    lines: [{ sku: 'K1', name: 'Kettle', quantity: 1, unitPrice: 1999 }],
    subtotal: 1999,
    shipping: 0,
    total: 1999,
    currency: 'EUR',
    status: 'processing',
    placedAt: new Date(),
    ...overrides,
  });

const message = (overrides: object = {}) =>
  new Message({
    _id: 'm1',
    conversationId: 'conv1',
    seq: 1,
    sender: 'customer',
    text: 'hi',
    createdAt: new Date(),
    ...overrides,
  });

describe('customer schema', () => {
  test('a complete customer is valid, with string _id and null defaults', async () => {
    const doc = customer();
    expect(await failures(doc)).toEqual({});
    expect(doc._id).toBe('c1');
    expect(doc.phone).toBeNull();
  });

  test('emails are trimmed and lower-cased, and must look like an email', async () => {
    expect(customer({ email: '  Ada@Example.COM ' }).email).toBe('ada@example.com');
    expect(await failures(customer({ email: 'not-an-email' }))).toEqual({ email: 'regexp' });
    expect(await failures(customer({ email: 'a@b@c.com' }))).toEqual({ email: 'regexp' });
  });

  test('required fields and the tier enum are enforced', async () => {
    expect(await failures(customer({ name: undefined, externalId: '' }))).toEqual({
      name: 'required',
      externalId: 'required',
    });
    expect(await failures(customer({ tier: 'diamond' }))).toEqual({ tier: 'enum' });
    expect(await failures(new Customer({}))).toMatchObject({
      _id: 'required',
      email: 'required',
      consent: 'required',
      createdAt: 'required',
    });
  });
});

describe('order schema', () => {
  test('a complete order is valid; lines carry no _id', async () => {
    const doc = order();
    expect(await failures(doc)).toEqual({});
    expect(doc.toObject().lines[0]).toEqual({ sku: 'K1', name: 'Kettle', quantity: 1, unitPrice: 1999 });
  });

  test('money is non-negative whole minor units', async () => {
    expect(await failures(order({ total: -1 }))).toEqual({ total: 'min' });
    expect(await failures(order({ shipping: -0.5, subtotal: 10.5 }))).toEqual({
      shipping: 'min',
      subtotal: 'user defined',
    });
    expect(
      await failures(order({ lines: [{ sku: 'K1', name: 'Kettle', quantity: 0, unitPrice: -1 }] })),
    ).toEqual({
      'lines.0.quantity': 'min',
      'lines.0.unitPrice': 'min',
    });
  });

  test('status enum, currency length and required dates', async () => {
    expect(await failures(order({ status: 'lost' }))).toEqual({ status: 'enum' });
    expect(await failures(order({ currency: 'EURO' }))).toEqual({ currency: 'maxlength' });
    expect(await failures(order({ placedAt: undefined }))).toEqual({ placedAt: 'required' });
  });
});

describe('ticket schema', () => {
  const ticket = (overrides: object = {}) =>
    new Ticket({
      _id: 't1',
      kind: 'question',
      subject: 'Help',
      body: 'Text',
      status: 'open',
      createdAt: new Date(),
      updatedAt: new Date(),
      ...overrides,
    });

  test('an empty body is allowed, a missing one is not', async () => {
    expect(await failures(ticket({ body: '' }))).toEqual({});
    expect(await failures(ticket({ body: undefined }))).toEqual({ body: 'required' });
  });

  test('contact email is optional but must be valid when present; enums are enforced', async () => {
    expect(await failures(ticket({ email: null }))).toEqual({});
    expect(await failures(ticket({ email: 'nope' }))).toEqual({ email: 'regexp' });
    expect(await failures(ticket({ kind: 'rant', status: 'archived' }))).toEqual({
      kind: 'enum',
      status: 'enum',
    });
  });
});

describe('conversation and message schemas', () => {
  const conversation = (overrides: object = {}) =>
    new Conversation({
      _id: 'conv1',
      channel: 'web',
      visitorId: 'v',
      state: 'bot',
      createdAt: new Date(),
      updatedAt: new Date(),
      ...overrides,
    });

  test('a conversation starts at lastSeq 0 with an empty client-id window', async () => {
    const doc = conversation();
    expect(await failures(doc)).toEqual({});
    expect(doc.lastSeq).toBe(0);
    expect([...doc.recentClientMessageIds]).toEqual([]);
  });

  test('conversation state enum and non-negative lastSeq', async () => {
    expect(await failures(conversation({ state: 'sleeping', lastSeq: -1 }))).toEqual({
      state: 'enum',
      lastSeq: 'min',
    });
  });

  test('message seq is a whole number from 1', async () => {
    expect(await failures(message())).toEqual({});
    expect(await failures(message({ seq: 0 }))).toEqual({ seq: 'min' });
    expect(await failures(message({ seq: 1.5 }))).toEqual({ seq: 'user defined' });
  });

  test('message sender enum; text may be empty but not missing; client id defaults to null', async () => {
    expect(await failures(message({ sender: 'robot' }))).toEqual({ sender: 'enum' });
    expect(await failures(message({ text: '' }))).toEqual({});
    expect(await failures(message({ text: undefined }))).toEqual({ text: 'required' });
    expect(message().clientMessageId).toBeNull();
  });
});

describe('escalation, intent, article and user schemas', () => {
  test('escalation status enum and whole-number priority', async () => {
    const escalation = (overrides: object = {}) =>
      new Escalation({
        _id: 'e1',
        conversationId: 'conv1',
        reason: 'human',
        priority: 2,
        status: 'queued',
        createdAt: new Date(),
        ...overrides,
      });
    expect(await failures(escalation({ packet: { summary: 's' } }))).toEqual({});
    expect(await failures(escalation({ status: 'forgotten', priority: 1.5 }))).toEqual({
      status: 'enum',
      priority: 'user defined',
    });
  });

  test('intent settings must be an object; version starts at 1', async () => {
    const intent = (overrides: object = {}) =>
      new Intent({ _id: 'i1', name: 'greet', version: 1, updatedAt: new Date(), ...overrides });
    expect(await failures(intent())).toEqual({});
    expect(intent().settings).toEqual({});
    expect(await failures(intent({ settings: ['x'], version: 0 }))).toEqual({
      settings: 'user defined',
      version: 'min',
    });
  });

  test('article kind enum, defaults for locale and published', async () => {
    const article = new Article({
      _id: 'a1',
      kind: 'faq',
      title: 'Q',
      body: 'A',
      version: 1,
      updatedAt: new Date(),
    });
    expect(await failures(article)).toEqual({});
    expect(article).toMatchObject({ locale: 'en', published: true });
    expect(
      await failures(
        new Article({ _id: 'a2', kind: 'blog', title: '', body: 'A', version: 1, updatedAt: new Date() }),
      ),
    ).toEqual({
      kind: 'enum',
      title: 'required',
    });
  });

  test('user role enum, non-negative capacity, valid email', async () => {
    const user = (overrides: object = {}) =>
      new User({
        _id: 'u1',
        email: 'agent@example.com',
        name: 'A',
        role: 'agent',
        passwordHash: 'h',
        capacity: 2,
        createdAt: new Date(),
        ...overrides,
      });
    expect(await failures(user())).toEqual({});
    expect(await failures(user({ role: 'owner', capacity: -1, email: 'x' }))).toEqual({
      role: 'enum',
      capacity: 'min',
      email: 'regexp',
    });
  });
});

describe('indexes', () => {
  const indexes = (name: keyof typeof SCHEMAS) => SCHEMAS[name].indexes();

  test('unique business keys', async () => {
    expect(indexes('Order')).toContainEqual([{ number: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes('Customer')).toContainEqual([
      { externalId: 1 },
      expect.objectContaining({ unique: true }),
    ]);
    expect(indexes('User')).toContainEqual([{ email: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes('Intent')).toContainEqual([{ name: 1 }, expect.objectContaining({ unique: true })]);
  });

  test('messages: unique (conversationId, seq) and partial unique (conversationId, clientMessageId)', async () => {
    expect(indexes('Message')).toContainEqual([
      { conversationId: 1, seq: 1 },
      expect.objectContaining({ unique: true }),
    ]);
    expect(indexes('Message')).toContainEqual([
      { conversationId: 1, clientMessageId: 1 },
      expect.objectContaining({
        unique: true,
        partialFilterExpression: { clientMessageId: { $type: 'string' } },
      }),
    ]);
  });

  test('no __v and no id virtual on any schema', async () => {
    for (const schema of Object.values(SCHEMAS)) {
      expect(schema.get('versionKey')).toBe(false);
      expect(schema.virtualpath('id')).toBeFalsy();
    }
  });
});
