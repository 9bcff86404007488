/**
 * Content through the admin side of the real server (createParleyServer with its default body limit,
 * a real SQLite file, sign-in with argon2, real HTTP):
 *
 * - an article or FAQ at every content-rules limit is saved, updated and imported, however large its
 *   JSON (no 413), while public routes keep the 100 KB cap and a signed-out client cannot send the
 *   admin API more than that;
 * - the review's "create FAQ" accepts and refuses exactly what the admin article API does;
 * - every write path stores a body in one form (normalizeBody).
 */
import { hash as argon2Hash } from 'argon2';
import pino from 'pino';
import type { ReplyEngine } from '../bot';
import { importArticles } from '../knowledge-base';
import {
  MAX_ALTERNATIVES,
  MAX_ARTICLE_BODY,
  MAX_ARTICLE_ID_CHARS,
  MAX_ARTICLE_JSON_BYTES,
  MAX_LOCALE_CHARS,
  MAX_TAG_CHARS,
  MAX_TAGS,
  MAX_TITLE_CHARS,
  normalizeBody,
} from '../protocol/admin';
import { adminRoutes } from '../server/admin';
import { ADMIN_BODY_LIMIT_BYTES } from '../server/admin/http';
import { analyticsRoutes } from '../server/analytics';
import { SessionManager, authRoutes } from '../server/auth';
import { demoKnowledgeBase } from '../server/seed';
import type { Store } from '../store';
import { startTestServer, type TestServer } from './helpers/test-server';

jest.setTimeout(60_000);

const ADMIN = 'ada.admin@example.com';
const PASSWORD = 'correct horse battery';
const silent: ReplyEngine = { respond: async () => [] };

let t: TestServer;
let store: Store;
let session: { cookie: string; csrfToken: string };

beforeAll(async () => {
  t = await startTestServer(async (s) => {
    const sessions = new SessionManager({ store: s });
    const logger = pino({ level: 'silent' });
    return {
      engine: silent,
      routes: [
        authRoutes({ sessions, users: s.users, signInLimit: { windowMs: 60_000, limit: 1000 } }),
        adminRoutes({ store: s, sessions, logger }),
        analyticsRoutes({ store: s, sessions, logger }),
      ],
    };
  });
  store = t.store;
  await store.users.create({
    email: ADMIN,
    name: 'Ada Admin',
    role: 'admin',
    passwordHash: await argon2Hash(PASSWORD),
    skills: [],
    capacity: 1,
  });
  const signedIn = await fetch(`${t.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: ADMIN, password: PASSWORD }),
  });
  expect(signedIn.status).toBe(200);
  session = {
    cookie: (signedIn.headers.get('set-cookie') ?? '').split(';')[0],
    csrfToken: ((await signedIn.json()) as { data: { csrfToken: string } }).data.csrfToken,
  };
});

afterAll(async () => {
  await t?.close();
});

beforeEach(async () => {
  for (const article of await store.articles.list()) await store.articles.delete(article.id, article.version);
});

interface Answer {
  status: number;
  json: {
    data?: Record<string, unknown>;
    error?: { code: string; message: string; details?: { rows: { row: number }[] } };
  };
}

async function send(
  method: string,
  path: string,
  body: string,
  options: { contentType?: string; signedIn?: boolean; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json',
    ...options.headers,
  };
  if (options.signedIn !== false) {
    headers.cookie = session.cookie;
    headers['x-csrf-token'] = session.csrfToken;
  }
  const response = await fetch(`${t.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : {}) as Answer['json'] };
}
const post = (path: string, value: unknown) => send('POST', path, JSON.stringify(value));

/** `count` distinct texts of `length` characters, padded with `fill`. */
const list = (count: number, length: number, fill: string) =>
  Array.from({ length: count }, (_, i) => `${i} `.padEnd(length, fill));

/**
 * A FAQ at every content-rules limit, written with a control character JSON escapes as "\u0001" (6
 * bytes each): as large a request as content within the rules can make.
 */
const C = '\u0001';
const faqAtLimits = {
  id: `faq-${'l'.repeat(MAX_ARTICLE_ID_CHARS - 4)}`,
  kind: 'faq' as const,
  title: `Q${C.repeat(MAX_TITLE_CHARS - 2)}?`,
  body: `A${C.repeat(MAX_ARTICLE_BODY - 2)}.`,
  alternatives: list(MAX_ALTERNATIVES, MAX_TITLE_CHARS, C),
  tags: list(MAX_TAGS, MAX_TAG_CHARS, C),
  locale: `en${'-abcdefgh'.repeat(3)}-abcde`,
  published: false,
};

describe('content at the content-rules limits is never refused as too large', () => {
  test('the FAQ at every limit is over 1 MB of JSON, within what the rules allow, and the admin API takes that much', () => {
    const size = Buffer.byteLength(JSON.stringify(faqAtLimits));
    expect(faqAtLimits.locale).toHaveLength(MAX_LOCALE_CHARS);
    expect(size).toBeGreaterThan(1_000_000);
    expect(size).toBeLessThanOrEqual(MAX_ARTICLE_JSON_BYTES);
    expect(MAX_ARTICLE_JSON_BYTES).toBeLessThanOrEqual(ADMIN_BODY_LIMIT_BYTES);
  });

  test('saved, updated, exported and imported again as application/json: no 413', async () => {
    const created = await post('/api/admin/articles', faqAtLimits);
    expect([created.status, created.json.error]).toEqual([201, undefined]);
    const { id: _id, kind: _kind, ...fields } = faqAtLimits;
    expect(await store.articles.get(faqAtLimits.id)).toMatchObject({ ...fields, version: 1 });

    const body = `B${C.repeat(MAX_ARTICLE_BODY - 2)}.`;
    const updated = await send(
      'PUT',
      `/api/admin/articles/${faqAtLimits.id}`,
      JSON.stringify({ ...fields, body, version: 1 }),
    );
    expect([updated.status, updated.json.error]).toEqual([200, undefined]);
    expect((await store.articles.get(faqAtLimits.id))?.body).toBe(body);

    const exported = await fetch(`${t.url}/api/admin/export/faqs?format=json`, {
      headers: { cookie: session.cookie },
    });
    const file = await exported.text();
    expect(Buffer.byteLength(file)).toBeGreaterThan(1_000_000);
    const imported = await send('POST', '/api/admin/import/faqs?format=json', file);
    expect([imported.status, imported.json.error]).toEqual([200, undefined]);
    expect(imported.json.data).toEqual({ created: [], updated: [], unchanged: [faqAtLimits.id] });
  });

  test('the review creates that FAQ too', async () => {
    const { title: question, body: answer, alternatives, tags, locale, published } = faqAtLimits;
    const created = await post('/api/admin/review/create-faq', {
      question,
      answer,
      alternatives,
      tags,
      locale,
      published,
    });
    expect([created.status, created.json.error]).toEqual([201, undefined]);
  });
});

describe('the body limits that stay', () => {
  const big = (bytes: number) => JSON.stringify({ markdown: 'x'.repeat(bytes) });

  test('a public route still takes at most BODY_LIMIT (100 KB): 413 payload_too_large, saying the limit', async () => {
    const answer = await send('POST', '/api/auth/sign-in', big(150_000), { signedIn: false });
    expect(answer.status).toBe(413);
    expect(answer.json.error).toEqual({
      code: 'payload_too_large',
      message: 'The request body is larger than the 100 KB this route accepts.',
    });
  });

  test('signed out, a large body to the admin API is refused for the session before it is read', async () => {
    const answer = await send('POST', '/api/admin/articles/preview', big(1_000_000), { signedIn: false });
    expect(answer.status).toBe(401);
    expect(answer.json.error?.code).toBe('unauthorized');
  });

  test('signed in, the admin API refuses more than 5 MB with 413, saying the limit, and changes nothing', async () => {
    const faq = { ...faqAtLimits, body: 'x'.repeat(ADMIN_BODY_LIMIT_BYTES) };
    for (const [path, body, contentType] of [
      ['/api/admin/articles', JSON.stringify(faq), 'application/json'],
      [
        '/api/admin/review/create-faq',
        JSON.stringify({ question: 'Q?', answer: faq.body }),
        'application/json',
      ],
      ['/api/admin/import/faqs?format=csv', `id,question,answer\r\nfaq-x,Q?,${faq.body}\r\n`, 'text/csv'],
    ]) {
      const answer = await send('POST', path, body, { contentType });
      expect([path, answer.status, answer.json.error]).toEqual([
        path,
        413,
        {
          code: 'payload_too_large',
          message: 'The request body is larger than the 5 MB this route accepts.',
        },
      ]);
    }
    expect(await store.articles.count()).toBe(0);
  });
});

describe('the review\'s "create FAQ" takes exactly what the admin article API takes', () => {
  const plain = { title: 'Do you ship to Norway?', body: 'Yes: 3–5 business days.' };
  const cases: [string, Record<string, unknown>][] = [
    ['every field at its limit', faqAtLimits],
    ['a plain FAQ', plain],
    ['a locale written en_gb (stored as en-GB)', { ...plain, locale: 'en_gb' }],
    ['an answer with CRLF line ends and blank space around it', { ...plain, body: '\r\n  One\r\ntwo  \r\n' }],
    ['a question on two lines', { ...plain, title: 'Line one\nline two' }],
    ['a question of 301 characters', { ...plain, title: 'q'.repeat(MAX_TITLE_CHARS + 1) }],
    ['an answer of 200,001 characters', { ...plain, body: 'a'.repeat(MAX_ARTICLE_BODY + 1) }],
    ['an answer of blank space', { ...plain, body: ' \n\t ' }],
    ['101 alternatives', { ...plain, alternatives: list(MAX_ALTERNATIVES + 1, 8, 'a') }],
    ['an alternative on two lines', { ...plain, alternatives: ['one\ntwo'] }],
    ['51 tags', { ...plain, tags: list(MAX_TAGS + 1, 5, 't') }],
    ['a tag of 65 characters', { ...plain, tags: ['t'.repeat(MAX_TAG_CHARS + 1)] }],
    ['a locale that is not a language tag', { ...plain, locale: 'english' }],
    ['a locale of 36 characters', { ...plain, locale: `en${'-abcdefgh'.repeat(3)}-abcdef` }],
  ];

  test.each(cases)('%s', async (_what, faq) => {
    const { title, body, alternatives, tags, locale, published } = faq as typeof faqAtLimits;
    const viaApi = await post('/api/admin/articles', {
      kind: 'faq',
      title,
      body,
      ...{ alternatives, tags, locale, published },
    });
    const viaReview = await post('/api/admin/review/create-faq', {
      question: title,
      answer: body,
      ...{ alternatives, tags, locale, published },
    });
    expect(viaReview.status).toBe(viaApi.status);
    expect([201, 400]).toContain(viaApi.status);
    if (viaApi.status === 400) {
      expect([viaApi.json.error?.code, viaReview.json.error?.code]).toEqual([
        'validation_failed',
        'validation_failed',
      ]);
      expect(await store.articles.count()).toBe(0);
      return;
    }
    const stored = (id: unknown) =>
      store.articles.get(String(id)).then((a) => a && { ...a, id: '', version: 0, updatedAt: '' });
    expect(await stored(viaReview.json.data?.id)).toEqual(await stored(viaApi.json.data?.id));
  });
});

test('every write path stores a body in the one form normalizeBody gives', async () => {
  const raw = '\r\n  Pack it well.\r\nUse the label.\rDone.  \n\n';
  const expected = normalizeBody(raw);
  expect(expected).toBe('Pack it well.\nUse the label.\nDone.');
  const question = (n: number) => `How do I send it back (${n})?`;

  expect(
    (await post('/api/admin/articles', { id: 'w-1', kind: 'faq', title: question(1), body: raw })).status,
  ).toBe(201);
  expect(
    (await post('/api/admin/articles', { id: 'w-2', kind: 'faq', title: question(2), body: 'x' })).status,
  ).toBe(201);
  expect(
    (await send('PUT', '/api/admin/articles/w-2', JSON.stringify({ body: raw, version: 1 }))).status,
  ).toBe(200);
  const review = await post('/api/admin/review/create-faq', { question: question(3), answer: raw });
  expect(review.status).toBe(201);
  const faqJson = JSON.stringify([{ id: 'w-4', question: question(4), answer: raw }]);
  expect((await send('POST', '/api/admin/import/faqs?format=json', faqJson)).status).toBe(200);
  const faqCsv = `id,question,answer\r\nw-5,${question(5)},"${raw}"\r\n`;
  expect(
    (await send('POST', '/api/admin/import/faqs?format=csv', faqCsv, { contentType: 'text/csv' })).status,
  ).toBe(200);
  const kb = await importArticles(store, {
    format: 'markdown',
    files: [{ path: 'w-6.md', text: `---\nkind: faq\ntitle: ${question(6)}\n---\n${raw}` }],
  });
  expect(kb.problems).toEqual([]);

  const bodies = (await store.articles.list()).map((a) => [a.title, a.body]);
  expect(bodies).toHaveLength(6);
  for (const [title, body] of bodies) expect([title, body]).toEqual([title, expected]);
  // And the seed's bodies are in that form already.
  for (const article of demoKnowledgeBase()) expect(article.body).toBe(normalizeBody(article.body));
});
