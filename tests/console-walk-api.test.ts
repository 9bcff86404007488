/**
 * Defects found walking the admin side, over real HTTP on a real SQLite file (sign-in with argon2,
 * adminRoutes and analyticsRoutes in the express app):
 *
 * - a phrasing belongs to one intent: adding one another intent has is refused (409 already_exists
 *   naming that intent) by PUT and POST /api/admin/intents and by the review's add-to-intent, and an
 *   import that would do it is a 422 naming the row and the intent; nothing changes either way;
 * - the review keeps a "Not quite" vote although an intent already has its phrasing, and hides a
 *   fallback once its text is an intent's phrasing, or a vote once content carrying it was saved
 *   after the vote.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2Hash } from 'argon2';
import pino from 'pino';
import { Registry } from 'prom-client';
import { adminRoutes } from '../server/admin';
import { analyticsRoutes } from '../server/analytics';
import { SessionManager, authRoutes } from '../server/auth';
import { createApp } from '../server/http/app';
import { openSqliteStore, type Intent, type Store } from '../store';

jest.setTimeout(60_000);

const ADMIN = 'ada@example.test';
const PASSWORD = 'correct horse battery staple';
const NOW = new Date('2026-11-05T12:00:00Z');
const PERIOD = 'from=2026-11-01&to=2026-11-05T00:00:00Z';

let dir: string;
let store: Store;
let server: Server;
let url: string;
/** The store's clock: set to write records at a known time. */
let fixed: Date | null = null;
let client: { cookie: string; csrf: string };
let orderStatus: Intent;
let shipping: Intent;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies of many shapes, read field by field
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { cookie: client.cookie, 'x-csrf-token': client.csrf };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

const auditCount = async () => (await store.auditLog.list({ limit: 1000 })).length;
const utterancesOf = async (name: string) => (await store.intents.getByName(name))?.utterances;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-console-walk-api-'));
  store = await openSqliteStore({ file: join(dir, 'parley.sqlite'), clock: () => fixed ?? new Date() });
  await store.users.create({
    email: ADMIN,
    name: 'Ada',
    role: 'admin',
    passwordHash: await argon2Hash(PASSWORD),
    skills: [],
    capacity: 1,
  });
  fixed = new Date('2026-10-01T09:00:00Z');
  orderStatus = await store.intents.create({
    name: 'order.status',
    utterances: ['where is my order', 'track my parcel'],
    responses: [],
  });
  shipping = await store.intents.create({
    name: 'shipping.international',
    utterances: ['do you ship internationally', 'do you ship to canada'],
    responses: [],
  });
  fixed = null;
  const sessions = new SessionManager({ store });
  const logger = pino({ level: 'silent' });
  const app = createApp({
    logger,
    metrics: new Registry(),
    bodyLimit: '100kb',
    readiness: { pingStore: () => store.ping(), modelReady: () => true, shuttingDown: () => false },
    routes: [
      authRoutes({ sessions, users: store.users }),
      adminRoutes({ store, sessions, logger }),
      analyticsRoutes({ store, sessions, logger, clock: () => NOW }),
    ],
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const res = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: PASSWORD }),
  });
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: { csrfToken: string } };
  client = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0], csrf: data.csrfToken };
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('a phrasing belongs to one intent', () => {
  test('PUT adding another intent’s phrasing (case and punctuation aside) is a 409 naming it; nothing changes', async () => {
    const audits = await auditCount();
    const res = await call('PUT', `/api/admin/intents/${orderStatus.id}`, {
      version: orderStatus.version,
      utterances: [...orderStatus.utterances, 'Do you ship internationally?'],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_exists');
    expect(res.body.error.message).toContain('"Do you ship internationally?"');
    expect(res.body.error.message).toContain('shipping.international');
    expect(res.body.error.details.phrasings).toEqual([
      { text: 'Do you ship internationally?', intent: 'shipping.international', intentId: shipping.id },
    ]);
    expect(await store.intents.get(orderStatus.id)).toMatchObject({
      version: orderStatus.version,
      utterances: orderStatus.utterances,
    });
    expect(await auditCount()).toBe(audits);

    // The intent's own phrasings, and other edits, still save.
    const ok = await call('PUT', `/api/admin/intents/${orderStatus.id}`, {
      version: orderStatus.version,
      utterances: [...orderStatus.utterances, 'has my order shipped'],
    });
    expect(ok.status).toBe(200);
    orderStatus = (await store.intents.get(orderStatus.id))!;
  });

  test('POST a new intent with another intent’s phrasing is a 409; nothing is created', async () => {
    const res = await call('POST', '/api/admin/intents', {
      name: 'shipping.canada',
      utterances: ['do you ship to Canada', 'canada delivery'],
      responses: [],
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'already_exists' });
    expect(res.body.error.message).toContain('shipping.international');
    expect(await store.intents.getByName('shipping.canada')).toBeNull();
  });

  test('the review’s add-to-intent refuses it too, and adds nothing of the batch', async () => {
    const res = await call('POST', '/api/admin/review/add-to-intent', {
      intentId: orderStatus.id,
      version: orderStatus.version,
      utterances: ['where has my box gone', 'do you ship internationally'],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('already_exists');
    expect(res.body.error.message).toContain('shipping.international');
    expect(await utterancesOf('order.status')).toEqual(orderStatus.utterances);
  });

  test('an import giving an intent another’s phrasing is a 422 naming the row and intent; moving one is fine', async () => {
    const audits = await auditCount();
    const refused = await call('POST', '/api/admin/import/intents?format=json', [
      { name: 'order.status', utterances: [...orderStatus.utterances, 'do you ship internationally'] },
    ]);
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_import');
    expect(refused.body.error.details.rows).toEqual([
      {
        row: 1,
        field: 'utterances',
        message: '"do you ship internationally" is already a phrasing of the intent shipping.international',
      },
    ]);
    expect(await utterancesOf('order.status')).toEqual(orderStatus.utterances);
    expect(await auditCount()).toBe(audits);

    // Two new intents sharing a phrasing in one file: both rows named.
    const both = await call('POST', '/api/admin/import/intents?format=json', [
      { name: 'a.one', utterances: ['same words'] },
      { name: 'a.two', utterances: ['Same words!'] },
    ]);
    expect(both.status).toBe(422);
    expect(both.body.error.details.rows.map((r: { row: number }) => r.row)).toEqual([1, 2]);

    // Moved in one file: out of shipping.international, into order.status.
    const moved = await call('POST', '/api/admin/import/intents?format=json', [
      { name: 'order.status', utterances: [...orderStatus.utterances, 'do you ship internationally'] },
      { name: 'shipping.international', utterances: ['do you ship to canada'] },
    ]);
    expect(moved.status).toBe(200);
    expect(await utterancesOf('order.status')).toContain('do you ship internationally');
    expect(await utterancesOf('shipping.international')).toEqual(['do you ship to canada']);
  });
});

describe('the review', () => {
  async function fallback(conversationId: string, text: string, createdAt: string) {
    await store.turnRecords.record({
      conversationId,
      seq: 1,
      text,
      language: 'en',
      intent: 'none',
      score: 0.2,
      fallback: true,
      answeredBy: 'fallback',
      articleId: null,
      sentiment: 0,
      createdAt,
    });
  }
  async function notQuite(conversationId: string, query: string, at: string) {
    fixed = new Date(at);
    await store.answerFeedback.record({
      answerId: `ans-${conversationId}`,
      articleId: 'faq-shipping',
      helpful: false,
      conversationId,
      query,
    });
    fixed = null;
  }
  const reviewTexts = async () => {
    const res = await call('GET', `/api/admin/review/unanswered?${PERIOD}`);
    expect(res.status).toBe(200);
    return (res.body.data.clusters as { examples: { text: string; source: string }[] }[])
      .flatMap((c) => c.examples.map((e) => `${e.source}: ${e.text}`))
      .sort();
  };

  test('a “Not quite” vote stays although an intent has its phrasing; handled items leave', async () => {
    await store.articles.create({
      id: 'faq-shipping',
      kind: 'faq',
      title: 'Where do you ship?',
      body: 'We ship to the EU and the UK.',
    });
    // Trained long before the vote: the bot answered it, and the customer said the answer was wrong.
    fixed = new Date('2026-10-01T09:00:00Z');
    await store.intents.create({
      name: 'shipping.norway',
      utterances: ['do you ship to norway'],
      responses: [],
    });
    await notQuite('c-norway', 'do you ship to Norway?', '2026-11-02T10:00:00Z');
    // A fallback on a text an intent has now: handled (the bot has somewhere to send it).
    await fallback('c-fallback', 'Do you ship to Norway', '2026-11-02T11:00:00Z');
    // A fallback nobody has handled yet.
    await fallback('c-gift', 'can you gift wrap it', '2026-11-02T12:00:00Z');
    // A vote an admin then acted on: an FAQ carrying its question saved after the vote.
    await notQuite('c-gift-vote', 'is gift wrapping free', '2026-11-03T09:00:00Z');
    fixed = new Date('2026-11-04T09:00:00Z');
    await store.articles.create({
      id: 'faq-gift',
      kind: 'faq',
      title: 'Is gift wrapping free?',
      body: 'Yes.',
    });
    fixed = null;

    expect(await reviewTexts()).toEqual([
      'fallback: can you gift wrap it',
      'not_helpful: do you ship to Norway?',
    ]);
  });
});
