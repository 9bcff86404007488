/**
 * Runs a training in a worker thread, so the main thread keeps answering chats.
 *
 * The worker's entry is `worker.js` beside this file when it exists (production: tsc compiles both
 * into dist/), else `worker.ts` (jest, tsx): a small bootstrap evaluated in the worker then registers
 * tsx's CommonJS hook before requiring it. Under tsx the hook is inherited and not registered twice.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { TrainingProgress, TrainingRequest, TrainingResult } from './trainer';
import type { WorkerMessage } from './worker';

export interface TrainInWorkerOptions {
  onProgress?: (progress: TrainingProgress) => void;
  /** Aborting terminates the worker; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Terminates the worker after this long (default 10 minutes). */
  timeoutMs?: number;
  /** Worker entry file (default: worker.js or worker.ts beside this file). */
  entry?: string;
}

const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
if (workerData.register && !require.extensions['.ts']) require(workerData.register).register();
require(workerData.entry);
`;

export function workerEntry(): { entry: string; register?: string } {
  const js = join(__dirname, 'worker.js');
  if (existsSync(js)) return { entry: js };
  return { entry: join(__dirname, 'worker.ts'), register: require.resolve('tsx/cjs/api') };
}

export function trainInWorker(
  request: TrainingRequest,
  options: TrainInWorkerOptions = {},
): Promise<TrainingResult> {
  const located = options.entry
    ? {
        entry: options.entry,
        register: options.entry.endsWith('.ts') ? require.resolve('tsx/cjs/api') : undefined,
      }
    : workerEntry();
  return new Promise<TrainingResult>((resolve, reject) => {
    if (options.signal?.aborted) return reject(options.signal.reason);
    const worker = new Worker(BOOTSTRAP, {
      eval: true,
      workerData: { request, entry: located.entry, register: located.register },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (error: unknown, result?: TrainingResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error);
      else resolve(result!);
    };
    const onAbort = () => finish(options.signal!.reason ?? new Error('training aborted'));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => finish(new Error('training timed out')), options.timeoutMs ?? 10 * 60_000);
    timer.unref?.();
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'progress')
        options.onProgress?.({ stage: message.stage as TrainingProgress['stage'] });
      else if (message.type === 'done') finish(undefined, message.result);
      else if (message.type === 'error') {
        const error = new Error(message.message);
        if (message.stack) error.stack = message.stack;
        finish(error);
      }
    });
    worker.on('error', (error) => finish(error));
    worker.on('exit', (code) =>
      finish(new Error(`the training worker exited (code ${code}) without a result`)),
    );
  });
}
