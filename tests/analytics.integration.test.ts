/**
 * Analytics and the review over HTTP: a real SQLite store in a temp dir seeded with a few
 * conversations at known times (messages, turn records, votes, an escalation, a CSAT rating), the
 * express app with console sign-in (argon2) and `analyticsRoutes`, on a random port. Checks the
 * numbers (JSON and CSV), the review's groups, adding to an intent (then a stale version: 409 and
 * nothing changed), creating an FAQ, and who may do what (401, 403, 400).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2Hash } from 'argon2';
import pino from 'pino';
import { Registry } from 'prom-client';
import { EVENT_ATTACHMENT_TYPE as BOT_EVENT_TYPE } from '../bot';
import { EVENT_ATTACHMENT_TYPE, type AnalyticsReport } from '../analytics';
import { analyticsRoutes } from '../server/analytics';
import { SessionManager, authRoutes } from '../server/auth';
import { createApp } from '../server/http/app';
import { openSqliteStore, type Intent, type Store, type TurnRecord } from '../store';

jest.setTimeout(60_000);

const PASSWORD = 'correct horse battery staple';
const ADMIN = 'ada@example.test';
const AGENT = 'sam@example.test';
const NOW = new Date('2026-11-05T12:00:00Z');
const QUERY = 'from=2026-11-02&to=2026-11-04T00:00:00Z&bucket=day';

let dir: string;
let store: Store;
let server: Server;
let url: string;
let fixed: Date | null = null;
let intent: Intent;
const intentsChanged: number[] = [];
const articlesChanged: [string, boolean][] = [];

const at = (iso: string) => {
  fixed = new Date(iso);
};

async function customer(conversationId: string, time: string, text: string) {
  at(time);
  return (await store.messages.append({ conversationId, sender: 'customer', text })).message;
}
async function reply(conversationId: string, time: string, sender: 'bot' | 'agent' = 'bot') {
  at(time);
  await store.messages.append({ conversationId, sender, text: 'reply' });
}
async function turn(
  conversationId: string,
  seq: number,
  text: string,
  createdAt: string,
  intentName: string,
  answeredBy: TurnRecord['answeredBy'],
  articleId: string | null = null,
) {
  await store.turnRecords.record({
    conversationId,
    seq,
    text,
    language: 'en',
    intent: intentName,
    score: intentName === 'none' ? 0.2 : 0.9,
    fallback: answeredBy === 'fallback',
    answeredBy,
    articleId,
    sentiment: 0,
    createdAt,
  });
}
async function conversation(id: string, time: string) {
  at(time);
  await store.conversations.create({ id, channel: 'web', visitorId: `v-${id}` });
}
/**
 * A conversation of one customer message (seq 1) that the bot answered `replySeconds` later, with the
 * turn's record: [intent, answered by, article].
 */
async function answered(
  id: string,
  time: string,
  text: string,
  replySeconds: number,
  [intentName, answeredBy, articleId]: [string, TurnRecord['answeredBy'], string?],
) {
  await conversation(id, time);
  await customer(id, time, text);
  await reply(id, new Date(Date.parse(time) + replySeconds * 1000).toISOString());
  await turn(id, 1, text, time, intentName, answeredBy, articleId);
}
/** "That helped" (or "Not quite") on the FAQ answer of a conversation's `query`. */
async function vote(conversationId: string, time: string, helpful: boolean, query: string) {
  at(time);
  await store.answerFeedback.record({
    answerId: `ans-${conversationId}`,
    articleId: 'faq-pay',
    helpful,
    conversationId,
    query,
  });
}

async function seed() {
  const passwordHash = await argon2Hash(PASSWORD);
  await store.users.create({
    email: ADMIN,
    name: 'Ada',
    role: 'admin',
    passwordHash,
    skills: [],
    capacity: 1,
  });
  const agent = await store.users.create({
    email: AGENT,
    name: 'Sam',
    role: 'agent',
    passwordHash,
    skills: [],
    capacity: 2,
  });
  await store.articles.create({
    id: 'faq-pay',
    kind: 'faq',
    title: 'Payment methods',
    body: 'Cards and PayPal.',
  });
  intent = await store.intents.create({
    name: 'payment.methods',
    utterances: ['can I pay with paypal', 'what payment methods do you accept'],
    responses: ['Cards and PayPal.'],
  });

  // A (Mon): knowledge answer, "That helped" → contained, verified.
  const paypal = 'do you take paypal';
  await answered('A', '2026-11-02T09:00:00Z', paypal, 2, ['payment.methods', 'knowledge', 'faq-pay']);
  await vote('A', '2026-11-02T09:00:30Z', true, paypal);

  // B (Mon): two fallbacks, asks for a person, waits 120 s, rates 4 → escalated.
  await conversation('B', '2026-11-02T10:00:00Z');
  await customer('B', '2026-11-02T10:00:00Z', 'blorp blorp');
  await reply('B', '2026-11-02T10:00:01Z');
  await turn('B', 1, 'blorp blorp', '2026-11-02T10:00:00Z', 'none', 'fallback');
  await customer('B', '2026-11-02T10:01:00Z', 'can I pay with klarna');
  await reply('B', '2026-11-02T10:01:01Z');
  await turn('B', 3, 'can I pay with klarna', '2026-11-02T10:01:00Z', 'none', 'fallback');
  await customer('B', '2026-11-02T10:02:00Z', 'talk to a person');
  await turn('B', 5, 'talk to a person', '2026-11-02T10:02:00Z', 'human.agent', 'dialog');
  at('2026-11-02T10:02:00Z');
  const escalation = await store.escalations.create({
    conversationId: 'B',
    reason: 'customer_request',
    priority: 20,
    packet: {},
  });
  at('2026-11-02T10:04:00Z');
  await store.escalations.claim(escalation.id, agent.id);
  await reply('B', '2026-11-02T10:04:10Z', 'agent');
  at('2026-11-02T10:10:00Z');
  await store.messages.append({
    conversationId: 'B',
    sender: 'system',
    text: 'Rated this chat 4 out of 5.',
    attachments: [
      { contentType: EVENT_ATTACHMENT_TYPE, content: { name: 'parley.csat', value: { score: 4 } } },
    ],
  });

  // C (Tue): a fallback, then gone → contained, unresolved.
  await answered('C', '2026-11-03T08:00:00Z', 'is klarna an option', 3, ['none', 'fallback']);

  // D (Tue): knowledge answer, "Not quite" with the question → contained, unresolved.
  const klarna = 'do you take klarna';
  await answered('D', '2026-11-03T09:00:00Z', klarna, 5, ['payment.methods', 'knowledge', 'faq-pay']);
  await vote('D', '2026-11-03T09:01:00Z', false, klarna);

  // E (Tue): a dialog answers, the customer leaves → contained, assumed.
  await answered('E', '2026-11-03T11:00:00Z', 'where is my order', 4, ['order.status', 'dialog']);

  // F (Sunday, before the period): never counted.
  await answered('F', '2026-11-01T23:00:00Z', 'klarna klarna', 1, ['none', 'fallback']);
  fixed = null;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-analytics-'));
  store = await openSqliteStore({ file: join(dir, 'parley.sqlite'), clock: () => fixed ?? new Date() });
  await seed();
  const sessions = new SessionManager({ store });
  const logger = pino({ level: 'silent' });
  const app = createApp({
    logger,
    metrics: new Registry(),
    bodyLimit: '100kb',
    readiness: { pingStore: () => store.ping(), modelReady: () => true, shuttingDown: () => false },
    routes: [
      authRoutes({ sessions, users: store.users }),
      analyticsRoutes({
        store,
        sessions,
        logger,
        clock: () => NOW,
        onIntentsChanged: () => void intentsChanged.push(1),
        onArticleChanged: (id, deleted) => void articlesChanged.push([id, deleted]),
      }),
    ],
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Client {
  cookie: string;
  csrf: string;
}
const clients = new Map<string, Client>();
async function signIn(email: string): Promise<Client> {
  const known = clients.get(email);
  if (known) return known;
  const response = await fetch(`${url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { data: { csrfToken: string } };
  const client = {
    cookie: (response.headers.get('set-cookie') ?? '').split(';')[0],
    csrf: body.data.csrfToken,
  };
  clients.set(email, client);
  return client;
}

async function get(path: string, email: string | null = ADMIN) {
  const headers: Record<string, string> = {};
  if (email) headers.cookie = (await signIn(email)).cookie;
  return fetch(`${url}${path}`, { headers });
}
async function post(
  path: string,
  body: unknown,
  email: string | null = ADMIN,
  extra: Record<string, string> = {},
) {
  const headers: Record<string, string> = { 'Content-Type': 'application/json', ...extra };
  if (email) {
    const client = await signIn(email);
    headers.cookie = client.cookie;
    headers['X-CSRF-Token'] ??= client.csrf;
  }
  return fetch(`${url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
}
const errorCode = async (response: Response) =>
  ((await response.json()) as { error: { code: string } }).error.code;

test('the event type analytics reads is the one the bot stores', () => {
  expect(EVENT_ATTACHMENT_TYPE).toBe(BOT_EVENT_TYPE);
});

test('GET /api/admin/analytics: the numbers of the seeded period', async () => {
  const response = await get(`/api/admin/analytics?${QUERY}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('cache-control')).toBe('no-store');
  const { data } = (await response.json()) as { data: AnalyticsReport };
  expect(data.period).toEqual({
    from: '2026-11-02T00:00:00.000Z',
    to: '2026-11-04T00:00:00.000Z',
    bucket: 'day',
  });
  expect(data.summary).toEqual({
    conversations: 5,
    ended: 5,
    contained: 4,
    containmentRate: 0.8,
    verifiedResolution: 1,
    verifiedResolutionRate: 0.2,
    assumedResolution: 1,
    assumedResolutionRate: 0.2,
    escalated: 1,
    escalationRate: 0.2,
    escalationReasons: [{ reason: 'customer_request', label: 'Asked for a person', count: 1, share: 1 }],
    csat: { count: 1, average: 4, distribution: { '1': 0, '2': 0, '3': 0, '4': 1, '5': 0 } },
    firstResponseSeconds: { count: 5, p50: 3, p90: 5 },
    waitForHumanSeconds: { count: 1, p50: 120, p90: 120, neverAssigned: 0 },
    botTurns: 7,
    fallbacks: 3,
    fallbackRate: 0.4286,
    topIntents: [
      { intent: 'payment.methods', count: 2, share: 0.2857 },
      { intent: 'human.agent', count: 1, share: 0.1429 },
      { intent: 'order.status', count: 1, share: 0.1429 },
    ],
  });
  expect(data.funnel).toEqual([
    { intent: 'payment.methods', recognized: 2, answered: 2, helpful: 1, escalated: 0 },
    { intent: 'human.agent', recognized: 1, answered: 1, helpful: 1, escalated: 1 },
    { intent: 'order.status', recognized: 1, answered: 1, helpful: 0, escalated: 0 },
  ]);
  expect(
    data.series.map((p) => [p.start, p.conversations, p.contained, p.escalated, p.fallbackRate]),
  ).toEqual([
    ['2026-11-02T00:00:00.000Z', 2, 1, 1, 0.5],
    ['2026-11-03T00:00:00.000Z', 3, 3, 0, 0.3333],
  ]);
  expect(data.definitions.verifiedResolution).toMatch(/That helped.*4 or 5/);
  expect(data.definitions.assumedResolution).toMatch(/without asking more/);
});

test('GET /api/admin/analytics/export.csv: the series as a download', async () => {
  const response = await get(`/api/admin/analytics/export.csv?${QUERY}`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(response.headers.get('content-disposition')).toBe(
    'attachment; filename="parley-analytics-2026-11-02-2026-11-04-day.csv"',
  );
  expect((await response.text()).split('\r\n')).toEqual([
    'start,conversations,ended,contained,verifiedResolution,assumedResolution,escalated,containmentRate,escalationRate,botTurns,fallbacks,fallbackRate,csatCount,csatAverage,firstResponseP50,firstResponseP90,waitForHumanP50,waitForHumanP90',
    '2026-11-02T00:00:00.000Z,2,2,1,1,0,1,0.5,0.5,4,2,0.5,1,4,1,2,120,120',
    '2026-11-03T00:00:00.000Z,3,3,3,0,1,0,1,0,3,1,0.3333,0,,4,5,,',
    '',
  ]);
});

test('a week bucket puts both days in the week of Monday 2 November', async () => {
  const response = await get('/api/admin/analytics?from=2026-11-02&to=2026-11-04&bucket=week');
  const { data } = (await response.json()) as { data: AnalyticsReport };
  expect(data.series.map((p) => [p.start, p.conversations])).toEqual([['2026-11-02T00:00:00.000Z', 5]]);
});

interface ReviewPayload {
  data: {
    method: string;
    items: number;
    clusters: {
      id: string;
      size: number;
      label: string;
      examples: { text: string; conversationId: string; seq: number | null; source: string }[];
      suggestedIntent?: { name: string };
    }[];
  };
}
const review = async () => {
  const response = await get('/api/admin/review/unanswered?from=2026-11-02&to=2026-11-04');
  expect(response.status).toBe(200);
  return ((await response.json()) as ReviewPayload).data;
};

test('review → add to intent → create FAQ: the loop closes', async () => {
  // 1. The period's fallbacks and the "Not quite" vote, grouped by shared words (no embedder here).
  const before = await review();
  expect(before.method).toBe('tokens');
  expect(before.items).toBe(4);
  expect(
    before.clusters.map((c) => ({
      size: c.size,
      label: c.label,
      examples: c.examples.map((e) => [e.text, e.conversationId, e.seq, e.source]),
    })),
  ).toEqual([
    {
      size: 3,
      label: 'do you take klarna',
      examples: [
        ['do you take klarna', 'D', 1, 'not_helpful'],
        ['is klarna an option', 'C', 1, 'fallback'],
        ['can I pay with klarna', 'B', 3, 'fallback'],
      ],
    },
    { size: 1, label: 'blorp blorp', examples: [['blorp blorp', 'B', 1, 'fallback']] },
  ]);

  // 2. Two phrasings go into payment.methods (one is a repeat of an existing utterance: skipped).
  const added = await post('/api/admin/review/add-to-intent', {
    intentId: intent.id,
    version: intent.version,
    utterances: ['can I pay with klarna', 'is klarna an option', 'Can I pay with PayPal?'],
  });
  expect(added.status).toBe(200);
  expect(added.headers.get('etag')).toBe(`"${intent.version + 1}"`);
  const updated = ((await added.json()) as { data: Intent & { added: string[] } }).data;
  expect(updated.version).toBe(intent.version + 1);
  expect(updated.added).toEqual(['can I pay with klarna', 'is klarna an option']);
  expect(updated.utterances).toEqual([...intent.utterances, 'can I pay with klarna', 'is klarna an option']);
  expect(intentsChanged).toHaveLength(1);
  const [entry] = await store.auditLog.list({ entityType: 'intent', entityId: intent.id });
  expect(entry).toMatchObject({
    actorEmail: ADMIN,
    action: 'intent.add_utterances',
    before: { version: intent.version },
    after: { version: intent.version + 1 },
  });

  // 3. The same request on the stale version: 409, and nothing changed.
  const stale = await post('/api/admin/review/add-to-intent', {
    intentId: intent.id,
    version: intent.version,
    utterances: ['klarna please'],
  });
  expect(stale.status).toBe(409);
  expect(await errorCode(stale)).toBe('conflict');
  expect(await store.intents.get(intent.id)).toMatchObject({
    version: intent.version + 1,
    utterances: updated.utterances,
  });
  expect(intentsChanged).toHaveLength(1);
  expect(await store.auditLog.list({ entityType: 'intent' })).toHaveLength(1);

  // 4. What the intent now knows has left the review.
  expect((await review()).clusters.map((c) => [c.size, c.label])).toEqual([
    [1, 'blorp blorp'],
    [1, 'do you take klarna'],
  ]);

  // 5. The unhelpful question becomes an FAQ.
  const created = await post('/api/admin/review/create-faq', {
    question: 'Do you take Klarna?',
    answer: 'Not yet: cards and PayPal for now.',
    alternatives: ['do you take klarna', 'Klarna?', 'klarna'],
  });
  expect(created.status).toBe(201);
  const faq = ((await created.json()) as { data: { id: string; kind: string; alternatives: string[] } }).data;
  expect(faq).toMatchObject({ kind: 'faq', title: 'Do you take Klarna?', published: true, version: 1 });
  expect(faq.alternatives).toEqual(['Klarna?']); // the question itself and a repeat are dropped
  expect(created.headers.get('location')).toBe(`/api/admin/articles/${faq.id}`);
  expect(await store.articles.get(faq.id)).toMatchObject({
    kind: 'faq',
    body: 'Not yet: cards and PayPal for now.',
  });
  expect(articlesChanged).toEqual([[faq.id, false]]);
  expect((await store.auditLog.list({ entityType: 'article' }))[0]).toMatchObject({
    action: 'article.create',
    entityId: faq.id,
    before: null,
  });
  expect((await review()).clusters.map((c) => c.label)).toEqual(['blorp blorp']);
});

test('add-to-intent: no version → 428, unknown intent → 404, bad bodies → 400', async () => {
  const current = (await store.intents.get(intent.id))!;
  const noVersion = await post('/api/admin/review/add-to-intent', {
    intentId: intent.id,
    utterances: ['x y'],
  });
  expect(noVersion.status).toBe(428);
  expect(await errorCode(noVersion)).toBe('precondition_required');
  const viaIfMatch = await post(
    '/api/admin/review/add-to-intent',
    { intentId: intent.id, utterances: ['pay in instalments'] },
    ADMIN,
    { 'If-Match': `"${current.version}"` },
  );
  expect(viaIfMatch.status).toBe(200);
  const missing = await post('/api/admin/review/add-to-intent', {
    intentId: 'nope',
    version: 1,
    utterances: ['a'],
  });
  expect(missing.status).toBe(404);
  for (const body of [
    { intentId: intent.id, version: 1, utterances: [] },
    { intentId: intent.id, version: 1, utterances: ['   '] },
    { intentId: intent.id, version: 'one', utterances: ['a'] },
    { intentId: intent.id, version: 1, utterances: ['a'], extra: true },
  ]) {
    const response = await post('/api/admin/review/add-to-intent', body);
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('validation_failed');
  }
  const faq = await post('/api/admin/review/create-faq', { question: 'Why?', alternatives: [] });
  expect(faq.status).toBe(400);
  expect((await store.intents.get(intent.id))!.version).toBe(current.version + 1);
});

test('bad periods are a 400 and say why', async () => {
  for (const query of [
    'bucket=month',
    'from=yesterday',
    'from=2026-11-04&to=2026-11-02',
    'from=2026-11-02T10:00:00', // no time zone
    'from=2020-01-01&to=2026-01-01&bucket=day',
  ]) {
    for (const path of [
      '/api/admin/analytics',
      '/api/admin/analytics/export.csv',
      '/api/admin/review/unanswered',
    ]) {
      const response = await get(`${path}?${query}`);
      expect([query, path, response.status]).toEqual([query, path, 400]);
      expect(await errorCode(response)).toBe('validation_failed');
    }
  }
});

test('anonymous → 401, an agent → 403, a change without the CSRF token → 403', async () => {
  for (const path of [
    `/api/admin/analytics?${QUERY}`,
    `/api/admin/analytics/export.csv?${QUERY}`,
    '/api/admin/review/unanswered',
  ]) {
    expect((await get(path, null)).status).toBe(401);
    const agent = await get(path, AGENT);
    expect(agent.status).toBe(403);
    expect(await errorCode(agent)).toBe('forbidden');
  }
  const body = { intentId: intent.id, version: 1, utterances: ['sneaky'] };
  expect((await post('/api/admin/review/add-to-intent', body, null)).status).toBe(401);
  expect((await post('/api/admin/review/add-to-intent', body, AGENT)).status).toBe(403);
  expect((await post('/api/admin/review/create-faq', { question: 'q', answer: 'a' }, AGENT)).status).toBe(
    403,
  );
  const noCsrf = await post('/api/admin/review/create-faq', { question: 'q', answer: 'a' }, ADMIN, {
    'X-CSRF-Token': 'wrong',
  });
  expect(noCsrf.status).toBe(403);
  expect((await store.intents.get(intent.id))!.utterances).not.toContain('sneaky');
  expect((await store.articles.list({ kind: 'faq' })).map((a) => a.title)).not.toContain('q');
});
