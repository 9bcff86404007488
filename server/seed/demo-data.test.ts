import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { normalizeBody } from '../../protocol/admin';
import { openSqliteStore, type Store } from '../../store';
import {
  CARRIERS,
  DEMO_CUSTOMERS,
  DEMO_ORDER_NUMBERS,
  DEMO_PASSWORD,
  DEMO_REFERENCE_DATE,
  DEMO_TRACKING_NUMBERS,
  FINAL_SALE_TAG,
  ORDER_NUMBER_PATTERN,
  ORDER_STATUSES,
  TRACKING_NUMBER_PATTERN,
  demoArticles,
  demoCatalogue,
  demoFaqs,
  demoIntents,
  demoKnowledgeBase,
  demoUsers,
  generateDemoData,
  isStoreEmpty,
  mulberry32,
  normalizeUtterance,
  seedDemoData,
  type DemoData,
} from './index';

const DAY = 24 * 60 * 60 * 1000;
const whole = (source: string) => new RegExp(`^(?:${source})$`);
const utcDay = (iso: string | Date) => Math.floor(new Date(iso).getTime() / DAY);

/** Prose paragraphs of a markdown body: blank-line separated blocks that are not headings, tables or lists. */
function proseParagraphs(md: string): number {
  return md
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter((b) => b.length > 0 && !/^(#|\||- |\* |\d+\. )/.test(b)).length;
}

describe('mulberry32', () => {
  it('is deterministic and in [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });
});

describe('catalogue', () => {
  it('has about 40 products with unique SKUs and distinctive names', () => {
    expect(demoCatalogue.length).toBeGreaterThanOrEqual(38);
    expect(new Set(demoCatalogue.map((p) => p.sku)).size).toBe(demoCatalogue.length);
    expect(new Set(demoCatalogue.map((p) => p.name.toLowerCase())).size).toBe(demoCatalogue.length);
    for (const p of demoCatalogue) {
      expect(p.sku).toMatch(/^FT-[A-Z]{2}-\d{3}$/);
      expect(Number.isInteger(p.price) && p.price > 0).toBe(true);
      expect(p.tags.length).toBeGreaterThan(0);
    }
    expect(demoCatalogue.some((p) => !p.inStock)).toBe(true);
    expect(demoCatalogue.some((p) => p.tags.includes(FINAL_SALE_TAG))).toBe(true);
  });
});

describe('customers and orders', () => {
  const data: DemoData = generateDemoData();
  const now = DEMO_REFERENCE_DATE;

  it('has at least 50 customers with unique ids and emails at example domains', () => {
    expect(data.customers.length).toBeGreaterThanOrEqual(50);
    expect(new Set(data.customers.map((c) => c.externalId)).size).toBe(data.customers.length);
    expect(new Set(data.customers.map((c) => c.email)).size).toBe(data.customers.length);
    for (const c of data.customers) {
      expect(c.email).toMatch(/^[a-z0-9.]+@example\.(com|org|net)$/);
      expect(Date.parse(c.createdAt)).toBeLessThan(now.getTime());
    }
    const tiers = data.customers.map((c) => c.tier);
    expect(tiers.filter((t) => t === 'gold').length).toBeGreaterThanOrEqual(2);
    expect(tiers.filter((t) => t === 'platinum').length).toBeGreaterThanOrEqual(1);
    expect(tiers.filter((t) => t === 'gold' || t === 'platinum').length).toBeLessThan(
      data.customers.length / 4,
    );
    expect(data.customers.some((c) => c.consent) && data.customers.some((c) => !c.consent)).toBe(true);
  });

  it('puts the fixed demo customers first', () => {
    expect(data.customers.slice(0, 4).map((c) => [c.externalId, c.name, c.email])).toEqual(
      Object.values(DEMO_CUSTOMERS).map((c) => [c.externalId, c.name, c.email]),
    );
  });

  it('has at least 200 orders covering every status', () => {
    expect(data.orders.length).toBeGreaterThanOrEqual(200);
    for (const status of ORDER_STATUSES) {
      expect(data.orders.filter((o) => o.status === status).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('numbers orders uniquely, A + 4 digits from A1001', () => {
    const numbers = data.orders.map((o) => o.number);
    expect(new Set(numbers).size).toBe(numbers.length);
    for (const n of numbers) expect(n).toMatch(whole(ORDER_NUMBER_PATTERN));
    expect(numbers).toContain('A1001');
    expect(numbers.every((n) => Number(n.slice(1)) >= 1001)).toBe(true);
    expect('Hi, where is A1042? Also a1043'.match(new RegExp(ORDER_NUMBER_PATTERN, 'gi'))).toEqual([
      'A1042',
      'a1043',
    ]);
  });

  it('gives every order that left the warehouse a tracking number, a carrier and a ship date', () => {
    const tracking = new Set<string>();
    for (const o of data.orders) {
      if (['shipped', 'delivered', 'returned', 'refunded'].includes(o.status))
        expect(o.shippedAt).not.toBeNull();
      if (o.status === 'processing' || o.status === 'cancelled') expect(o.shippedAt).toBeNull();
      if (o.shippedAt) {
        expect(o.trackingNumber).toMatch(whole(TRACKING_NUMBER_PATTERN));
        expect(CARRIERS).toContain(o.carrier);
        tracking.add(o.trackingNumber!);
      } else {
        expect(o.trackingNumber).toBeNull();
        expect(o.carrier).toBeNull();
      }
    }
    expect(tracking.size).toBe(data.orders.filter((o) => o.shippedAt).length);
    expect(
      `Tracking: ${DEMO_TRACKING_NUMBERS.A1042}.`.match(new RegExp(TRACKING_NUMBER_PATTERN, 'g')),
    ).toEqual(['FT4839201734GB']);
  });

  it('keeps totals and dates consistent', () => {
    const customers = new Set(data.customers.map((c) => c.externalId));
    const skus = new Set(demoCatalogue.map((p) => p.sku));
    for (const o of data.orders) {
      expect(customers.has(o.customerExternalId)).toBe(true);
      expect(o.lines.length).toBeGreaterThan(0);
      for (const l of o.lines) expect(skus.has(l.sku)).toBe(true);
      expect(o.subtotal).toBe(o.lines.reduce((s, l) => s + l.quantity * l.unitPrice, 0));
      expect(o.total).toBe(o.subtotal + o.shipping);
      expect(o.currency).toBe('EUR');
      const placed = Date.parse(o.placedAt);
      expect(placed).toBeLessThanOrEqual(now.getTime());
      if (o.shippedAt) expect(Date.parse(o.shippedAt)).toBeGreaterThan(placed);
      if (o.deliveredAt) {
        expect(Date.parse(o.deliveredAt)).toBeGreaterThan(Date.parse(o.shippedAt!));
        expect(Date.parse(o.deliveredAt)).toBeLessThan(now.getTime());
      }
      if (['delivered', 'returned', 'refunded'].includes(o.status)) expect(o.deliveredAt).not.toBeNull();
      else expect(o.deliveredAt).toBeNull();
      if (o.status === 'shipped' || o.status === 'delayed' || o.status === 'processing') {
        expect(Date.parse(o.estimatedDelivery!)).toBeGreaterThan(now.getTime());
      }
    }
  });

  it('keeps the fixed demo orders as documented', () => {
    const byNumber = new Map(data.orders.map((o) => [o.number, o]));
    const n = DEMO_ORDER_NUMBERS;
    const expected: [string, string, string][] = [
      [n.mayaShippedYesterday, 'cust-1001', 'shipped'],
      [n.mayaDelayed, 'cust-1001', 'delayed'],
      [n.mayaDeliveredReturnable, 'cust-1001', 'delivered'],
      [n.tomasProcessing, 'cust-1002', 'processing'],
      [n.tomasRefunded, 'cust-1002', 'refunded'],
      [n.ingridDeliveredOutsideWindow, 'cust-1003', 'delivered'],
      [n.ingridReturned, 'cust-1003', 'returned'],
      [n.ingridCancelled, 'cust-1003', 'cancelled'],
      [n.jonasDeliveredRecently, 'cust-1004', 'delivered'],
      [n.jonasDelayedAwaitingStock, 'cust-1004', 'delayed'],
    ];
    for (const [number, customer, status] of expected) {
      const o = byNumber.get(number)!;
      expect([o.number, o.customerExternalId, o.status]).toEqual([number, customer, status]);
      expect(o.trackingNumber).toBe(DEMO_TRACKING_NUMBERS[number] ?? null);
    }
    // Fixed customers own only their fixed orders.
    const fixedIds = new Set<string>(Object.values(DEMO_CUSTOMERS).map((c) => c.externalId));
    expect(data.orders.filter((o) => fixedIds.has(o.customerExternalId)).length).toBe(expected.length);

    const a1042 = byNumber.get('A1042')!;
    expect(a1042.trackingNumber).toBe('FT4839201734GB');
    expect(a1042.carrier).toBe('Heronway');
    const delivered = (num: string) => (now.getTime() - Date.parse(byNumber.get(num)!.deliveredAt!)) / DAY;
    expect(delivered('A1018')).toBeLessThan(30);
    expect(delivered('A1007')).toBeGreaterThan(30);
    expect(
      byNumber.get('A1064')!.lines.some((l) => demoCatalogue.find((p) => p.sku === l.sku)!.inStock === false),
    ).toBe(true);
  });

  it.each([
    new Date('2026-11-01T12:00:00Z'),
    new Date('2027-03-15T00:05:00Z'),
    new Date('2027-07-04T23:59:00Z'),
  ])('keeps "shipped yesterday" true and nothing in the future when seeded at %s', (at) => {
    const d = generateDemoData({ now: at });
    const a1042 = d.orders.find((o) => o.number === 'A1042')!;
    expect(utcDay(a1042.shippedAt!)).toBe(utcDay(at) - 1);
    const a1050 = d.orders.find((o) => o.number === 'A1050')!;
    expect(a1050.status).toBe('processing');
    for (const o of d.orders) {
      for (const v of [o.placedAt, o.shippedAt, o.deliveredAt]) {
        if (v) expect(Date.parse(v)).toBeLessThanOrEqual(at.getTime());
      }
    }
    for (const c of d.customers) expect(Date.parse(c.createdAt)).toBeLessThan(at.getTime());
  });

  it('is deterministic for the same seed and now, and varies with the seed', () => {
    const now2 = new Date('2027-01-20T09:30:00Z');
    expect(generateDemoData({ seed: 7, now: now2 })).toEqual(generateDemoData({ seed: 7, now: now2 }));
    expect(generateDemoData()).toEqual(data);
    const other = generateDemoData({ seed: 8, now: now2 });
    expect(other.customers[10]).not.toEqual(generateDemoData({ seed: 7, now: now2 }).customers[10]);
    // The fixed part does not depend on the seed.
    expect(other.customers.slice(0, 4)).toEqual(
      generateDemoData({ seed: 7, now: now2 }).customers.slice(0, 4),
    );
  });
});

describe('knowledge base', () => {
  const kb = demoKnowledgeBase();

  it('has at least 30 entries, 18 FAQs and 12 articles, published in English with unique ids', () => {
    expect(kb.length).toBeGreaterThanOrEqual(30);
    expect(demoFaqs.length).toBeGreaterThanOrEqual(18);
    expect(demoArticles.length).toBeGreaterThanOrEqual(12);
    expect(new Set(kb.map((a) => a.id)).size).toBe(kb.length);
    expect(new Set(kb.map((a) => a.title)).size).toBe(kb.length);
    for (const a of kb) {
      expect(a.published).toBe(true);
      expect(a.locale).toBe('en');
      expect(a.tags!.length).toBeGreaterThan(0);
      expect(a.body).not.toMatch(/undefined|NaN|\$\{/);
    }
  });

  it('gives bodies their stored form (as the admin API and the importers store them)', () => {
    for (const a of kb) expect([a.id, a.body]).toEqual([a.id, normalizeBody(a.body)]);
  });

  it('gives each FAQ 2–3 alternative phrasings and a short answer', () => {
    for (const f of demoFaqs) {
      expect(f.alternatives.length).toBeGreaterThanOrEqual(2);
      expect(f.alternatives.length).toBeLessThanOrEqual(3);
      expect(f.answer.length).toBeLessThan(600);
    }
  });

  it('has several long articles (4+ paragraphs with headings)', () => {
    const long = demoArticles.filter((a) => proseParagraphs(a.body) >= 4 && /^## /m.test(a.body));
    expect(long.length).toBeGreaterThanOrEqual(6);
    const returns = demoArticles.find((a) => a.slug === 'returns-and-refunds')!;
    expect(proseParagraphs(returns.body)).toBeGreaterThanOrEqual(4);
    expect(returns.body).toMatch(/30 days/);
    expect(returns.body).toMatch(/tags/);
    expect(returns.body).toMatch(/[Ff]inal sale/);
    expect(returns.body).toMatch(/5–10 business days/);
  });

  it('covers the topics customers ask about', () => {
    const text = kb
      .map((a) => `${a.title}\n${a.body}`)
      .join('\n')
      .toLowerCase();
    for (const topic of [
      'return',
      'shipping',
      'customs',
      'payment',
      'discount code',
      'size guide',
      'wool',
      'warranty',
      'password',
      'cancel',
      'gift card',
      'personal data',
    ]) {
      expect(text).toContain(topic);
    }
  });
});

describe('intents', () => {
  it('has at least 25 intents, each with 12+ unique utterances, 1–3 responses and a category', () => {
    expect(demoIntents.length).toBeGreaterThanOrEqual(25);
    expect(new Set(demoIntents.map((i) => i.name)).size).toBe(demoIntents.length);
    for (const intent of demoIntents) {
      const unique = new Set(intent.utterances.map(normalizeUtterance));
      expect({
        name: intent.name,
        unique: unique.size >= 12,
        same: unique.size === intent.utterances.length,
      }).toEqual({
        name: intent.name,
        unique: true,
        same: true,
      });
      expect(intent.responses.length).toBeGreaterThanOrEqual(1);
      expect(intent.responses.length).toBeLessThanOrEqual(3);
      expect(['orders', 'billing', 'account', 'product', 'general']).toContain(intent.settings.category);
    }
  });

  it('never uses one utterance in two intents', () => {
    const owner = new Map<string, string>();
    const clashes: string[] = [];
    for (const intent of demoIntents) {
      for (const u of intent.utterances) {
        const key = normalizeUtterance(u);
        const seen = owner.get(key);
        if (seen && seen !== intent.name) clashes.push(`${u} (${seen} / ${intent.name})`);
        owner.set(key, intent.name);
      }
    }
    expect(clashes).toEqual([]);
  });

  it('has the intents the dialogs and escalation policy expect', () => {
    const names = new Set(demoIntents.map((i) => i.name));
    for (const name of [
      'order.status',
      'refund.status',
      'return.item',
      'shipping.times',
      'shipping.costs',
      'address.change',
      'order.cancel',
      'payment.failed',
      'discount.code',
      'product.availability',
      'product.sizes',
      'account.login',
      'human.agent',
      'complaint',
      'smalltalk.greeting',
      'smalltalk.thanks',
      'smalltalk.goodbye',
      'account.email_change',
      'product.recommend',
      'order.missing_item',
      'order.damaged',
      'gift.card',
      'account.close',
      'legal.complaint',
      'help',
    ]) {
      expect(names).toContain(name);
    }
    const alwaysHuman = demoIntents.filter((i) => i.settings.alwaysHuman).map((i) => i.name);
    expect(alwaysHuman).toEqual(expect.arrayContaining(['account.close', 'legal.complaint']));
    const orderStatus = demoIntents.find((i) => i.name === 'order.status')!;
    expect(orderStatus.utterances.some((u) => new RegExp(ORDER_NUMBER_PATTERN).test(u))).toBe(true);
  });
});

describe('users', () => {
  it('has an admin and agents, without password hashes', () => {
    expect(demoUsers.filter((u) => u.role === 'admin')).toHaveLength(1);
    expect(demoUsers.filter((u) => u.role === 'agent').length).toBeGreaterThanOrEqual(3);
    expect(new Set(demoUsers.map((u) => u.email)).size).toBe(demoUsers.length);
    for (const u of demoUsers) {
      expect(u).not.toHaveProperty('passwordHash');
      expect(u.capacity).toBeGreaterThan(0);
      expect(u.skills.length).toBeGreaterThan(0);
    }
    expect(DEMO_PASSWORD).toBe('parley-demo');
  });
});

// ── Seeding into a store ────────────────────────────────────────────────────

const fakeHash = async (plain: string) => `hashed:${plain}`;

async function expectSeededStore(store: Store) {
  expect(await isStoreEmpty(store)).toBe(true);
  const first = await seedDemoData(store, { hashPassword: fakeHash });
  const data = generateDemoData();
  expect(first.seeded).toBe(true);
  expect(first.created).toEqual({
    users: demoUsers.length,
    intents: demoIntents.length,
    faqs: demoFaqs.length,
    articles: demoArticles.length,
    customers: data.customers.length,
    orders: data.orders.length,
  });
  expect(await store.customers.count()).toBe(data.customers.length);
  expect(await store.orders.count()).toBe(data.orders.length);
  expect(await store.intents.count()).toBe(demoIntents.length);
  expect(await store.articles.count()).toBe(demoFaqs.length + demoArticles.length);
  expect(await store.users.count()).toBe(demoUsers.length);
  expect(await isStoreEmpty(store)).toBe(false);

  const maya = (await store.customers.getByExternalId('cust-1001'))!;
  expect(maya.email).toBe('maya.okafor@example.com');
  const a1042 = (await store.orders.getByNumber('A1042'))!;
  expect(a1042.customerId).toBe(maya.id);
  expect(a1042.status).toBe('shipped');
  expect(a1042.trackingNumber).toBe('FT4839201734GB');
  expect((await store.users.getByEmail(demoUsers[0].email))!.passwordHash).toBe(`hashed:${DEMO_PASSWORD}`);
  expect((await store.intents.getByName('account.close'))!.settings.alwaysHuman).toBe(true);
  expect((await store.articles.get('kb-returns-and-refunds'))!.kind).toBe('article');

  // Seeding again: nothing written.
  const second = await seedDemoData(store, { hashPassword: fakeHash });
  expect(second).toMatchObject({ seeded: false, reason: 'store-not-empty' });
  // Even with reset on a store that was not wiped: every item is found and skipped.
  const third = await seedDemoData(store, { hashPassword: fakeHash, reset: true });
  expect(third.seeded).toBe(true);
  expect(Object.values(third.created).every((n) => n === 0)).toBe(true);
  expect(await store.customers.count()).toBe(data.customers.length);
  expect(await store.orders.count()).toBe(data.orders.length);
  expect(await store.articles.count()).toBe(demoFaqs.length + demoArticles.length);
}

async function withTempSqliteStore(fn: (store: Store) => Promise<void>) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-seed-'));
  const store = await openSqliteStore({ file: join(dir, 'parley.sqlite') });
  try {
    await fn(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('seedDemoData on a real temporary SQLite store', () => {
  it('seeds an empty store once with the documented records; seeding again does not duplicate', async () => {
    await withTempSqliteStore(expectSeededStore);
  });

  it('keeps dates relative to the given now', async () => {
    const now = new Date('2027-02-10T08:00:00Z');
    await withTempSqliteStore(async (store) => {
      const report = await seedDemoData(store, { hashPassword: fakeHash, now });
      expect(report.now).toBe(now.toISOString());
      const a1042 = (await store.orders.getByNumber('A1042'))!;
      expect(a1042.shippedAt!.slice(0, 10)).toBe('2027-02-09');
      const maya = (await store.customers.getByEmail('maya.okafor@example.com'))!;
      const mine = await store.orders.listByCustomer(maya.id);
      expect(mine.map((o) => o.number).sort()).toEqual(['A1018', 'A1042', 'A1043']);
    });
  });
});
