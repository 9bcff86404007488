/**
 * The app's JSON body limit over real HTTP: public routes take at most BODY_LIMIT (413 beyond it),
 * and under /api/admin a body declaring more than that is left unread for the admin routers. Both
 * sides read the limit the way body-parser does, so they meet at the same byte.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Router, type Request, type Response } from 'express';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createApp } from './app';

/** Answers whether the app parsed the body before the route ran. */
const echo = (req: Request, res: Response) => {
  res.json({ parsed: req.body !== undefined });
};

async function start(bodyLimit: string): Promise<{ url: string; close: () => Promise<void> }> {
  const routes = Router();
  routes.post('/api/echo', echo);
  routes.post('/api/admin/echo', echo);
  const app = createApp({
    logger: pino({ level: 'silent' }),
    metrics: new Registry(),
    bodyLimit,
    readiness: { pingStore: async () => undefined, modelReady: () => true, shuttingDown: () => false },
    routes: [routes],
  });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A JSON body of exactly `size` bytes. */
const bodyOf = (size: number) => JSON.stringify({ t: 'x'.repeat(size - '{"t":""}'.length) });

const post = (url: string, path: string, body: string) =>
  fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe.each([
  ['1kb', 1024, '1 KB'],
  ['1.5kb', 1536, '1.5 KB'],
  ['2 KB', 2048, '2 KB'],
  ['900', 900, '900 bytes'],
])('BODY_LIMIT %s', (limit, size, text) => {
  let service: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    service = await start(limit);
  });
  afterAll(async () => {
    await service.close();
  });

  test(`a public route takes ${size} bytes and answers one more with 413 payload_too_large`, async () => {
    const within = await post(service.url, '/api/echo', bodyOf(size));
    expect(within.status).toBe(200);
    expect(await within.json()).toEqual({ parsed: true });
    const over = await post(service.url, '/api/echo', bodyOf(size + 1));
    expect(over.status).toBe(413);
    expect(await over.json()).toEqual({
      error: {
        code: 'payload_too_large',
        message: `The request body is larger than the ${text} this route accepts.`,
      },
    });
  });

  test(`under /api/admin, ${size} bytes are read by the app and one more is left for the admin routers`, async () => {
    expect(await (await post(service.url, '/api/admin/echo', bodyOf(size))).json()).toEqual({ parsed: true });
    const over = await post(service.url, '/api/admin/echo', bodyOf(size + 1));
    expect(over.status).toBe(200);
    expect(await over.json()).toEqual({ parsed: false });
  });
});

test('any size body-parser reads is a limit the app takes (terabytes too); anything else is refused at start', async () => {
  const service = await start('1tb');
  try {
    expect(await (await post(service.url, '/api/echo', bodyOf(5000))).json()).toEqual({ parsed: true });
    expect(await (await post(service.url, '/api/admin/echo', bodyOf(5000))).json()).toEqual({ parsed: true });
  } finally {
    await service.close();
  }
  for (const bad of ['lots', '-5kb', ''])
    await expect(start(bad)).rejects.toThrow(/is not a size such as 100kb or 1mb/);
});
