/**
 * One "server process" for multi-process.test.ts: opens the shared SQLite file through the real
 * store, waits for a common start instant, then interleaves appends to one conversation with
 * claims on every escalation, and prints what it got as JSON on stdout.
 *
 * argv: file conversationId escalationIds(comma-separated) workerName appendCount startAtEpochMs
 */
import { openSqliteStore } from '..';
import { workerMain } from './worker-processes';

export interface WorkerReport {
  worker: string;
  seqs: number[];
  claimed: string[];
}

workerMain(async ([file, conversationId, escalationCsv, worker, appendCount], start) => {
  const escalationIds = escalationCsv.split(',');
  const store = await openSqliteStore({ file });
  await start();

  const report: WorkerReport = { worker, seqs: [], claimed: [] };
  const rounds = Math.max(Number(appendCount), escalationIds.length);
  for (let i = 0; i < rounds; i += 1) {
    if (i < Number(appendCount)) {
      const { message } = await store.messages.append({
        conversationId,
        sender: 'customer',
        text: `${worker} #${i}`,
        clientMessageId: `${worker}-${i}`,
      });
      report.seqs.push(message.seq);
    }
    if (i < escalationIds.length && (await store.escalations.claim(escalationIds[i], worker))) {
      report.claimed.push(escalationIds[i]);
    }
  }
  await store.close();
  return report;
});
