/**
 * The last-admin rule across connections and processes on one SQLite file (the contract suite covers
 * one connection). First two Store instances in this process, then three child processes taking the
 * admin role away and giving it back at random at the same time (testing/admin-churn-worker.ts):
 * BEGIN IMMEDIATE must make each one's "is this the only admin?" and its write one step, so no
 * committed state ever has no admin.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StoreError, type Store } from '../ports';
import { openSqliteStore } from '.';
import type { ChurnOutcome, ChurnReport } from './testing/admin-churn-worker';
import { runWorkersTogether } from './testing/worker-processes';
const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-admins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const createAdmin = (store: Store, email: string) =>
  store.users.create({
    email,
    name: email,
    role: 'admin',
    passwordHash: 'not-a-real-hash',
    skills: [],
    capacity: 1,
  });
const adminCount = async (store: Store) =>
  (await store.users.list()).filter((u) => u.role === 'admin').length;

test('two Store instances on one file: of two admins demoting each other, one is refused', async () => {
  const file = join(dir, 'two-instances.sqlite');
  const a = await openSqliteStore({ file });
  const b = await openSqliteStore({ file });
  try {
    const first = await createAdmin(a, 'first@example.com');
    const second = await createAdmin(b, 'second@example.com');
    const outcomes = await Promise.allSettled([
      a.users.update(second.id, 1, { role: 'agent' }),
      b.users.update(first.id, 1, { role: 'agent' }),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
    expect((refused.reason as StoreError).code).toBe('last_admin');
    expect(await adminCount(a)).toBe(1);
    // And a delete through the other connection sees the demotion this one committed.
    const survivor = (await b.users.list()).find((u) => u.role === 'admin')!;
    await expect(a.users.delete(survivor.id)).rejects.toMatchObject({ code: 'last_admin' });
    expect(await adminCount(b)).toBe(1);
  } finally {
    await a.close();
    await b.close();
  }
});

test('three processes demoting, deleting, promoting and creating admins at once never leave none', async () => {
  const file = join(dir, 'processes.sqlite');
  const setup = await openSqliteStore({ file });
  await createAdmin(setup, 'first@example.com');
  await createAdmin(setup, 'second@example.com');
  await setup.close();

  const rounds = 300;
  const reports = await runWorkersTogether<ChurnReport>(
    join(__dirname, 'testing', 'admin-churn-worker.ts'),
    ['w1', 'w2', 'w3'],
    (worker) => [file, worker, String(rounds)],
  );
  const total = (outcome: ChurnOutcome) => reports.reduce((n, r) => n + (r.outcomes[outcome] ?? 0), 0);

  for (const r of reports) expect(r.fewestAdmins).toBeGreaterThanOrEqual(1);
  // The rule was exercised both ways: admins were taken away, and some attempts were refused.
  expect(total('demoted') + total('deleted')).toBeGreaterThan(0);
  expect(total('last_admin')).toBeGreaterThan(0);

  const check = await openSqliteStore({ file });
  try {
    expect(await adminCount(check)).toBeGreaterThanOrEqual(1);
  } finally {
    await check.close();
  }
}, 90_000);
