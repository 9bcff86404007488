/**
 * The transfer routes on their own: a real SQLite file and a real HTTP server, with the admin
 * signed in by a stub in front (sign-in, CSRF and roles are tested with the whole admin API).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import pino from 'pino';
import { openSqliteStore, type Store, type User } from '../../../store';
import type { SessionManager } from '../../auth';
import { toAppError } from '../../errors';
import { demoIntents } from '../../seed/intents';
import { transferRoutes } from './routes';

jest.setTimeout(30_000);

let dir: string;
let store: Store;
let http: Server;
let url: string;
let intentsChanged = 0;

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
  app.use(express.json());
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.auth = { user: admin, session: {} };
    next();
  });
  app.use(
    transferRoutes({
      store,
      sessions: {} as SessionManager,
      logger: pino({ level: 'silent' }),
      hashPassword: () => Promise.reject(new Error('not used')),
      onIntentsChanged: () => void intentsChanged++,
      onArticleChanged: () => undefined,
      onSettingsChanged: () => undefined,
    }),
  );
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const appError = toAppError(error);
    res.status(appError.status).json({ error: { code: appError.code, message: appError.message } });
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
