/** HTTP surface: health, readiness, error shapes for bad input, and no stack traces leaking. */
import type { ReplyEngine } from '../bot';
import { startTestServer, type TestServer } from './helpers/test-server';

const silent: ReplyEngine = { respond: async () => [] };

describe('health and readiness', () => {
  it('is alive at once and ready only when the model is loaded and the store answers', async () => {
    let modelLoaded = false;
    const t = await startTestServer(silent, { modelReady: () => modelLoaded });
    try {
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
      const before = await fetch(`${t.url}/readyz`);
      expect(before.status).toBe(503);
      expect(await before.json()).toEqual({
        status: 'not_ready',
        checks: { store: true, model: false, accepting: true },
      });
      modelLoaded = true;
      const after = await fetch(`${t.url}/readyz`);
      expect(after.status).toBe(200);
      expect((await after.json()).status).toBe('ready');
    } finally {
      await t.close();
    }
  });

  it('is not ready when the store does not answer', async () => {
    const t = await startTestServer(silent);
    try {
      const realPing = t.store.ping.bind(t.store);
      t.store.ping = async () => {
        throw new Error('database is locked');
      };
      const res = await fetch(`${t.url}/readyz`);
      expect(res.status).toBe(503);
      expect((await res.json()).checks.store).toBe(false);
      t.store.ping = realPing;
    } finally {
      await t.close();
    }
  });
});

describe('HTTP errors', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(silent, { bodyLimit: '1kb' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers malformed JSON with 400 invalid_json and no stack', async () => {
    const res = await fetch(`${t.url}/api/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"text": "unterminated',
    });
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(JSON.parse(body)).toEqual({
      error: { code: 'invalid_json', message: 'The request body is not valid JSON.' },
    });
    expect(body).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it('answers an oversize body with 413 payload_too_large', async () => {
    const res = await fetch(`${t.url}/api/anything`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'x'.repeat(5000) }),
    });
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('answers an unknown route with a JSON 404', async () => {
    const res = await fetch(`${t.url}/api/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /api/nope' } });
  });

  it('serves the demo storefront with security headers', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/src="\/widget\.js" data-site="demo"/);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('exposes Prometheus metrics', async () => {
    const res = await fetch(`${t.url}/metrics`);
    expect(res.status).toBe(200);
    expect(await res.text()).toMatch(/process_cpu_user_seconds_total/);
  });
});
