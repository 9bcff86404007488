/**
 * GET /api/admin/audit over HTTP with a stopped clock, so entries share a millisecond for certain:
 * following nextCursor sees every entry once, newest first, and a cursor it did not hand out is a 400.
 * (Sign-in and the admin guard are covered in tests/admin-api.integration.test.ts.)
 */
import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { AuditPageView } from '../../protocol/admin';
import { openSqliteStore, type Store } from '../../store';
import { SessionManager } from '../auth';
import { errorHandler } from '../http/app';
import { auditRoutes } from './audit-log';
import { adminContext } from './routes';

let store: Store;
let server: Server;
let url: string;
let now = '2026-03-02T10:00:00.000Z';

beforeAll(async () => {
  store = await openSqliteStore({ file: ':memory:', clock: () => new Date(now) });
  const logger = pino({ level: 'silent' });
  const app = express();
  app.use(auditRoutes(adminContext({ store, sessions: new SessionManager({ store }), logger })));
  app.use(errorHandler(logger));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Five entries in one millisecond, two in the next: a page boundary falls inside each.
  for (const [i, at] of ['00.000', '00.000', '00.000', '00.000', '00.000', '00.001', '00.001'].entries()) {
    now = `2026-03-02T10:00:${at}Z`;
    await store.auditLog.append({
      actorId: null,
      actorEmail: null,
      action: 'intent.update',
      entityType: i === 2 ? 'article' : 'intent',
      entityId: `e${i}`,
      before: null,
      after: { i },
    });
  }
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await store?.close();
});

async function get(query: string): Promise<{ status: number; body: { data: AuditPageView } }> {
  const response = await fetch(`${url}/api/admin/audit?${query}`);
  return { status: response.status, body: (await response.json()) as { data: AuditPageView } };
}

/** Follows nextCursor from the first page; at most one page per entry and one more. */
async function pageThrough(query: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages <= 8; pages++) {
    const { status, body } = await get(
      cursor === null ? query : `${query}&cursor=${encodeURIComponent(cursor)}`,
    );
    expect(status).toBe(200);
    ids.push(...body.data.entries.map((e) => e.id));
    cursor = body.data.nextCursor;
    if (cursor === null) return ids;
  }
  throw new Error(`nextCursor never ran out: ${ids.join(', ')}`);
}

test('following nextCursor sees every entry once, newest first (createdAt, then id)', async () => {
  const all = (await store.auditLog.list()).map((e) => e.id);
  expect(all).toHaveLength(7);
  for (const limit of [1, 2, 3])
    expect({ limit, ids: await pageThrough(`limit=${limit}`) }).toEqual({ limit, ids: all });
  const intents = (await store.auditLog.list({ entityType: 'intent' })).map((e) => e.id);
  expect(await pageThrough('limit=2&entityType=intent')).toEqual(intents);
});

test('the last page has no cursor, also when it is full', async () => {
  const { body } = await get('limit=7');
  expect(body.data.entries).toHaveLength(7);
  expect(body.data.nextCursor).toBeNull();
});

test('a cursor this endpoint did not hand out is a 400 validation_failed naming the cursor', async () => {
  const forged = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  for (const cursor of [
    'not-a-cursor',
    forged(['yesterday', 'e1']),
    forged(['2026-03-02T10:00:00.000Z', '']),
    forged({}),
  ]) {
    const response = await fetch(`${url}/api/admin/audit?cursor=${encodeURIComponent(cursor)}`);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect([cursor, response.status, body.error.code]).toEqual([cursor, 400, 'validation_failed']);
    expect(body.error.message).toMatch(/cursor/);
  }
});
