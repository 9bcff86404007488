/**
 * Loads the demo data (Fellwick & Tarn) into a Store: users, intents, FAQs and articles, customers and
 * their orders. Written against the Store port only, so it works on SQLite and MongoDB alike.
 *
 * When it seeds: only when the store is empty (no customers and no intents, see isStoreEmpty), unless
 * `reset` is set. `reset` does not delete anything: the caller wipes the data first (deletes the SQLite
 * file, drops the MongoDB database) and passes `reset: true` so the emptiness check is skipped.
 *
 * Every item is created only if it is not there yet (users by email, intents by name, articles by id,
 * customers by externalId, orders by number), so seeding twice never duplicates and a seed that was
 * interrupted can be completed by running it again with `reset: true`.
 */
import type { NewArticle, NewCustomer, NewOrder, Store } from '../../store';
import { demoKnowledgeBase } from './articles';
import { DEMO_REFERENCE_DATE, DEMO_SEED } from './dates';
import { demoIntents } from './intents';
import { generateDemoData } from './orders';
import { DEMO_PASSWORD, demoUsers } from './users';

export interface SeedOptions {
  /** Reference date for order and customer dates. Default: DEMO_REFERENCE_DATE. Pass the real clock at first start. */
  now?: Date;
  /** Hashes the demo password (the server passes argon2). Called once per demo user. */
  hashPassword: (plain: string) => Promise<string>;
  /** The caller has wiped the store: skip the emptiness check (items already present are still skipped). */
  reset?: boolean;
  /** PRNG seed of the generated customers and orders. Default: DEMO_SEED. */
  seed?: number;
}

export interface SeedCounts {
  users: number;
  intents: number;
  faqs: number;
  articles: number;
  customers: number;
  orders: number;
}

export interface SeedReport {
  /** False when the store was not empty and `reset` was not set: nothing was written. */
  seeded: boolean;
  reason?: 'store-not-empty';
  /** The reference date the data was generated for (ISO). */
  now: string;
  /** Items written by this call. */
  created: SeedCounts;
  /** Items that were already present and left alone. */
  skipped: SeedCounts;
}

const zero = (): SeedCounts => ({ users: 0, intents: 0, faqs: 0, articles: 0, customers: 0, orders: 0 });

/** True when the store holds no customers and no intents: the state of a fresh install. */
export async function isStoreEmpty(store: Store): Promise<boolean> {
  const [customers, intents] = await Promise.all([store.customers.count(), store.intents.count()]);
  return customers === 0 && intents === 0;
}

export async function seedDemoData(store: Store, options: SeedOptions): Promise<SeedReport> {
  const now = options.now ?? DEMO_REFERENCE_DATE;
  const created = zero();
  const skipped = zero();
  const report = (seeded: boolean): SeedReport => ({ seeded, now: now.toISOString(), created, skipped });

  if (!options.reset && !(await isStoreEmpty(store))) {
    return { ...report(false), reason: 'store-not-empty' };
  }

  for (const user of demoUsers) {
    if (await store.users.getByEmail(user.email)) {
      skipped.users++;
      continue;
    }
    const passwordHash = await options.hashPassword(DEMO_PASSWORD);
    await store.users.create({ ...user, skills: [...user.skills], passwordHash });
    created.users++;
  }

  const intentNames = new Set((await store.intents.list()).map((i) => i.name));
  for (const intent of demoIntents) {
    if (intentNames.has(intent.name)) {
      skipped.intents++;
      continue;
    }
    await store.intents.create({
      name: intent.name,
      utterances: [...intent.utterances],
      responses: [...intent.responses],
      settings: { ...intent.settings },
    });
    created.intents++;
  }

  const articles = await store.articles.list();
  const articleIds = new Set(articles.map((a) => a.id));
  const articleTitles = new Set(articles.map((a) => `${a.kind}:${a.title}`));
  for (const article of demoKnowledgeBase()) {
    const key = article.kind === 'faq' ? 'faqs' : 'articles';
    if ((article.id && articleIds.has(article.id)) || articleTitles.has(`${article.kind}:${article.title}`)) {
      skipped[key]++;
      continue;
    }
    await store.articles.create(article satisfies NewArticle);
    created[key]++;
  }

  const data = generateDemoData({ now, seed: options.seed ?? DEMO_SEED });
  const customerIds = new Map<string, string>();
  for (const c of data.customers) {
    const existing = await store.customers.getByExternalId(c.externalId);
    if (existing) {
      customerIds.set(c.externalId, existing.id);
      skipped.customers++;
      continue;
    }
    const input: NewCustomer = {
      externalId: c.externalId,
      name: c.name,
      email: c.email,
      phone: c.phone,
      tier: c.tier,
      consent: c.consent,
      createdAt: c.createdAt,
    };
    customerIds.set(c.externalId, (await store.customers.create(input)).id);
    created.customers++;
  }

  for (const { customerExternalId, ...order } of data.orders) {
    if (await store.orders.getByNumber(order.number)) {
      skipped.orders++;
      continue;
    }
    const customerId = customerIds.get(customerExternalId);
    if (!customerId)
      throw new Error(`demo order ${order.number} names unknown customer ${customerExternalId}`);
    const input: NewOrder = { ...order, customerId, lines: order.lines.map((l) => ({ ...l })) };
    await store.orders.create(input);
    created.orders++;
  }

  return report(true);
}
