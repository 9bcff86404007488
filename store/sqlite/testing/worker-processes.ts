/**
 * Real child processes on one SQLite file, for the multi-process tests: each runs a worker script
 * (TypeScript, through tsx) that opens the file with the real store, waits for a common start
 * instant so they contend, and prints a JSON report on stdout.
 */
import { execFile } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** Long enough for every worker to load its TypeScript before the common start. */
const START_DELAY_MS = 2500;

/**
 * Test side: starts one process per worker name with `argsFor(worker)` and the common start instant
 * as the last argument; resolves with their reports once all have exited.
 */
export async function runWorkersTogether<Report>(
  script: string,
  workers: readonly string[],
  argsFor: (worker: string) => string[],
): Promise<Report[]> {
  const startAt = String(Date.now() + START_DELAY_MS);
  const loader = require.resolve('tsx');
  const outputs = await Promise.all(
    workers.map((worker) =>
      run(process.execPath, ['--import', loader, script, ...argsFor(worker), startAt], { timeout: 60_000 }),
    ),
  );
  return outputs.map((o) => JSON.parse(o.stdout) as Report);
}

/**
 * Worker side: `work` gets the arguments before the start instant and `start()`, which waits for it;
 * its result is printed as JSON. A failure goes to stderr with exit code 1.
 */
export function workerMain(work: (args: string[], start: () => Promise<void>) => Promise<unknown>): void {
  const args = process.argv.slice(2);
  const startAt = Number(args.pop());
  const start = async () => {
    await sleep(Math.max(0, startAt - Date.now()));
  };
  work(args, start).then(
    (report) => process.stdout.write(JSON.stringify(report)),
    (err: unknown) => {
      process.stderr.write(String(err instanceof Error ? err.stack : err));
      process.exit(1);
    },
  );
}
