import { Router } from 'express';
import type { Registry } from 'prom-client';

/** What /readyz asks before it says the service can take traffic. */
export interface Readiness {
  /** Resolves when the store answers; rejects otherwise. */
  pingStore(): Promise<void>;
  /** True once the language model is trained or loaded. */
  modelReady(): boolean;
  /** True once shutdown has begun: load balancers should stop sending traffic. */
  shuttingDown(): boolean;
}

export function healthRoutes(readiness: Readiness, metrics: Registry): Router {
  const router = Router();

  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  router.get('/readyz', async (_req, res) => {
    const checks = { store: false, model: readiness.modelReady(), accepting: !readiness.shuttingDown() };
    try {
      await withTimeout(readiness.pingStore(), 2000);
      checks.store = true;
    } catch {
      checks.store = false;
    }
    const ready = checks.store && checks.model && checks.accepting;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks });
  });

  router.get('/metrics', async (_req, res) => {
    res.type(metrics.contentType).send(await metrics.metrics());
  });

  return router;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('timed out')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
