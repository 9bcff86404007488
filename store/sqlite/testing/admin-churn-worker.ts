/**
 * One "server process" for last-admin.multi-process.test.ts: opens the shared SQLite file through the
 * real store, waits for a common start instant, then for `rounds` rounds takes the admin role away
 * (demotes or deletes an admin) or gives it (promotes an agent, creates an admin), picked at random,
 * mostly taking away so the number of admins keeps hitting its floor of one.
 * Before every step it reads the users and notes the fewest admins it ever saw. Prints what it got
 * as JSON on stdout.
 *
 * argv: file workerName rounds startAtEpochMs
 */
import { StoreError, type StoreErrorCode } from '../../ports';
import { openSqliteStore } from '..';
import { workerMain } from './worker-processes';

export type ChurnOutcome = 'demoted' | 'deleted' | 'promoted' | 'created' | StoreErrorCode;

export interface ChurnReport {
  worker: string;
  /** The fewest admins any of this worker's reads saw (every read sees a committed state). */
  fewestAdmins: number;
  outcomes: Partial<Record<ChurnOutcome, number>>;
}

workerMain(async ([file, worker, rounds], start) => {
  const store = await openSqliteStore({ file });
  // Not seeded: three processes interleave differently on every run anyway.
  const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)];
  const report: ChurnReport = { worker, fewestAdmins: Number.POSITIVE_INFINITY, outcomes: {} };
  const count = (outcome: ChurnOutcome) => {
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  };
  await start();

  for (let i = 0; i < Number(rounds); i += 1) {
    const users = await store.users.list();
    const admins = users.filter((u) => u.role === 'admin');
    const agents = users.filter((u) => u.role !== 'admin');
    report.fewestAdmins = Math.min(report.fewestAdmins, admins.length);
    const roll = Math.random();
    try {
      if (roll < 0.4 && admins.length > 0) {
        const admin = pick(admins);
        await store.users.update(admin.id, admin.version, { role: 'agent' });
        count('demoted');
      } else if (roll < 0.65 && admins.length > 0) {
        await store.users.delete(pick(admins).id);
        count('deleted');
      } else if (roll < 0.85 && agents.length > 0) {
        const agent = pick(agents);
        await store.users.update(agent.id, agent.version, { role: 'admin' });
        count('promoted');
      } else {
        await store.users.create({
          email: `${worker}-${i}@example.com`,
          name: `${worker} ${i}`,
          role: 'admin',
          passwordHash: 'not-a-real-hash',
          skills: [],
          capacity: 1,
        });
        count('created');
      }
    } catch (err) {
      // Refused (last_admin) or overtaken by another process (conflict, not_found): both expected.
      if (!(err instanceof StoreError) || err.code === 'invalid' || err.code === 'duplicate') throw err;
      count(err.code);
    }
  }
  report.fewestAdmins = Math.min(
    report.fewestAdmins,
    (await store.users.list()).filter((u) => u.role === 'admin').length,
  );
  await store.close();
  return report;
});
