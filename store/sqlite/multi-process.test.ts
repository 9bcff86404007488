/**
 * Two server processes sharing one SQLite file. First two Store instances in this process
 * (separate connections, so every read goes to the file), then real child processes running
 * at the same time, which is where BEGIN IMMEDIATE, SQLite's file lock and busy_timeout matter.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Store } from '../ports';
import { openSqliteStore } from '.';
import type { WorkerReport } from './testing/contention-worker';
import { runWorkersTogether } from './testing/worker-processes';
const dir = mkdtempSync(join(tmpdir(), 'parley-sqlite-shared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);

async function seed(store: Store, escalations: number) {
  const conversation = await store.conversations.create({ channel: 'web', visitorId: 'visitor' });
  const ids: string[] = [];
  for (let i = 0; i < escalations; i += 1) {
    ids.push(
      (
        await store.escalations.create({
          conversationId: conversation.id,
          reason: 'human',
          priority: 1,
          packet: {},
        })
      ).id,
    );
  }
  return { conversationId: conversation.id, escalationIds: ids };
}

test('two Store instances on one file: one claim wins, seqs have no gaps, re-sends are idempotent', async () => {
  const file = join(dir, 'two-instances.sqlite');
  const a = await openSqliteStore({ file });
  const b = await openSqliteStore({ file });
  try {
    const { conversationId, escalationIds } = await seed(a, 1);
    const pick = (i: number) => (i % 2 === 0 ? a : b);

    const claims = await Promise.all(
      range(10).map((i) => pick(i).escalations.claim(escalationIds[0], `agent-${i}`)),
    );
    const winners = claims.filter((c) => c !== null);
    expect(winners).toHaveLength(1);
    expect((await b.escalations.get(escalationIds[0]))?.agentId).toBe(winners[0]!.agentId);

    const appends = await Promise.all(
      range(50).map((i) =>
        pick(i).messages.append({
          conversationId,
          sender: 'customer',
          text: `m${i}`,
          clientMessageId: `c-${i}`,
        }),
      ),
    );
    expect(appends.map((r) => r.message.seq).sort((x, y) => x - y)).toEqual(range(50));

    // The re-send arrives at the other "process": still the same message.
    const original = appends.find((r) => r.message.clientMessageId === 'c-2')!;
    const resend = await pick(3).messages.append({
      conversationId,
      sender: 'customer',
      text: 'm2',
      clientMessageId: 'c-2',
    });
    expect(resend).toEqual({ created: false, message: original.message });

    expect((await a.conversations.get(conversationId))?.lastSeq).toBe(50);
    expect((await b.messages.listAfter(conversationId, 0)).map((m) => m.seq)).toEqual(range(50));
  } finally {
    await a.close();
    await b.close();
  }
});

test('three concurrent processes on one file: every escalation claimed once, seqs 1..N without gaps', async () => {
  const file = join(dir, 'processes.sqlite');
  const setup = await openSqliteStore({ file });
  const { conversationId, escalationIds } = await seed(setup, 20);
  await setup.close();

  const workers = ['w1', 'w2', 'w3'];
  const appendsEach = 40;
  const reports = await runWorkersTogether<WorkerReport>(
    join(__dirname, 'testing', 'contention-worker.ts'),
    workers,
    (worker) => [file, conversationId, escalationIds.join(','), worker, String(appendsEach)],
  );

  const allSeqs = reports.flatMap((r) => r.seqs).sort((x, y) => x - y);
  expect(allSeqs).toEqual(range(workers.length * appendsEach));
  for (const r of reports) expect(r.seqs).toEqual([...r.seqs].sort((x, y) => x - y)); // each process sees its own order

  const claimed = reports.flatMap((r) => r.claimed).sort();
  expect(claimed).toEqual([...escalationIds].sort());

  const check = await openSqliteStore({ file });
  try {
    for (const id of escalationIds) {
      const escalation = await check.escalations.get(id);
      const owner = reports.find((r) => r.claimed.includes(id))!.worker;
      expect(escalation).toMatchObject({ status: 'assigned', agentId: owner });
    }
    expect((await check.conversations.get(conversationId))?.lastSeq).toBe(workers.length * appendsEach);
  } finally {
    await check.close();
  }
}, 90_000);
