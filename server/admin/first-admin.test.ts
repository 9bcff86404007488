import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verify } from 'argon2';
import { openSqliteStore, type Store } from '../../store';
import { DEFAULT_ADMIN_EMAIL, ensureFirstAdmin } from './first-admin';

const dir = mkdtempSync(join(tmpdir(), 'parley-first-admin-'));
let n = 0;
let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ file: join(dir, `s-${++n}.sqlite`) });
});
afterEach(async () => {
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const recordingLogger = () => {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    warn: (fields: Record<string, unknown>, message: string) =>
      void lines.push({ level: 'warn', fields, message }),
    info: (fields: Record<string, unknown>, message: string) =>
      void lines.push({ level: 'info', fields, message }),
  };
};
const fakeHash = async (plain: string) => `hashed:${plain}`;

test('no admin and no password: a one-time password is generated, logged once at warn with the email', async () => {
  const logger = recordingLogger();
  const outcome = await ensureFirstAdmin({ store, logger: logger as never });
  expect(outcome).toMatchObject({ action: 'created', email: DEFAULT_ADMIN_EMAIL, password: 'generated' });
  expect(logger.lines).toHaveLength(1);
  const [line] = logger.lines;
  expect(line.level).toBe('warn');
  expect(line.fields.email).toBe(DEFAULT_ADMIN_EMAIL);
  const password = line.fields.oneTimePassword as string;
  expect(password).toMatch(/^[\w-]{24}$/);
  const admin = await store.users.getByEmail(DEFAULT_ADMIN_EMAIL);
  expect(admin).toMatchObject({ role: 'admin' });
  expect(await verify(admin!.passwordHash, password)).toBe(true);
  const [entry] = await store.auditLog.list();
  expect(entry).toMatchObject({ action: 'user.bootstrap', actorId: null, entityId: admin!.id, before: null });
  expect(JSON.stringify(entry)).not.toContain(admin!.passwordHash);

  // Second start: an admin exists, nothing is created or printed.
  const again = await ensureFirstAdmin({ store, logger: logger as never });
  expect(again).toEqual({ action: 'exists', adminCount: 1 });
  expect(logger.lines).toHaveLength(1);
  expect(await store.users.count()).toBe(1);
});

test('configured email and password create that admin; the password is not logged', async () => {
  const logger = recordingLogger();
  const outcome = await ensureFirstAdmin({
    store,
    email: ' Owner@Example.com ',
    password: 'a configured password',
    logger: logger as never,
    hashPassword: fakeHash,
  });
  expect(outcome).toMatchObject({ action: 'created', email: 'owner@example.com', password: 'configured' });
  expect(await store.users.getByEmail('owner@example.com')).toMatchObject({
    role: 'admin',
    passwordHash: 'hashed:a configured password',
  });
  expect(JSON.stringify(logger.lines)).not.toContain('a configured password');
  expect(logger.lines.map((l) => l.level)).toEqual(['info']);
});

test('an existing agent with the configured email is promoted', async () => {
  const agent = await store.users.create({
    email: 'owner@example.com',
    name: 'Owner',
    role: 'agent',
    passwordHash: 'old',
    skills: [],
    capacity: 2,
  });
  const outcome = await ensureFirstAdmin({
    store,
    email: 'owner@example.com',
    password: 'a configured password',
    logger: recordingLogger() as never,
    hashPassword: fakeHash,
  });
  expect(outcome).toMatchObject({ action: 'promoted', userId: agent.id });
  expect(await store.users.get(agent.id)).toMatchObject({ role: 'admin', version: 2, capacity: 2 });
});

test('an existing admin means nothing happens, whatever is configured', async () => {
  await store.users.create({
    email: 'boss@example.com',
    name: 'Boss',
    role: 'admin',
    passwordHash: 'h',
    skills: [],
    capacity: 1,
  });
  const logger = recordingLogger();
  expect(
    await ensureFirstAdmin({
      store,
      email: 'x@example.com',
      password: 'another password',
      logger: logger as never,
    }),
  ).toEqual({ action: 'exists', adminCount: 1 });
  expect(await store.users.getByEmail('x@example.com')).toBeNull();
  expect(logger.lines).toEqual([]);
});

test('a configured password that is too short is refused', async () => {
  await expect(
    ensureFirstAdmin({
      store,
      password: 'short',
      logger: recordingLogger() as never,
      hashPassword: fakeHash,
    }),
  ).rejects.toThrow(/ADMIN_PASSWORD/);
  expect(await store.users.count()).toBe(0);
});
