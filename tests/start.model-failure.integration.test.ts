/**
 * A start where the language model cannot load (here: DATA_DIR/models, where the model registry lives,
 * is a file): the service keeps serving with /readyz at 503, the failure is logged once, and live
 * settings that wait for the model (intent threshold, custom entities, knowledge-base threshold) do not
 * turn into unhandled rejections, which would end the process.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../server/config';
import { DEMO_PASSWORD } from '../server/seed';
import { startParley, type RunningParley } from '../server/start';
import { DEMO_ADMIN } from './helpers/started-service';

jest.setTimeout(60_000);

describe('startParley when the language model fails to load', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const logged: { level: number; msg: string }[] = [];
  let dataDir: string;
  let parley: RunningParley | undefined;

  beforeAll(() => process.on('unhandledRejection', onUnhandled));
  afterAll(async () => {
    await parley?.shutdown();
    process.off('unhandledRejection', onUnhandled);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps serving, not ready, and applies admin settings without an unhandled rejection', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-no-model-'));
    writeFileSync(join(dataDir, 'models'), 'not a folder');
    const logger = pino(
      { level: 'info' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString().split('\n').filter(Boolean)) logged.push(JSON.parse(line));
          done();
        },
      }),
    );
    const config = loadConfig({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', EMBEDDINGS: 'false' });
    parley = await startParley(config, logger);
    await expect(parley.ready).rejects.toThrow();
    const url = `http://127.0.0.1:${parley.port}`;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);

    // An admin saves bot settings (both thresholds) and entity definitions.
    const signIn = await fetch(`${url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: url },
      body: JSON.stringify({ email: DEMO_ADMIN, password: DEMO_PASSWORD }),
    });
    expect(signIn.status).toBe(200);
    const { data } = (await signIn.json()) as { data: { csrfToken: string } };
    const headers = {
      cookie: (signIn.headers.get('set-cookie') ?? '').split(';')[0],
      Origin: url,
      'x-csrf-token': data.csrfToken,
      'Content-Type': 'application/json',
    };
    const put = async (path: string, body: object) =>
      (await fetch(`${url}${path}`, { method: 'PUT', headers, body: JSON.stringify(body) })).status;
    const settings = (await (await fetch(`${url}/api/admin/settings`, { headers })).json()) as {
      data: Record<string, unknown> & { version: number };
    };
    const { updatedAt: _updatedAt, ...current } = settings.data;
    expect(
      await put('/api/admin/settings', { ...current, intentThreshold: 0.5, knowledgeThreshold: 0.5 }),
    ).toBe(200);
    const entities = { lists: [{ name: 'colour', values: [{ value: 'red', synonyms: [] }] }], patterns: [] };
    expect(await put('/api/admin/entities', { ...entities, version: 0 })).toBe(200);

    // Each apply reads the store (SQLite: no I/O wait) and then waits on the model's promise, already
    // rejected: all of it runs within the request's turn, and Node reports an unhandled rejection as
    // soon as the microtasks are done. One more turn, so nothing is still on its way.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
    expect((await fetch(`${url}/readyz`)).status).toBe(503);
    expect(logged.filter((l) => l.msg === 'loading the language model failed')).toHaveLength(1);
  });
});
