/**
 * One "server process" for last-admin.multi-process.test.ts: opens the shared SQLite file through the
 * real store, waits for a common start instant, then for `rounds` rounds takes the admin role away
 * (demotes or deletes an admin) or gives it (promotes an agent, creates an admin), picked at random
 * with a seed of its own, mostly taking away so the number of admins keeps hitting its floor of one.
 * Before every step it reads the users and notes the fewest admins it ever saw. Prints what it got
 * as JSON on stdout.
 *
 * argv: file workerName rounds startAtEpochMs
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError, type StoreErrorCode } from '../../ports';
import { openSqliteStore } from '..';

export type ChurnOutcome = 'demoted' | 'deleted' | 'promoted' | 'created' | StoreErrorCode;

export interface ChurnReport {
  worker: string;
  /** The fewest admins any of this worker's reads saw (every read sees a committed state). */
  fewestAdmins: number;
  outcomes: Partial<Record<ChurnOutcome, number>>;
}

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function main(): Promise<void> {
  const [file, worker, rounds, startAt] = process.argv.slice(2);
  const store = await openSqliteStore({ file });
  const next = random([...worker].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7));
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
  const report: ChurnReport = { worker, fewestAdmins: Number.POSITIVE_INFINITY, outcomes: {} };
  const count = (outcome: ChurnOutcome) => {
    report.outcomes[outcome] = (report.outcomes[outcome] ?? 0) + 1;
  };
  await sleep(Math.max(0, Number(startAt) - Date.now()));

  for (let i = 0; i < Number(rounds); i += 1) {
    const users = await store.users.list();
    const admins = users.filter((u) => u.role === 'admin');
    const agents = users.filter((u) => u.role !== 'admin');
    report.fewestAdmins = Math.min(report.fewestAdmins, admins.length);
    const roll = next();
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
  process.stdout.write(JSON.stringify(report));
}

main().catch((err: unknown) => {
  process.stderr.write(String(err instanceof Error ? err.stack : err));
  process.exit(1);
});
