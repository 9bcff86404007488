/**
 * The admin REST API over real HTTP on a real SQLite file: every route refuses anonymous callers
 * (401) and agents (403); bad input is a 400 and changes nothing; a stale version is a 409 and
 * changes nothing; an import with one bad row is a 422 naming it and imports nothing; every change
 * is audited with before and after (never a password hash).
 */
import { OPERATIONS, toOpenApiPath } from '../server/admin';
import type { AuditPageView } from '../protocol/admin';
import type { AuditEntry } from '../store';
import {
  ADMIN_EMAIL,
  AGENT_EMAIL,
  routesOf,
  startAdminApi,
  type AdminApiHarness,
  type Caller,
} from './helpers/admin-api-harness';

jest.setTimeout(60_000);

let api: AdminApiHarness;
let admin: Caller;
let agent: Caller;

beforeAll(async () => {
  api = await startAdminApi();
  admin = await api.signIn(ADMIN_EMAIL);
  agent = await api.signIn(AGENT_EMAIL);
});
afterAll(async () => {
  await api?.close();
});

interface Data<T> {
  data: T;
}
interface ErrorJson {
  error: {
    code: string;
    message: string;
    details?: { rows: { row: number; field: string; message: string }[] };
  };
}
interface IntentJson {
  id: string;
  name: string;
  utterances: string[];
  responses: string[];
  settings: Record<string, unknown>;
  version: number;
}

const lastAudit = async (entityId?: string): Promise<AuditEntry> =>
  (await api.store.auditLog.list({ limit: 1, ...(entityId ? { entityId } : {}) }))[0];
const auditCount = async () => (await api.store.auditLog.list({ limit: 5000 })).length;

/**
 * Makes `edit` land between a route's version check and its write: the first read of `id` through
 * `repo.get` runs `edit` to completion before handing the route what it read (the version now stale),
 * as a slow MongoDB round trip or another process on the SQLite file would. Restore the spy after.
 */
const editAfterFirstRead = (
  repo: { get(id: string): Promise<unknown> },
  id: string,
  edit: () => Promise<void>,
): jest.SpyInstance => {
  const realGet = repo.get.bind(repo);
  let pending = true;
  return jest.spyOn(repo, 'get').mockImplementation(async (wanted: string) => {
    const seen = await realGet(wanted);
    if (wanted === id && pending) {
      pending = false;
      await edit();
    }
    return seen;
  });
};

/**
 * DELETE `path` at version 1 while another admin's PUT of `editBody` (version 1) lands between the
 * route's version check and its delete; expects the 409 naming the new version.
 */
async function deleteWhileEdited(
  repo: { get(id: string): Promise<unknown> },
  id: string,
  path: string,
  editBody: Record<string, unknown>,
): Promise<void> {
  const spy = editAfterFirstRead(repo, id, async () => {
    const edit = await api.request('PUT', path, { as: admin, body: { version: 1, ...editBody } });
    expect(edit.status).toBe(200);
  });
  let deleted;
  try {
    deleted = await api.request<ErrorJson>('DELETE', path, { as: admin, headers: { 'if-match': '"1"' } });
  } finally {
    spy.mockRestore();
  }
  expect(deleted.status).toBe(409);
  expect(deleted.json.error.code).toBe('conflict');
  expect(deleted.json.error.message).toMatch(/now version 2, you edited version 1/);
}

const adminRouter = () => api.routers[1];
const mountedAdminRoutes = () => routesOf(adminRouter()).filter(([, path]) => path.startsWith('/api/admin'));
const concrete = (path: string) => path.replace(/:(\w+)/g, 'some-$1');

describe('authorization', () => {
  test('every admin route: anonymous → 401, agent → 403, agent without CSRF → 403', async () => {
    const routes = mountedAdminRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(24);
    for (const [method, path] of routes) {
      const anonymous = await api.request(method, concrete(path), {
        body: method === 'GET' ? undefined : {},
      });
      expect([method, path, anonymous.status]).toEqual([method, path, 401]);
      expect((anonymous.json as ErrorJson).error.code).toBe('unauthorized');
      const asAgent = await api.request(method, concrete(path), {
        as: agent,
        body: method === 'GET' ? undefined : {},
      });
      expect([method, path, asAgent.status]).toEqual([method, path, 403]);
      expect((asAgent.json as ErrorJson).error.code).toBe('forbidden');
    }
  });

  test('every admin route answers an admin (never 401/403); changes need the CSRF token', async () => {
    for (const [method, path] of mountedAdminRoutes()) {
      const response = await api.request(method, concrete(path), {
        as: admin,
        body: method === 'GET' ? undefined : {},
      });
      expect([method, path, [401, 403].includes(response.status)]).toEqual([method, path, false]);
      if (method !== 'GET') {
        const noCsrf = await api.request(method, concrete(path), { as: admin, body: {}, csrf: false });
        expect([method, path, noCsrf.status]).toEqual([method, path, 403]);
      }
    }
  });

  test('cross-site requests are refused even for an admin', async () => {
    const response = await api.request('GET', '/api/admin/intents', {
      as: admin,
      headers: { origin: 'http://evil.example' },
    });
    expect(response.status).toBe(403);
  });
});

describe('OpenAPI document', () => {
  test('GET /api/docs is public OpenAPI 3.1 and lists every mounted admin route', async () => {
    const response = await api.request<{ openapi: string; paths: Record<string, Record<string, unknown>> }>(
      'GET',
      '/api/docs',
    );
    expect(response.status).toBe(200);
    expect(response.json.openapi).toBe('3.1.0');
    for (const [method, path] of mountedAdminRoutes()) {
      expect([
        method,
        path,
        response.json.paths[toOpenApiPath(path)]?.[method.toLowerCase()] !== undefined,
      ]).toEqual([method, path, true]);
    }
    // Training, analytics and sign-in routes of the other routers are described too.
    for (const path of [
      '/api/admin/training',
      '/api/admin/training/{jobId}/deploy',
      '/api/admin/models/{id}/activate',
      '/api/admin/test-console',
      '/api/admin/analytics',
      '/api/admin/analytics/export.csv',
      '/api/admin/review/unanswered',
      '/api/admin/review/add-to-intent',
      '/api/admin/review/create-faq',
      '/api/auth/sign-in',
    ])
      expect(response.json.paths).toHaveProperty([path]);
    expect(response.text).not.toMatch(/argon2|passwordHash|secret/i);
    expect(OPERATIONS.length).toBe(Object.values(response.json.paths).flatMap((p) => Object.keys(p)).length);
  });
});

describe('intents', () => {
  const input = { name: 'order.status', utterances: ['where is my order'], responses: ['Let me check.'] };

  test('create, read with ETag, update with If-Match, delete with the version; all audited', async () => {
    const created = await api.request<Data<IntentJson>>('POST', '/api/admin/intents', {
      as: admin,
      body: input,
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect(created.json.data).toMatchObject({ ...input, settings: {}, version: 1 });
    const id = created.json.data.id;
    expect(await lastAudit(id)).toMatchObject({
      action: 'intent.create',
      actorEmail: ADMIN_EMAIL,
      before: null,
      after: { name: 'order.status', version: 1 },
    });
    const changedBefore = api.calls.intents;

    const read = await api.request<Data<IntentJson>>('GET', `/api/admin/intents/${id}`, { as: admin });
    expect(read.headers.get('etag')).toBe('"1"');
    const list = await api.request<Data<IntentJson[]>>('GET', '/api/admin/intents', { as: admin });
    expect(list.json.data.map((i) => i.name)).toContain('order.status');

    const updated = await api.request<Data<IntentJson>>('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: {
        utterances: ['where is my order', 'track my parcel'],
        settings: { threshold: 0.6, alwaysHuman: false },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.headers.get('etag')).toBe('"2"');
    expect(updated.json.data).toMatchObject({ version: 2, settings: { threshold: 0.6 } });
    expect(await lastAudit(id)).toMatchObject({
      action: 'intent.update',
      before: { utterances: ['where is my order'], version: 1 },
      after: { utterances: ['where is my order', 'track my parcel'], version: 2 },
    });
    expect(api.calls.intents).toBe(changedBefore + 1);

    // The version in the body works as well as If-Match.
    const viaBody = await api.request<Data<IntentJson>>('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      body: { responses: ['Checking now.'], version: 2 },
    });
    expect(viaBody.json.data.version).toBe(3);

    const deleted = await api.request('DELETE', `/api/admin/intents/${id}`, {
      as: admin,
      headers: { 'if-match': '"3"' },
    });
    expect(deleted.status).toBe(204);
    expect(await api.store.intents.get(id)).toBeNull();
    expect(await lastAudit(id)).toMatchObject({
      action: 'intent.delete',
      before: { version: 3 },
      after: null,
    });
    expect((await api.request('GET', `/api/admin/intents/${id}`, { as: admin })).status).toBe(404);
  });

  test('a stale version is a 409 and changes nothing; no version is a 428', async () => {
    const { id } = await api.store.intents.create({
      name: 'greet',
      utterances: ['hi'],
      responses: ['Hello!'],
    });
    await api.store.intents.update(id, 1, { utterances: ['hi', 'hello'] });
    const audits = await auditCount();
    const stale = await api.request<ErrorJson>('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { utterances: ['yo'] },
    });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('conflict');
    const staleDelete = await api.request('DELETE', `/api/admin/intents/${id}`, {
      as: admin,
      body: { version: 1 },
    });
    expect(staleDelete.status).toBe(409);
    const none = await api.request<ErrorJson>('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      body: { utterances: ['yo'] },
    });
    expect(none.status).toBe(428);
    expect(none.json.error.code).toBe('precondition_required');
    expect((await api.request('DELETE', `/api/admin/intents/${id}`, { as: admin })).status).toBe(428);
    expect(await api.store.intents.get(id)).toMatchObject({ version: 2, utterances: ['hi', 'hello'] });
    expect(await auditCount()).toBe(audits);
  });

  test('an edit landing between the version check and the delete: 409 naming the new version, nothing deleted', async () => {
    const { id } = await api.store.intents.create({
      name: 'raced',
      utterances: ['hi'],
      responses: ['Hello!'],
    });
    const changedBefore = api.calls.intents;
    await deleteWhileEdited(api.store.intents, id, `/api/admin/intents/${id}`, { utterances: ['hi', 'hey'] });
    expect(await api.store.intents.get(id)).toMatchObject({ version: 2, utterances: ['hi', 'hey'] });
    expect(await lastAudit(id)).toMatchObject({ action: 'intent.update', after: { version: 2 } });
    expect(api.calls.intents).toBe(changedBefore + 1);
  });

  test('invalid input is a 400 and changes nothing; a taken name is a 409', async () => {
    const count = await api.store.intents.count();
    const audits = await auditCount();
    for (const body of [
      { ...input, name: 'bad name!' },
      { ...input, utterances: 'not a list' },
      { ...input, settings: { threshold: 3 } },
      { ...input, unknownField: true },
      { ...input, utterances: ['same', 'same'] },
    ]) {
      const response = await api.request<ErrorJson>('POST', '/api/admin/intents', { as: admin, body });
      expect([JSON.stringify(body), response.status]).toEqual([JSON.stringify(body), 400]);
      expect(response.json.error.code).toBe('validation_failed');
    }
    expect(await api.store.intents.count()).toBe(count);
    const { id } = await api.store.intents.create({ name: 'bye', utterances: ['bye'], responses: ['Bye!'] });
    const badPut = await api.request('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      body: { version: 1, responses: [42] },
    });
    expect(badPut.status).toBe(400);
    const taken = await api.request<ErrorJson>('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      body: { version: 1, name: 'greet' },
    });
    expect(taken.status).toBe(409);
    // Not an edit conflict: the console must not offer to reload or save over "their" version.
    expect(taken.json.error.code).toBe('already_exists');
    expect(await api.store.intents.get(id)).toMatchObject({ name: 'bye', version: 1 });
    expect(await auditCount()).toBe(audits);
  });
});

describe('entities and bot settings', () => {
  test('entities: defaults at version 0, created with version 0, patterns must compile, stale → 409', async () => {
    const initial = await api.request<Data<{ lists: unknown[]; version: number }>>(
      'GET',
      '/api/admin/entities',
      {
        as: admin,
      },
    );
    expect(initial.json.data).toMatchObject({ lists: [], patterns: [], version: 0 });
    expect(initial.headers.get('etag')).toBe('"0"');
    const doc = {
      lists: [{ name: 'carrier', values: [{ value: 'DHL', synonyms: ['dhl express'] }] }],
      patterns: [{ name: 'orderNumber', pattern: '\\bA\\d{4}\\b', flags: 'i' }],
    };
    const badPattern = await api.request<ErrorJson>('PUT', '/api/admin/entities', {
      as: admin,
      body: { ...doc, patterns: [{ name: 'broken', pattern: '(unclosed' }], version: 0 },
    });
    expect(badPattern.status).toBe(400);
    expect(badPattern.json.error.message).toMatch(/pattern/);
    expect(await api.store.settings.get('entities')).toBeNull();

    const saved = await api.request<Data<{ version: number }>>('PUT', '/api/admin/entities', {
      as: admin,
      body: { ...doc, version: 0 },
    });
    expect(saved.status).toBe(200);
    expect(saved.json.data).toMatchObject({ ...doc, version: 1 });
    expect(api.calls.settings).toContain('entities');
    expect(await lastAudit('entities')).toMatchObject({
      action: 'entities.update',
      before: null,
      after: { version: 1 },
    });

    const stale = await api.request('PUT', '/api/admin/entities', {
      as: admin,
      body: { ...doc, lists: [], version: 0 },
    });
    expect(stale.status).toBe(409);
    expect((await api.store.settings.get('entities'))?.value).toEqual(doc);
  });

  test('bot settings: validated (time zone, hours), versioned, audited with before and after', async () => {
    const initial = await api.request<Data<{ greeting: string; version: number }>>(
      'GET',
      '/api/admin/settings',
      {
        as: admin,
      },
    );
    expect(initial.json.data.version).toBe(0);
    const {
      version: _v,
      updatedAt: _u,
      ...defaults
    } = initial.json.data as unknown as Record<string, unknown>;
    const settings = {
      ...defaults,
      greeting: 'Welcome to Fellwick Tarn!',
      intentThreshold: 0.55,
      businessHours: {
        timeZone: 'Europe/Oslo',
        days: { mon: [['08:00', '16:00']], sat: [['10:00', '14:00']] },
      },
      escalation: { fallbackLimit: 2, sentimentThreshold: -0.5, handOverFallingMood: false },
    };
    for (const bad of [
      { ...settings, businessHours: { timeZone: 'Mars/Olympus', days: {} } },
      { ...settings, businessHours: { timeZone: 'UTC', days: { mon: [['17:00', '09:00']] } } },
      { ...settings, businessHours: { timeZone: 'UTC', days: { funday: [] } } },
      { ...settings, escalation: { fallbackLimit: 0, sentimentThreshold: -0.5 } },
      { ...settings, greeting: '' },
    ]) {
      const response = await api.request('PUT', '/api/admin/settings', {
        as: admin,
        body: { ...bad, version: 0 },
      });
      expect([JSON.stringify(bad), response.status]).toEqual([JSON.stringify(bad), 400]);
    }
    expect(await api.store.settings.get('bot')).toBeNull();
    const saved = await api.request<Data<{ version: number }>>('PUT', '/api/admin/settings', {
      as: admin,
      headers: { 'if-match': '"0"' },
      body: settings,
    });
    expect(saved.status).toBe(200);
    expect(saved.json.data).toMatchObject({ ...settings, version: 1 });
    const again = await api.request<Data<{ version: number }>>('PUT', '/api/admin/settings', {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { ...settings, greeting: 'Hello again' },
    });
    expect(again.json.data.version).toBe(2);
    expect(await lastAudit('bot')).toMatchObject({
      action: 'settings.update',
      before: { greeting: 'Welcome to Fellwick Tarn!', version: 1 },
      after: { greeting: 'Hello again', version: 2 },
    });
    expect(api.calls.settings).toContain('bot');
    const stale = await api.request('PUT', '/api/admin/settings', {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { ...settings, greeting: 'Lost update' },
    });
    expect(stale.status).toBe(409);
    expect((await api.store.settings.get('bot'))?.value).toMatchObject({ greeting: 'Hello again' });
  });
});

describe('articles and FAQs', () => {
  test('create, list by kind, preview safely, update, delete; versioned and audited', async () => {
    const faq = await api.request<Data<{ id: string; version: number }>>('POST', '/api/admin/articles', {
      as: admin,
      body: { id: 'faq-returns', kind: 'faq', title: 'How do I return an item?', body: 'Within 30 days.' },
    });
    expect(faq.status).toBe(201);
    expect(faq.json.data).toMatchObject({
      id: 'faq-returns',
      kind: 'faq',
      published: true,
      locale: 'en',
      version: 1,
    });
    await api.request('POST', '/api/admin/articles', {
      as: admin,
      body: { kind: 'article', title: 'Shipping', body: '# Shipping\n\nWe ship **fast**.' },
    });
    const faqs = await api.request<Data<{ kind: string }[]>>('GET', '/api/admin/articles?kind=faq', {
      as: admin,
    });
    expect(faqs.json.data.every((a) => a.kind === 'faq')).toBe(true);
    expect((await api.request('GET', '/api/admin/articles?kind=blog', { as: admin })).status).toBe(400);

    const preview = await api.request<Data<{ html: string }>>('POST', '/api/admin/articles/preview', {
      as: admin,
      body: { markdown: '**Hi** <script>alert(1)</script> [x](javascript:alert(1))' },
    });
    expect(preview.status).toBe(200);
    expect(preview.json.data.html).toContain('<strong>Hi</strong>');
    expect(preview.json.data.html).not.toMatch(/<script|javascript:/i);

    const duplicate = await api.request<ErrorJson>('POST', '/api/admin/articles', {
      as: admin,
      body: { id: 'faq-returns', kind: 'faq', title: 'Again', body: 'Again.' },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.code).toBe('already_exists');

    const updated = await api.request<Data<{ version: number; body: string }>>(
      'PUT',
      '/api/admin/articles/faq-returns',
      {
        as: admin,
        headers: { 'if-match': '"1"' },
        body: { body: 'Within 30 days, free of charge.' },
      },
    );
    expect(updated.json.data).toMatchObject({ version: 2, body: 'Within 30 days, free of charge.' });
    expect(await lastAudit('faq-returns')).toMatchObject({
      action: 'faq.update',
      before: { body: 'Within 30 days.' },
      after: { body: 'Within 30 days, free of charge.' },
    });
    const stale = await api.request('PUT', '/api/admin/articles/faq-returns', {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { body: 'Lost.' },
    });
    expect(stale.status).toBe(409);
    const invalid = await api.request('PUT', '/api/admin/articles/faq-returns', {
      as: admin,
      body: { version: 2, title: '' },
    });
    expect(invalid.status).toBe(400);
    expect(await api.store.articles.get('faq-returns')).toMatchObject({
      version: 2,
      title: 'How do I return an item?',
    });

    expect(
      (await api.request('DELETE', '/api/admin/articles/faq-returns', { as: admin, body: { version: 2 } }))
        .status,
    ).toBe(204);
    expect(api.calls.articles).toEqual(
      expect.arrayContaining([
        ['faq-returns', false],
        ['faq-returns', true],
      ]),
    );
    expect(await lastAudit('faq-returns')).toMatchObject({ action: 'faq.delete', after: null });
  });
  test('an edit landing between the version check and the delete: 409 naming the new version, nothing deleted', async () => {
    await api.store.articles.create({ id: 'faq-raced', kind: 'faq', title: 'Invoice?', body: 'Yes.' });
    const changedBefore = api.calls.articles.length;
    await deleteWhileEdited(api.store.articles, 'faq-raced', '/api/admin/articles/faq-raced', {
      body: 'Yes, for business accounts.',
    });
    expect(await api.store.articles.get('faq-raced')).toMatchObject({
      version: 2,
      body: 'Yes, for business accounts.',
    });
    expect(await lastAudit('faq-raced')).toMatchObject({ action: 'faq.update', after: { version: 2 } });
    expect(api.calls.articles.slice(changedBefore)).toEqual([['faq-raced', false]]);
  });
});

describe('users', () => {
  test('create with a password (hashed, never shown), sign in, reset, delete; last admin protected', async () => {
    const created = await api.request<Data<{ id: string; version: number }>>('POST', '/api/admin/users', {
      as: admin,
      body: {
        email: 'Noor@Example.com',
        name: 'Noor Haddad',
        role: 'agent',
        skills: ['billing'],
        capacity: 2,
        password: 'a long first password',
      },
    });
    expect(created.status).toBe(201);
    expect(created.json.data).toMatchObject({ email: 'noor@example.com', role: 'agent', version: 1 });
    expect(created.text).not.toMatch(/passwordHash|argon2|a long first password/);
    const id = created.json.data.id;
    const noor = await api.signIn('noor@example.com', 'a long first password');

    const list = await api.request('GET', '/api/admin/users', { as: admin });
    expect(list.text).not.toMatch(/passwordHash|argon2/);

    const twin = await api.request<ErrorJson>('POST', '/api/admin/users', {
      as: admin,
      body: {
        email: 'noor@example.com',
        name: 'Twin',
        role: 'agent',
        capacity: 1,
        password: 'another password',
      },
    });
    expect(twin.status).toBe(409);
    expect(twin.json.error.code).toBe('already_exists');
    expect(
      (
        await api.request('POST', '/api/admin/users', {
          as: admin,
          body: { email: 'short@example.com', name: 'Short', role: 'agent', capacity: 1, password: 'short' },
        })
      ).status,
    ).toBe(400);
    expect(await api.store.users.getByEmail('short@example.com')).toBeNull();

    const reset = await api.request<Data<{ version: number }>>('PUT', `/api/admin/users/${id}`, {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { password: 'a brand new password', capacity: 4 },
    });
    expect(reset.status).toBe(200);
    expect(reset.json.data).toMatchObject({ version: 2, capacity: 4 });
    // The reset ended Noor's sessions; the new password works, the old one does not.
    expect((await api.request('GET', '/api/auth/session', { as: noor })).status).toBe(401);
    await expect(api.signIn('noor@example.com', 'a long first password')).rejects.toThrow(/401/);
    await api.signIn('noor@example.com', 'a brand new password');

    const entries = await api.store.auditLog.list({ entityType: 'user', entityId: id });
    expect(entries.map((e) => e.action)).toEqual(['user.update', 'user.create']);
    expect(entries[0]).toMatchObject({
      before: { capacity: 2 },
      after: { capacity: 4, passwordChanged: true },
    });
    expect(JSON.stringify(entries)).not.toMatch(/argon2|passwordHash|a brand new password/);

    const stale = await api.request('PUT', `/api/admin/users/${id}`, {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { name: 'Lost' },
    });
    expect(stale.status).toBe(409);

    const lastAdmin = await api.request<ErrorJson>('PUT', `/api/admin/users/${api.admin.id}`, {
      as: admin,
      body: { role: 'agent', version: api.admin.version },
    });
    expect(lastAdmin.status).toBe(409);
    expect(lastAdmin.json.error.message).toMatch(/only admin/);
    expect(lastAdmin.json.error.code).toBe('last_admin');
    expect(
      (await api.request('DELETE', `/api/admin/users/${api.admin.id}`, { as: admin, body: { version: 1 } }))
        .status,
    ).toBe(409);

    expect(
      (await api.request('DELETE', `/api/admin/users/${id}`, { as: admin, body: { version: 2 } })).status,
    ).toBe(204);
    expect(await api.store.users.get(id)).toBeNull();
    expect(await lastAudit(id)).toMatchObject({ action: 'user.delete', after: null });
  });

  test('an edit landing between the version check and the delete: 409 naming the new version, nothing deleted', async () => {
    const user = await api.store.users.create({
      email: 'raced.agent@example.com',
      name: 'Raced Agent',
      role: 'agent',
      passwordHash: api.admin.passwordHash,
      skills: [],
      capacity: 1,
    });
    await deleteWhileEdited(api.store.users, user.id, `/api/admin/users/${user.id}`, { capacity: 5 });
    expect(await api.store.users.get(user.id)).toMatchObject({ version: 2, capacity: 5 });
    expect(await lastAudit(user.id)).toMatchObject({ action: 'user.update', after: { version: 2 } });
  });

  test('two admins demoting each other at the same moment: one is refused (409), one admin is left', async () => {
    // Both requests are held in the password hash (argon2 takes ~100 ms in production) until both
    // have got that far: each has loaded its target and seen two admins before either writes.
    let arrived = 0;
    let releaseBoth: () => void = () => undefined;
    const bothHashing = new Promise<void>((resolve) => (releaseBoth = resolve));
    let gated = false;
    const own = await startAdminApi({
      hashPassword: async (plain) => {
        if (gated) {
          if (++arrived === 2) releaseBoth();
          setTimeout(releaseBoth, 5000).unref(); // never hang: fail on the assertions instead
          await bothHashing;
        }
        return `test-hash:${plain}`;
      },
    });
    try {
      const second = await own.store.users.create({
        email: 'grace.admin@example.com',
        name: 'Grace Admin',
        role: 'admin',
        passwordHash: own.admin.passwordHash,
        skills: [],
        capacity: 1,
      });
      const asFirst = await own.signIn(ADMIN_EMAIL);
      const asSecond = await own.signIn('grace.admin@example.com');
      gated = true;
      const demote = (as: Caller, target: { id: string; version: number }) =>
        own.request<ErrorJson>('PUT', `/api/admin/users/${target.id}`, {
          as,
          body: { role: 'agent', password: 'a brand new password', version: target.version },
        });
      const responses = await Promise.all([demote(asFirst, second), demote(asSecond, own.admin)]);
      expect(responses.map((r) => r.status).sort()).toEqual([200, 409]);
      const refused = responses.find((r) => r.status === 409)!;
      expect(refused.json.error.code).toBe('last_admin');
      expect(refused.json.error.message).toMatch(/only admin/);
      const admins = (await own.store.users.list()).filter((u) => u.role === 'admin');
      expect(admins).toHaveLength(1);
      // The refused request changed nothing: the survivor is as it was, password included.
      const survivor = admins[0].id === second.id ? second : own.admin;
      expect(admins[0]).toEqual(survivor);
    } finally {
      await own.close();
    }
  });
});

describe('saving without a change', () => {
  /** A save answered as a no-op: 200, the stored record at its version, nothing written or announced. */
  async function expectNoOp(
    path: string,
    body: Record<string, unknown>,
    stored: { version: number; updatedAt: string | null },
    read: () => Promise<unknown>,
  ): Promise<void> {
    const audits = await auditCount();
    const calls = JSON.stringify(api.calls);
    const before = await read();
    const saved = await api.request<Data<{ version: number; updatedAt: string | null }>>('PUT', path, {
      as: admin,
      headers: { 'if-match': `"${stored.version}"` },
      body,
    });
    expect(saved.status).toBe(200);
    expect(saved.headers.get('etag')).toBe(`"${stored.version}"`);
    expect(saved.json.data).toMatchObject({ version: stored.version, updatedAt: stored.updatedAt });
    expect(await read()).toEqual(before);
    expect(await auditCount()).toBe(audits);
    expect(JSON.stringify(api.calls)).toBe(calls);
  }

  test('a FAQ saved as it is stored keeps its version, writes no audit entry and races no other admin', async () => {
    const created = await api.request<Data<Record<string, unknown> & { version: number; updatedAt: string }>>(
      'POST',
      '/api/admin/articles',
      {
        as: admin,
        body: {
          id: 'faq-unchanged',
          kind: 'faq',
          title: 'Can I change my delivery address?',
          body: 'Yes, **before it ships**:\n\n- open [your order](/help/kb-orders)\n- choose *Change address*',
          alternatives: ['change address'],
          tags: ['orders'],
        },
      },
    );
    expect(created.status).toBe(201);
    const { id: _id, kind: _kind, version: _version, updatedAt: _updatedAt, ...editor } = created.json.data;
    const read = () => api.store.articles.get('faq-unchanged');
    // What the console's editor sends on Save: every field, as loaded.
    await expectNoOp('/api/admin/articles/faq-unchanged', editor, created.json.data, read);
    // The same answer typed with Windows line ends and stray spaces is stored in one form: still no change.
    const typed = `  ${String(editor.body).replace(/\n/g, '\r\n')}\r\n `;
    await expectNoOp('/api/admin/articles/faq-unchanged', { body: typed }, created.json.data, read);
    // Naming only some fields, unchanged, is no change either.
    await expectNoOp(
      '/api/admin/articles/faq-unchanged',
      { title: editor.title, published: true },
      created.json.data,
      read,
    );

    // Another admin, who opened version 1 meanwhile, saves an edit: no conflict.
    const edited = await api.request<Data<{ version: number; body: string }>>(
      'PUT',
      '/api/admin/articles/faq-unchanged',
      { as: admin, headers: { 'if-match': '"1"' }, body: { ...editor, tags: ['orders', 'delivery'] } },
    );
    expect(edited.status).toBe(200);
    expect(edited.json.data.version).toBe(2);
    expect(await lastAudit('faq-unchanged')).toMatchObject({
      action: 'faq.update',
      before: { tags: ['orders'], version: 1 },
      after: { tags: ['orders', 'delivery'], version: 2 },
    });

    // A stale version is still a 409, changed or not: the version is checked first.
    const audits = await auditCount();
    const stale = await api.request<ErrorJson>('PUT', '/api/admin/articles/faq-unchanged', {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { ...editor, tags: ['orders', 'delivery'] },
    });
    expect([stale.status, stale.json.error.code]).toEqual([409, 'conflict']);
    expect(await read()).toMatchObject({ version: 2 });
    expect(await auditCount()).toBe(audits);
  });

  test('an intent saved as it is stored (settings in another key order) keeps its version', async () => {
    const created = await api.request<Data<IntentJson & { updatedAt: string }>>(
      'POST',
      '/api/admin/intents',
      {
        as: admin,
        body: {
          name: 'delivery.change',
          utterances: ['change my delivery address', 'wrong address on my order'],
          responses: ['I can help with that.'],
          settings: { threshold: 0.6, alwaysHuman: false, category: 'orders' },
        },
      },
    );
    expect(created.status).toBe(201);
    const { id } = created.json.data;
    const read = () => api.store.intents.get(id);
    await expectNoOp(
      `/api/admin/intents/${id}`,
      {
        name: 'delivery.change',
        utterances: [' change my delivery address', 'wrong address on my order '],
        responses: ['I can help with that.'],
        settings: { category: 'orders', alwaysHuman: false, threshold: 0.6 },
      },
      created.json.data,
      read,
    );
    // The phrasings in another order are an edit: saved as version 2.
    const reordered = await api.request<Data<IntentJson>>('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { utterances: ['wrong address on my order', 'change my delivery address'] },
    });
    expect([reordered.status, reordered.json.data.version]).toEqual([200, 2]);
    const stale = await api.request('PUT', `/api/admin/intents/${id}`, {
      as: admin,
      headers: { 'if-match': '"1"' },
      body: { name: 'delivery.change' },
    });
    expect(stale.status).toBe(409);
  });

  test.each([
    ['/api/admin/settings', 'bot'],
    ['/api/admin/entities', 'entities'],
  ])('%s saved as it is stored keeps its version', async (path, key) => {
    type Doc = Record<string, unknown> & { version: number; updatedAt: string | null };
    let current = (await api.request<Data<Doc>>('GET', path, { as: admin })).json.data;
    const { version: _version, updatedAt: _updatedAt, ...value } = current;
    // Before the first save GET shows the defaults at version 0; saving them creates the document.
    if (current.version === 0) {
      const first = await api.request<Data<Doc>>('PUT', path, { as: admin, body: { ...value, version: 0 } });
      expect([first.status, first.json.data.version]).toEqual([200, 1]);
      current = first.json.data;
    }
    await expectNoOp(path, value, current, () => api.store.settings.get(key));
  });
});

describe('audit log', () => {
  const auditPage = (query: string) =>
    api.request<Data<AuditPageView>>('GET', `/api/admin/audit?${query}`, { as: admin });

  test('newest first, a page at a time with nextCursor, filters by entity; bad queries are 400', async () => {
    const page = await auditPage('limit=3');
    expect(page.status).toBe(200);
    expect(page.json.data.entries).toHaveLength(3);
    const times = page.json.data.entries.map((e) => e.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    const next = await auditPage(`limit=3&cursor=${encodeURIComponent(page.json.data.nextCursor!)}`);
    const stored = await api.store.auditLog.list({ limit: 6 });
    expect([...page.json.data.entries, ...next.json.data.entries]).toEqual(stored);
    const older = await auditPage(`limit=3&before=${encodeURIComponent(times[2])}`);
    expect(older.json.data.entries.every((e) => e.createdAt < times[2])).toBe(true);
    const users = await auditPage('entityType=user');
    expect(users.json.data.entries.length).toBeGreaterThan(0);
    expect(users.json.data.entries.every((e) => e.entityType === 'user')).toBe(true);
    expect((await auditPage('limit=0')).status).toBe(400);
    expect((await auditPage('before=yesterday')).status).toBe(400);
    const badCursor = await api.request<ErrorJson>('GET', '/api/admin/audit?cursor=nope', { as: admin });
    expect([badCursor.status, badCursor.json.error.code]).toEqual([400, 'validation_failed']);
  });
});

describe('import and export', () => {
  const names = async () => (await api.store.intents.list()).map((i) => i.name).sort();

  test('intents as JSON: created, then unchanged on a repeat; updated when different', async () => {
    const file = [
      { name: 'shipping.times', utterances: ['how long does shipping take'], responses: ['2–4 days.'] },
      {
        name: 'shipping.costs',
        utterances: ['how much is shipping'],
        responses: ['Free from 50.'],
        settings: { category: 'orders' },
      },
    ];
    const first = await api.request<Data<{ created: string[] }>>(
      'POST',
      '/api/admin/import/intents?format=json',
      {
        as: admin,
        body: file,
      },
    );
    expect(first.status).toBe(200);
    expect(first.json.data).toEqual({
      created: ['shipping.times', 'shipping.costs'],
      updated: [],
      unchanged: [],
    });
    const again = await api.request<Data<unknown>>('POST', '/api/admin/import/intents', {
      as: admin,
      body: file,
    });
    expect(again.json.data).toEqual({
      created: [],
      updated: [],
      unchanged: ['shipping.times', 'shipping.costs'],
    });
    const changed = await api.request<Data<unknown>>('POST', '/api/admin/import/intents', {
      as: admin,
      body: [{ ...file[0], utterances: ['how long does shipping take', 'when will it arrive'] }],
    });
    expect(changed.json.data).toEqual({ created: [], updated: ['shipping.times'], unchanged: [] });
    const shipping = await api.store.intents.getByName('shipping.times');
    expect(await lastAudit(shipping!.id)).toMatchObject({
      action: 'intent.import',
      before: { utterances: ['how long does shipping take'] },
      after: { utterances: ['how long does shipping take', 'when will it arrive'] },
    });
  });

  test('intents as CSV with one bad row: 422 naming the row, nothing imported', async () => {
    const before = await names();
    const audits = await auditCount();
    const csv = [
      'name,utterances,responses,threshold,alwaysHuman,category',
      'returns.start,i want to return this | how do returns work,Sure.,0.6,false,orders',
      'bad name!,hello there,Hi.,,,',
      'returns.label,where is my return label,Check your email.,,yes,',
    ].join('\n');
    const response = await api.request<ErrorJson>('POST', '/api/admin/import/intents?format=csv', {
      as: admin,
      text: csv,
      contentType: 'text/csv',
    });
    expect(response.status).toBe(422);
    expect(response.json.error.code).toBe('invalid_import');
    expect(response.json.error.message).toMatch(/row 2/);
    expect(response.json.error.details?.rows).toEqual([expect.objectContaining({ row: 2, field: 'name' })]);
    expect(await names()).toEqual(before);
    expect(await auditCount()).toBe(audits);

    const fixed = csv.replace('bad name!', 'greeting.hello');
    const ok = await api.request<Data<{ created: string[] }>>(
      'POST',
      '/api/admin/import/intents?format=csv',
      {
        as: admin,
        text: fixed,
        contentType: 'text/csv',
      },
    );
    expect(ok.status).toBe(200);
    expect(ok.json.data.created).toEqual(['returns.start', 'greeting.hello', 'returns.label']);
    expect(await api.store.intents.getByName('returns.start')).toMatchObject({
      utterances: ['i want to return this', 'how do returns work'],
      settings: { threshold: 0.6, alwaysHuman: false, category: 'orders' },
    });
  });

  test('intents: export as CSV, JSON and nlp.js round-trip unchanged; nlp.js import keeps settings', async () => {
    for (const format of ['csv', 'json', 'nlpjs'] as const) {
      const exported = await api.request('GET', `/api/admin/export/intents?format=${format}`, { as: admin });
      expect(exported.status).toBe(200);
      expect(exported.headers.get('content-disposition')).toMatch(/attachment; filename=/);
      const reimport = await api.request<Data<{ created: string[]; updated: string[]; unchanged: string[] }>>(
        'POST',
        `/api/admin/import/intents?format=${format}`,
        format === 'csv'
          ? { as: admin, text: exported.text, contentType: 'text/csv' }
          : { as: admin, text: exported.text },
      );
      expect([format, reimport.status, reimport.json.data.created, reimport.json.data.updated]).toEqual([
        format,
        200,
        [],
        [],
      ]);
    }
    const corpus = {
      name: 'Corpus',
      locale: 'en-US',
      data: [
        { intent: 'returns.start', utterances: ['i want to return this'], answers: [{ answer: 'Sure.' }] },
        { intent: 'smalltalk.thanks', utterances: ['thanks'], answers: ['You are welcome!'] },
      ],
    };
    const imported = await api.request<Data<unknown>>('POST', '/api/admin/import/intents?format=nlpjs', {
      as: admin,
      body: corpus,
    });
    expect(imported.json.data).toEqual({
      created: ['smalltalk.thanks'],
      updated: ['returns.start'],
      unchanged: [],
    });
    expect(await api.store.intents.getByName('returns.start')).toMatchObject({
      utterances: ['i want to return this'],
      settings: { threshold: 0.6, category: 'orders' },
    });
    const broken = await api.request<ErrorJson>('POST', '/api/admin/import/intents?format=nlpjs', {
      as: admin,
      body: {
        data: [
          { intent: 'ok.one', utterances: ['a'] },
          { intent: '', utterances: ['b'] },
        ],
      },
    });
    expect(broken.status).toBe(422);
    expect(broken.json.error.details?.rows[0]).toMatchObject({ row: 2, field: 'name' });
    expect(await api.store.intents.getByName('ok.one')).toBeNull();
    expect(
      (await api.request('POST', '/api/admin/import/intents?format=yaml', { as: admin, body: [] })).status,
    ).toBe(400);
    const notJson = await api.request<ErrorJson>('POST', '/api/admin/import/intents?format=json', {
      as: admin,
      text: '{ not json',
    });
    expect(notJson.status).toBe(422);
  });

  test('FAQs: CSV with one bad row is a 422 naming it; JSON imports; exports round-trip', async () => {
    const countBefore = await api.store.articles.count();
    const csv = [
      'id,question,answer,alternatives,tags,locale,published',
      'faq-hours,When are you open?,Mon–Fri 9–17.,opening hours | are you open,hours,en,true',
      'faq-empty,Empty answer?,,,,,',
      'faq-pay,How can I pay?,Card or invoice.,,payments,en,maybe',
    ].join('\r\n');
    const response = await api.request<ErrorJson>('POST', '/api/admin/import/faqs?format=csv', {
      as: admin,
      text: csv,
      contentType: 'text/csv',
    });
    expect(response.status).toBe(422);
    expect(response.json.error.details?.rows).toEqual([
      expect.objectContaining({ row: 2, field: 'answer' }),
      expect.objectContaining({ row: 3, field: 'published' }),
    ]);
    expect(await api.store.articles.count()).toBe(countBefore);

    const json = [
      {
        id: 'faq-hours',
        question: 'When are you open?',
        answer: 'Mon–Fri 9–17.',
        alternatives: ['opening hours'],
      },
      { id: 'faq-pay', question: 'How can I pay?', answer: 'Card or invoice.', tags: ['payments'] },
    ];
    const ok = await api.request<Data<unknown>>('POST', '/api/admin/import/faqs', { as: admin, body: json });
    expect(ok.status).toBe(200);
    expect(ok.json.data).toEqual({ created: ['faq-hours', 'faq-pay'], updated: [], unchanged: [] });
    expect(await api.store.articles.get('faq-hours')).toMatchObject({
      kind: 'faq',
      alternatives: ['opening hours'],
    });
    expect(await lastAudit('faq-pay')).toMatchObject({
      action: 'faq.import',
      before: null,
      after: { id: 'faq-pay' },
    });

    for (const format of ['csv', 'json'] as const) {
      const exported = await api.request('GET', `/api/admin/export/faqs?format=${format}`, { as: admin });
      expect(exported.status).toBe(200);
      const again = await api.request<Data<{ created: string[]; updated: string[] }>>(
        'POST',
        `/api/admin/import/faqs?format=${format}`,
        { as: admin, text: exported.text, contentType: format === 'csv' ? 'text/csv' : 'text/plain' },
      );
      expect([format, again.json.data.created, again.json.data.updated]).toEqual([format, [], []]);
    }
    // An id that belongs to an article is refused, not turned into a FAQ.
    const article = (await api.store.articles.list({ kind: 'article' }))[0];
    const clash = await api.request<ErrorJson>('POST', '/api/admin/import/faqs', {
      as: admin,
      body: [{ id: article.id, question: 'Q?', answer: 'A.' }],
    });
    expect(clash.status).toBe(422);
    expect(clash.json.error.details?.rows[0]).toMatchObject({ row: 1, field: 'id' });
  });
});
