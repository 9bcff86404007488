import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Registry } from 'prom-client';
import { createApp } from '../http/app';
import { createWidgetRouter, DEMO_SITE, siteDirectory, type SiteConfig } from '.';

const shop: SiteConfig = {
  siteId: 'shop-1',
  theme: {
    ...DEMO_SITE.theme,
    colour: '#aa3377',
    position: 'left',
    title: 'Shop help',
    greeting: 'Hello',
    locale: 'de',
    avatar: null,
  },
  allowedOrigins: ['https://shop.example', 'http://localhost:8080'],
};

describe('widget router (mounted in the real app, behind helmet)', () => {
  let dir: string;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-widget-'));
    writeFileSync(join(dir, 'widget.js'), 'console.log("loader")');
    writeFileSync(join(dir, 'widget-app.js'), 'console.log("app")');
    writeFileSync(join(dir, 'widget-app.css'), 'body{}');
    const app = createApp({
      logger: pino({ level: 'silent' }),
      metrics: new Registry(),
      bodyLimit: '100kb',
      readiness: { pingStore: async () => undefined, modelReady: () => true, shuttingDown: () => false },
      routes: [createWidgetRouter({ sites: siteDirectory([DEMO_SITE, shop]), webDir: dir })],
    });
    server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("returns a site's theme", async () => {
    const res = await fetch(`${url}/api/sites/shop-1/widget-config`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      siteId: 'shop-1',
      theme: {
        colour: '#aa3377',
        position: 'left',
        title: 'Shop help',
        avatar: null,
        greeting: 'Hello',
        locale: 'de',
      },
    });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('returns the demo site with its defaults, and never the allowed origins', async () => {
    const body = await (await fetch(`${url}/api/sites/demo/widget-config`)).json();
    expect(body.theme).toMatchObject({ colour: '#2f4538', position: 'right', locale: 'auto' });
    expect(body.theme.title.en).toMatch(/Fellwick/);
    expect(body.theme.greeting.de).toMatch(/Hallo/);
    expect(body).not.toHaveProperty('allowedOrigins');
  });

  it.each([
    ['bad%20id', 400, 'validation_failed'],
    [`${'x'.repeat(65)}`, 400, 'validation_failed'],
    ['-leading-dash', 400, 'validation_failed'],
    ['nosuchsite', 404, 'not_found'],
  ])('answers %s with %i', async (siteId, status, code) => {
    const res = await fetch(`${url}/api/sites/${siteId}/widget-config`);
    expect(res.status).toBe(status);
    expect((await res.json()).error.code).toBe(code);
  });

  it('serves the loader so other sites can load it', async () => {
    const res = await fetch(`${url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
  });

  it("serves a frame page only the site's origins may embed", async () => {
    const res = await fetch(`${url}/widget/frame/shop-1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-frame-options')).toBeNull();
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'self' https://shop.example http://localhost:8080");
    expect(csp).toContain("script-src 'self'");
    const html = await res.text();
    const [, version] = /app\.js\?v=([0-9a-f]{12})/.exec(html)!;
    const app = await fetch(`${url}/widget/app.js?v=${version}`);
    expect(app.headers.get('cache-control')).toContain('immutable');
    expect(await app.text()).toContain('app');
    expect((await fetch(`${url}/widget/frame/demo`)).headers.get('content-security-policy')).toContain(
      "frame-ancestors 'self' *",
    );
  });

  it('refuses frames for unknown or malformed sites', async () => {
    expect((await fetch(`${url}/widget/frame/nosuchsite`)).status).toBe(404);
    expect((await fetch(`${url}/widget/frame/a.b`)).status).toBe(400);
  });

  it('says plainly when the widget has not been built', async () => {
    rmSync(join(dir, 'widget.js'));
    const res = await fetch(`${url}/widget.js`);
    expect(res.status).toBe(503);
    expect((await res.json()).error.message).toMatch(/npm run build/);
    writeFileSync(join(dir, 'widget.js'), 'console.log("loader")');
  });

  it('rejects invalid site definitions at start-up', () => {
    expect(() => siteDirectory([{ ...shop, theme: { ...shop.theme, colour: 'red' } }])).toThrow(
      /theme.colour/,
    );
    expect(() => siteDirectory([{ ...shop, allowedOrigins: ['javascript:alert(1)'] }])).toThrow(
      /allowedOrigins/,
    );
    expect(() => siteDirectory([shop, shop])).toThrow(/twice/);
  });
});
