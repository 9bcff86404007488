/**
 * Worker thread entry: trains from `workerData.request` and posts progress, then the result (or the
 * error). Started by `trainInWorker` (worker-client.ts); compiled to dist/nlp/training/worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { trainIntents, type TrainingRequest } from './trainer';

export type WorkerMessage =
  | { type: 'progress'; stage: string }
  | { type: 'done'; result: Awaited<ReturnType<typeof trainIntents>> }
  | { type: 'error'; message: string; stack?: string };

if (parentPort) {
  const port = parentPort;
  const request = (workerData as { request: TrainingRequest }).request;
  trainIntents(request, (progress) =>
    port.postMessage({ type: 'progress', ...progress } satisfies WorkerMessage),
  )
    .then((result) => port.postMessage({ type: 'done', result } satisfies WorkerMessage))
    .catch((error: unknown) => {
      const err = error instanceof Error ? error : new Error(String(error));
      port.postMessage({ type: 'error', message: err.message, stack: err.stack } satisfies WorkerMessage);
    });
}
