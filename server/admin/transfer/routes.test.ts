/**
 * The transfer routes (and the article routes, to create content through the API) on their own: a
 * real SQLite file and a real HTTP server, with the admin signed in by a stub in front (sign-in, CSRF
 * and roles are tested with the whole admin API).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import pino from 'pino';
import { exportArticles, importArticles, type ContentFormat } from '../../../knowledge-base';
import {
  MAX_ALTERNATIVES,
  MAX_ARTICLE_BODY,
  MAX_TAG_CHARS,
  MAX_TAGS,
  MAX_TITLE_CHARS,
} from '../../../protocol/admin';
import { openSqliteStore, type Store, type User } from '../../../store';
import type { SessionManager } from '../../auth';
import { toAppError } from '../../errors';
import { demoKnowledgeBase } from '../../seed/articles';
import { demoIntents } from '../../seed/intents';
import { seedDemoData } from '../../seed/seed';
import { articleRoutes } from '../articles';
import { adminJsonBody, type AdminContext } from '../http';
import { transferRoutes } from './routes';

jest.setTimeout(30_000);

let dir: string;
let store: Store;
let http: Server;
let url: string;
let intentsChanged = 0;
/** What the routes use; a test may swap `ctx.store` for a store that fails in a given way. */
let ctx: AdminContext;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'parley-transfer-'));
  store = await openSqliteStore({ file: join(dir, 'parley.sqlite') });
  const admin: User = await store.users.create({
    email: 'ada.admin@example.com',
    name: 'Ada Admin',
    role: 'admin',
    passwordHash: 'not-used',
    skills: [],
    capacity: 1,
  });
  intentsChanged = 0;
  const app = express();
  // Bodies as the admin API reads them: a FAQ at every limit is more than the default BODY_LIMIT.
  app.use(adminJsonBody());
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.auth = { user: admin, session: {} };
    next();
  });
  ctx = {
    store,
    sessions: {} as SessionManager,
    logger: pino({ level: 'silent' }),
    hashPassword: () => Promise.reject(new Error('not used')),
    onIntentsChanged: () => void intentsChanged++,
    onArticleChanged: () => undefined,
    onSettingsChanged: () => undefined,
  };
  app.use(transferRoutes(ctx));
  app.use(articleRoutes(ctx));
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    res.status(appError.status).json({ error: appError.toBody() });
  });
  http = createServer(app);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()));
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('intent import', () => {
  test('re-importing an unchanged JSON export changes nothing, whatever order the settings keys were stored in', async () => {
    // The demo seed writes settings as { category, alwaysHuman }; the import schema gives them back
    // in its own key order ({ alwaysHuman, category }).
    for (const intent of demoIntents) await store.intents.create(intent);
    expect(demoIntents.some((intent) => Object.keys(intent.settings).join() === 'category,alwaysHuman')).toBe(
      true,
    );
    const before = await store.intents.list();

    const exported = await fetch(`${url}/api/admin/export/intents?format=json`);
    expect(exported.status).toBe(200);
    const file = await exported.text();

    const imported = await fetch(`${url}/api/admin/import/intents?format=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: file,
    });
    expect(imported.status).toBe(200);
    const { data } = (await imported.json()) as {
      data: { created: string[]; updated: string[]; unchanged: string[] };
    };
    expect(data.created).toEqual([]);
    expect(data.updated).toEqual([]);
    expect(data.unchanged.sort()).toEqual(demoIntents.map((intent) => intent.name).sort());
    expect(await store.intents.list()).toEqual(before);
    expect(await store.auditLog.list({ limit: 100 })).toEqual([]);
    expect(intentsChanged).toBe(0);
  });

  test('a real settings change is still an update', async () => {
    await store.intents.create({
      name: 'account.close',
      utterances: ['close my account'],
      responses: ['Sorry to see you go.'],
      settings: { category: 'account', alwaysHuman: true },
    });
    const imported = await fetch(`${url}/api/admin/import/intents?format=json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        {
          name: 'account.close',
          utterances: ['close my account'],
          responses: ['Sorry to see you go.'],
          settings: { alwaysHuman: false, category: 'account' },
        },
      ]),
    });
    const { data } = (await imported.json()) as { data: { updated: string[] } };
    expect(data.updated).toEqual(['account.close']);
    expect(await store.intents.getByName('account.close')).toMatchObject({
      version: 2,
      settings: { alwaysHuman: false, category: 'account' },
    });
    expect(intentsChanged).toBe(1);
  });
});

describe('intent import: what a file leaves out is kept', () => {
  const closeAccount = {
    name: 'account.close',
    utterances: ['close my account'],
    responses: ['Sorry to see you go.'],
    settings: { threshold: 0.9, alwaysHuman: true, category: 'account' },
  };
  const importCsv = async (csv: string) => {
    const response = await post('/api/admin/import/intents?format=csv', csv, 'text/csv');
    expect(response.status).toBe(200);
    return ((await response.json()) as ImportJson).data;
  };

  test('a CSV without settings (or responses) columns keeps the stored settings and responses', async () => {
    await store.intents.create(closeAccount);
    const data = await importCsv('name,utterances\r\naccount.close,close my account | delete my account\r\n');
    expect(data.updated).toEqual(['account.close']);
    expect(await store.intents.getByName('account.close')).toMatchObject({
      utterances: ['close my account', 'delete my account'],
      responses: closeAccount.responses,
      settings: closeAccount.settings,
      version: 2,
    });
    // The same file again changes nothing.
    expect(
      (await importCsv('name,utterances\naccount.close,close my account | delete my account')).unchanged,
    ).toEqual(['account.close']);
  });

  test('a settings column given with an empty cell clears that setting only', async () => {
    await store.intents.create(closeAccount);
    const data = await importCsv('name,utterances,alwaysHuman\naccount.close,close my account,\n');
    expect(data.updated).toEqual(['account.close']);
    const after = await store.intents.getByName('account.close');
    expect(after?.settings).toEqual({ threshold: 0.9, category: 'account' });
    expect(after?.responses).toEqual(closeAccount.responses);
  });
});

interface ErrorJson {
  error: { code: string; message: string; details?: { rows: { row: number; field: string }[] } };
}
interface ImportJson {
  data: { created: string[]; updated: string[]; unchanged: string[] };
}

const post = (path: string, body: string, contentType = 'application/json') =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });
const createArticle = (body: unknown) => post('/api/admin/articles', JSON.stringify(body));

const text = (length: number, unit = 'x') => unit.repeat(length);
const list = (count: number, length: number, prefix = '') =>
  Array.from({ length: count }, (_, i) => `${prefix}${i}`.padEnd(length, 'q'));

/** What the store holds, bookkeeping included: an import that changes nothing leaves it equal. */
const snapshot = async () => (await store.articles.list()).sort((a, b) => (a.id < b.id ? -1 : 1));

/** Knowledge-base export, then import of that export into the same store. */
async function kbRoundTrip(format: ContentFormat) {
  const exported = await exportArticles(store, { format });
  const source =
    exported.format === 'markdown'
      ? { format: 'markdown' as const, files: exported.files }
      : { format: exported.format, text: exported.text };
  return importArticles(store, source);
}

describe('FAQ import: a problem names the row the file has', () => {
  const header = 'id,question,answer';

  test('broken quoting is named by its row, counted below the header (not row 0)', async () => {
    const csv = [
      header,
      'faq-a,First?,"An answer',
      '',
      'over lines."',
      '',
      'faq-b,Second?,Fine.',
      'faq-c,Third?,"open',
    ].join('\n');
    const response = await post('/api/admin/import/faqs?format=csv', csv, 'text/csv');
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as ErrorJson;
    expect(error.code).toBe('invalid_import');
    expect(error.details?.rows).toEqual([expect.objectContaining({ row: 3 })]);
    expect(error.message).toMatch(/row 3: CSV syntax error: line 7: quoted field is not closed/);
    expect(error.message).toMatch(/Rows count from 1: the first CSV row below the header/);
    expect(await store.articles.count()).toBe(0);
  });

  test('a row the store refuses is named by its row, not row 0', async () => {
    const real = store;
    // A store whose own checks refuse the second row (as a database constraint would), with the
    // real store's message.
    ctx.store = {
      ...real,
      articles: {
        ...real.articles,
        importMany: (rows) =>
          real.articles.importMany(rows.map((row, i) => (i === 1 ? { ...row, body: '' } : row))),
      },
    };
    const csv = [header, 'faq-a,First?,"Two\n\nlines."', '', 'faq-b,Second?,Fine.'].join('\r\n');
    const response = await post('/api/admin/import/faqs?format=csv', csv, 'text/csv');
    expect(response.status).toBe(422);
    const { error } = (await response.json()) as ErrorJson;
    expect(error.details?.rows).toEqual([{ row: 2, field: '', message: 'body must be a non-empty string' }]);
    expect(error.message).toMatch(/row 2: body must be a non-empty string/);
    expect(await real.articles.count()).toBe(0);
  });
});

describe('articles and FAQs: what the API accepts, every export imports back', () => {
  const faqAtLimits = {
    id: `faq:returns@v2.${text(128 - 'faq:returns@v2.'.length, 'a')}`,
    kind: 'faq',
    title: `${text(MAX_TITLE_CHARS - 12, 'T')} "a, b" # c?`,
    body: `# Returns\n\n${text(MAX_ARTICLE_BODY - 11, 'b')}`,
    alternatives: list(MAX_ALTERNATIVES, MAX_TITLE_CHARS, 'alt | '),
    tags: list(MAX_TAGS, MAX_TAG_CHARS, 'tag, '),
    locale: 'en_GB',
    published: false,
  };

  test('content at every limit, created through the API, survives export and import in every format unchanged', async () => {
    const created = await createArticle(faqAtLimits);
    expect(created.status).toBe(201);
    expect(((await created.json()) as { data: { locale: string } }).data.locale).toBe('en-GB');
    const plain = { id: 'faq:returns', kind: 'faq', title: 'Line one, line two', body: 'A.', locale: 'EN' };
    expect((await createArticle(plain)).status).toBe(201);
    const article = {
      id: 'kb@guide',
      kind: 'article',
      title: text(MAX_TITLE_CHARS, 'A'),
      body: 'Line one\r\nline two',
      tags: list(MAX_TAGS, MAX_TAG_CHARS),
      locale: 'zh_hant_tw',
    };
    expect((await createArticle(article)).status).toBe(201);
    expect(await store.articles.get('kb@guide')).toMatchObject({
      body: 'Line one\nline two',
      locale: 'zh-Hant-TW',
    });
    const before = await snapshot();
    const faqIds = before.filter((a) => a.kind === 'faq').map((a) => a.id);

    for (const format of ['json', 'csv'] as const) {
      const exported = await fetch(`${url}/api/admin/export/faqs?format=${format}`);
      expect(exported.status).toBe(200);
      const file = await exported.text();
      const imported = await post(`/api/admin/import/faqs?format=${format}`, file, 'text/plain');
      expect([format, imported.status]).toEqual([format, 200]);
      const { data } = (await imported.json()) as ImportJson;
      expect([format, data.created, data.updated, data.unchanged.sort()]).toEqual([
        format,
        [],
        [],
        [...faqIds].sort(),
      ]);
      expect(await snapshot()).toEqual(before);
    }

    for (const format of ['markdown', 'csv', 'json'] as const) {
      const report = await kbRoundTrip(format);
      expect([format, report.problems]).toEqual([format, []]);
      expect([format, report.applied?.created, report.applied?.updated]).toEqual([format, [], []]);
      expect(report.applied?.unchanged).toHaveLength(before.length);
      expect(await snapshot()).toEqual(before);
    }
  });

  test('the seeded demo content passes every import it can be exported to', async () => {
    for (const article of demoKnowledgeBase()) await store.articles.create(article);
    const before = await snapshot();
    for (const format of ['json', 'csv'] as const) {
      const file = await (await fetch(`${url}/api/admin/export/faqs?format=${format}`)).text();
      const imported = await post(`/api/admin/import/faqs?format=${format}`, file, 'text/plain');
      expect([format, imported.status]).toEqual([format, 200]);
      expect(((await imported.json()) as ImportJson).data.updated).toEqual([]);
    }
    for (const format of ['markdown', 'csv', 'json'] as const) {
      const exported = await exportArticles(store, { format });
      const report = await importArticles(
        store,
        exported.format === 'markdown'
          ? { format: 'markdown', files: exported.files }
          : { format: exported.format, text: exported.text },
        { dryRun: true },
      );
      expect([format, report.ok, report.problems]).toEqual([format, true, []]);
    }
    expect(await snapshot()).toEqual(before);
  });

  test('an export of the seeded store imports back with nothing updated, in every format', async () => {
    await seedDemoData(store, { hashPassword: async () => 'not-used' });
    const before = await snapshot();
    // The seed's article templates end in a line break; what is stored must be what an import stores.
    expect(before.filter((a) => a.kind === 'article').length).toBeGreaterThan(0);
    for (const format of ['json', 'csv'] as const) {
      const file = await (await fetch(`${url}/api/admin/export/faqs?format=${format}`)).text();
      const { data } = (await (
        await post(`/api/admin/import/faqs?format=${format}`, file, 'text/plain')
      ).json()) as ImportJson;
      expect([format, data.created, data.updated]).toEqual([format, [], []]);
    }
    for (const format of ['markdown', 'csv', 'json'] as const) {
      const report = await kbRoundTrip(format);
      expect([format, report.problems, report.applied?.created, report.applied?.updated]).toEqual([
        format,
        [],
        [],
        [],
      ]);
      expect(report.applied?.unchanged).toHaveLength(before.length);
    }
    expect(await snapshot()).toEqual(before);
  });

  const valid = { id: 'faq-ok', question: 'Fine?', answer: 'Yes.' };
  const beyond: [string, string, Record<string, unknown>][] = [
    ['title', 'a title on two lines', { title: 'Line one\nline two' }],
    ['title', `a title of ${MAX_TITLE_CHARS + 1} characters`, { title: text(MAX_TITLE_CHARS + 1) }],
    ['id', 'an id with a space', { id: 'faq returns' }],
    ['body', `a body of ${MAX_ARTICLE_BODY + 1} characters`, { body: text(MAX_ARTICLE_BODY + 1) }],
    ['alternatives', `${MAX_ALTERNATIVES + 1} alternatives`, { alternatives: list(MAX_ALTERNATIVES + 1, 5) }],
    ['alternatives', 'an alternative on two lines', { alternatives: ['one\ntwo'] }],
    ['tags', `${MAX_TAGS + 1} tags`, { tags: list(MAX_TAGS + 1, 5) }],
    ['tags', `a tag of ${MAX_TAG_CHARS + 1} characters`, { tags: [text(MAX_TAG_CHARS + 1)] }],
    ['locale', 'a locale that is not a language tag', { locale: 'english' }],
  ];
  test.each(beyond)(
    '%s: %s is refused by the API (400), the FAQ import (422) and the knowledge-base import, naming it',
    async (field, _what, over) => {
      const fields = { id: 'faq-bad', kind: 'faq', title: 'Bad?', body: 'Yes.', ...over };

      const created = await createArticle(fields);
      expect(created.status).toBe(400);
      const createdJson = (await created.json()) as ErrorJson;
      expect(createdJson.error.code).toBe('validation_failed');
      expect(createdJson.error.message).toContain(`${field}`);

      const { title: question, body: answer, kind: _kind, ...rest } = fields;
      const faqFile = JSON.stringify([valid, { ...rest, question, answer }]);
      const imported = await post('/api/admin/import/faqs?format=json', faqFile);
      expect(imported.status).toBe(422);
      const importedJson = (await imported.json()) as ErrorJson;
      expect(importedJson.error.code).toBe('invalid_import');
      const faqField = field === 'title' ? 'question' : field === 'body' ? 'answer' : field;
      expect(importedJson.error.details?.rows).toEqual([
        expect.objectContaining({
          row: 2,
          field: expect.stringMatching(new RegExp(`^${faqField}(\\.\\d+)?$`)),
        }),
      ]);

      const kbFile = JSON.stringify([{ ...valid, kind: 'faq', title: 'Fine?', body: 'Yes.' }, fields]);
      const report = await importArticles(store, {
        format: 'json',
        text: kbFile.replace('"question":"Fine?","answer":"Yes.",', ''),
      });
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual([expect.objectContaining({ row: 'row 2', field })]);

      expect(await store.articles.count()).toBe(0);
    },
  );
});
