import { openSqliteStore } from '../store';
import type { NewOrder, Store } from '../store';
import { AttemptLimiter } from './attempt-limiter';
import { CustomerIdentity, signCustomerId } from './identity';
import { mostRelevantOrder, returnableOrders } from './insights';
import { OrderLookup } from './order-lookup';
import { CustomerProfiles } from './profiles';
import { Recommender, similarity, type CatalogueProduct } from './recommender';

const NOW = new Date('2026-11-01T12:00:00Z');
const DAY = 86_400_000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY).toISOString();

describe('signed customer ids', () => {
  const customers = {
    getByExternalId: jest.fn(async (id: string) => (id === 'cust-1' ? ({ id: 'c1' } as never) : null)),
  };
  const identity = new CustomerIdentity({ siteSecret: 'secret', customers });

  it('signs like the site does: lower-case hex HMAC-SHA256 of the id', () => {
    // echo -n cust-1 | openssl dgst -sha256 -hmac secret
    expect(signCustomerId('secret', 'cust-1')).toBe(
      '9a871686fb081af346394cde064073ce951d079f0481f92dead63dde77c4d6cd',
    );
    expect(signCustomerId('secret', 'cust-1')).not.toBe(signCustomerId('other', 'cust-1'));
  });

  it('verifies the signature, in either case, and resolves the customer once', async () => {
    const signature = signCustomerId('secret', 'cust-1');
    expect(await identity.verify('cust-1', signature)).toEqual({ customerId: 'c1', externalId: 'cust-1' });
    expect(await identity.verify('cust-1', signature.toUpperCase())).toEqual({
      customerId: 'c1',
      externalId: 'cust-1',
    });
    expect(customers.getByExternalId).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['a wrong signature', 'cust-1', '0'.repeat(64)],
    ['the signature of another id', 'cust-1', signCustomerId('secret', 'cust-2')],
    ['a malformed signature', 'cust-1', 'not-hex'],
    ['an empty id', '', signCustomerId('secret', '')],
    ['an unknown customer, correctly signed', 'cust-404', signCustomerId('secret', 'cust-404')],
  ])('refuses %s', async (_label, id, signature) => {
    expect(await identity.verify(id, signature)).toBeNull();
  });
});

describe('AttemptLimiter', () => {
  it('allows `limit` attempts per window, counts nothing when refused, and recovers', () => {
    let now = 0;
    const limiter = new AttemptLimiter({ limit: 2, windowMs: 1000, clock: () => new Date(now) });
    expect(limiter.consume(['a']).allowed).toBe(true);
    now = 400;
    expect(limiter.consume(['a']).allowed).toBe(true);
    now = 500;
    expect(limiter.consume(['a'])).toEqual({ allowed: false, retryAfterMs: 500 });
    expect(limiter.consume(['b']).allowed).toBe(true);
    now = 1001;
    expect(limiter.remaining('a')).toBe(1);
    expect(limiter.consume(['a']).allowed).toBe(true);
  });

  it('refuses an attempt when any of its keys is exhausted, without counting the others', () => {
    const limiter = new AttemptLimiter({ limit: 1, windowMs: 1000, clock: () => new Date(0) });
    limiter.consume(['x']);
    expect(limiter.consume(['y', 'x']).allowed).toBe(false);
    expect(limiter.remaining('y')).toBe(1);
  });
});

describe('with a store', () => {
  let store: Store;
  let maya: string;
  let tom: string;
  const order = (number: string, customerId: string, overrides: Partial<NewOrder> = {}): NewOrder => ({
    number,
    customerId,
    lines: [{ sku: 'S1', name: 'Shell — M', quantity: 1, unitPrice: 1000 }],
    subtotal: 1000,
    shipping: 0,
    total: 1000,
    currency: 'EUR',
    status: 'delivered',
    trackingNumber: null,
    carrier: null,
    placedAt: ago(20),
    shippedAt: ago(19),
    deliveredAt: ago(16),
    estimatedDelivery: ago(16),
    ...overrides,
  });

  beforeEach(async () => {
    store = await openSqliteStore({ file: ':memory:' });
    maya = (
      await store.customers.create({
        externalId: 'm',
        name: 'Maya Okafor',
        email: 'maya@example.com',
        phone: null,
        tier: 'gold',
        consent: true,
      })
    ).id;
    tom = (
      await store.customers.create({
        externalId: 't',
        name: 'Tom',
        email: 'tom@example.com',
        phone: null,
        tier: 'standard',
        consent: true,
      })
    ).id;
    await store.orders.create(order('A1000', maya));
    await store.orders.create(
      order('A2000', tom, {
        lines: [
          { sku: 'S1', name: 'Shell', quantity: 1, unitPrice: 1000 },
          { sku: 'S2', name: 'Hat', quantity: 1, unitPrice: 500 },
        ],
      }),
    );
  });
  afterEach(() => store.close());

  describe('OrderLookup', () => {
    it("finds a verified customer's own order only", async () => {
      const lookup = new OrderLookup({ store });
      expect((await lookup.forCustomer(maya, 'a1000')).kind).toBe('found');
      expect(await lookup.forCustomer(maya, 'A2000')).toEqual({ kind: 'not_found' });
    });

    it('needs number and email for a visitor; a wrong email and a missing order look the same', async () => {
      const lookup = new OrderLookup({ store });
      const q = { conversationId: 'c' };
      expect(
        (await lookup.forVisitor({ ...q, orderNumber: 'A1000', email: ' Maya@Example.com ' })).kind,
      ).toBe('found');
      expect(await lookup.forVisitor({ ...q, orderNumber: 'A1000', email: 'tom@example.com' })).toEqual({
        kind: 'not_found',
      });
      expect(await lookup.forVisitor({ ...q, orderNumber: 'A9999', email: 'maya@example.com' })).toEqual({
        kind: 'not_found',
      });
    });

    it('limits attempts per conversation, per email and per network address', async () => {
      let now = 0;
      const lookup = new OrderLookup({
        store,
        clock: () => new Date(now),
        perConversation: { limit: 2, windowMs: 1000 },
        perAddress: { limit: 3, windowMs: 1000 },
        perNetwork: { limit: 4, windowMs: 1000 },
      });
      const ask = (conversationId: string, email: string, clientAddress = '10.0.0.1') =>
        lookup.forVisitor({ conversationId, orderNumber: 'A1000', email, clientAddress }).then((r) => r.kind);
      expect([
        await ask('c1', 'x@example.com'),
        await ask('c1', 'x@example.com'),
        await ask('c1', 'maya@example.com'),
      ]).toEqual(['not_found', 'not_found', 'rate_limited']);
      expect(await ask('c2', 'x@example.com')).toBe('not_found'); // third try for x@
      expect(await ask('c3', 'x@example.com')).toBe('rate_limited');
      expect(await ask('c4', 'maya@example.com')).toBe('found'); // fourth from 10.0.0.1
      expect(await ask('c5', 'maya@example.com')).toBe('rate_limited');
      expect(await ask('c5', 'maya@example.com', '10.0.0.2')).toBe('found');
      now = 1001;
      expect(await ask('c1', 'maya@example.com')).toBe('found');
    });
  });

  describe('CustomerProfiles', () => {
    it('reads customer, recent orders and open tickets, caches them, and forgets on invalidate', async () => {
      let now = 0;
      const profiles = new CustomerProfiles({ store, clock: () => new Date(now), ttlMs: 1000 });
      const first = await profiles.get(maya);
      expect(first).toMatchObject({
        customer: { name: 'Maya Okafor' },
        recentOrders: [{ number: 'A1000' }],
        openTickets: [],
      });
      await store.tickets.create({
        customerId: maya,
        email: null,
        conversationId: null,
        orderNumber: 'A1000',
        kind: 'return',
        subject: 'Return',
        body: '',
      });
      expect((await profiles.get(maya))?.openTickets).toEqual([]);
      profiles.invalidate(maya);
      expect((await profiles.get(maya))?.openTickets).toHaveLength(1);
      now = 2000;
      expect(await profiles.get('nobody')).toBeNull();
    });
  });

  describe('Recommender', () => {
    const product = (
      sku: string,
      category: string,
      tags: string[],
      price = 1000,
      inStock = true,
    ): CatalogueProduct => ({ sku, name: sku, category, price, inStock, tags, description: '' });
    const catalogue = [
      product('S1', 'outerwear', ['rain', 'jacket']),
      product('S2', 'accessories', ['wool', 'hat']),
      product('S3', 'outerwear', ['rain', 'jacket', 'light']),
      product('S4', 'kitchen', ['mug']),
      product('S5', 'outerwear', ['rain'], 1000, false),
    ];

    it('blends catalogue similarity and what similar customers bought; never owned or out of stock', async () => {
      const recommender = new Recommender({ catalogue, store });
      const picks = await recommender.recommend({ customerId: maya, limit: 3 });
      expect(picks.map((p) => p.product.sku)).toEqual(['S3', 'S2', 'S4']);
      expect(picks[0]).toMatchObject({ basis: 'history', becauseOf: { sku: 'S1' } });
      expect(picks[1].basis).toBe('similar-customers'); // Tom bought the shell and the hat
    });

    it('without history: around mentioned products, else the most bought', async () => {
      const recommender = new Recommender({ catalogue, store });
      expect((await recommender.recommend({ seedSkus: ['S4'], limit: 1 }))[0]).toMatchObject({
        basis: 'mentioned',
      });
      expect((await recommender.recommend({ limit: 2 })).map((p) => [p.product.sku, p.basis])).toEqual([
        ['S1', 'popular'],
        ['S2', 'popular'],
      ]);
    });

    it('similarity is 1 for the same product and favours category and shared tags', () => {
      expect(similarity(catalogue[0], catalogue[0])).toBe(1);
      expect(similarity(catalogue[0], catalogue[2])).toBeGreaterThan(similarity(catalogue[0], catalogue[1]));
    });
  });

  describe('insights', () => {
    it('picks the order on its way, else a recent one that was not cancelled', async () => {
      const [delivered] = await store.orders.listByCustomer(maya);
      const shipped = { ...delivered, number: 'A3', status: 'shipped' as const, placedAt: ago(40) };
      const cancelled = { ...delivered, number: 'A4', status: 'cancelled' as const, placedAt: ago(1) };
      expect(mostRelevantOrder([cancelled, delivered, shipped], NOW)?.number).toBe('A3');
      expect(mostRelevantOrder([cancelled, delivered], NOW)?.number).toBe('A1000');
      expect(mostRelevantOrder([cancelled], NOW)).toBeNull();
      expect(returnableOrders([delivered], NOW, 30).map((o) => o.number)).toEqual(['A1000']);
      expect(returnableOrders([delivered], NOW, 10)).toEqual([]);
    });
  });
});
