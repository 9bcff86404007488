/**
 * For the widget's end-to-end tests: the real service from `startParley` (SQLite in a temp data dir,
 * the demo data, the trained intent model) with the widget router composed in front of it, a
 * restart on the same port and data dir, a cross-origin host page, and a Chromium.
 *
 * startParley mounts the widget router on the built bundles in dist/web; the tests put a second one in
 * front that serves bundles built from the current source into a temp folder (and test-only sites),
 * so they never run against a stale build.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Router } from 'express';
import pino from 'pino';
import { chromium, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { loadConfig } from '../../server/config';
import { errorHandler } from '../../server/http/app';
import { projectRoot } from '../../server/paths';
import { startParley, type RunningParley } from '../../server/start';
import { createWidgetRouter, siteDirectory, DEMO_SITE, type SiteConfig } from '../../server/widget';

export const ARTIFACTS = join(projectRoot(), 'artifacts');

/** Builds the widget bundles (loader, app, CSS) into a temporary folder; returns it. */
export function buildWidget(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'parley-web-'));
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--only=widget', `--outdir=${outdir}`], {
    cwd: projectRoot(),
    stdio: 'pipe',
  });
  return outdir;
}

/** Puts routers in front of a running server's request handling (express app and socket.io). */
export function compose(http: Server, routers: Router[]): void {
  const original = http.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  http.removeAllListeners('request');
  const front = express();
  for (const router of routers) front.use(router);
  front.use((req: IncomingMessage, res: ServerResponse) => {
    for (const listener of original) listener.call(http, req, res);
  });
  front.use(errorHandler(pino({ level: 'silent' })));
  http.on('request', front);
}

export interface WidgetServer {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  readonly parley: RunningParley;
  /** Stops the service (the widget sees the connection drop). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data dir. */
  start(): Promise<void>;
  close(): Promise<void>;
}

export async function startWidgetServer(
  webDir: string,
  sites: SiteConfig[] = [DEMO_SITE],
): Promise<WidgetServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-widget-e2e-'));
  let port = 0;
  let parley: RunningParley | null = null;
  const start = async (): Promise<void> => {
    const config = loadConfig({
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SHUTDOWN_TIMEOUT_MS: '3000',
    });
    const running = await startParley(config, pino({ level: 'silent' }));
    compose(running.http, [createWidgetRouter({ sites: siteDirectory(sites), webDir })]);
    port = running.port;
    await running.ready;
    parley = running;
  };
  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    dataDir,
    get parley() {
      return parley!;
    },
    async stop() {
      const running = parley;
      parley = null;
      await running?.shutdown();
    },
    start,
    async close() {
      await parley?.shutdown();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A page on another origin (`localhost` vs the widget's `127.0.0.1`) that embeds the widget. */
export async function startHostSite(
  pages: Record<string, string>,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const body = pages[(req.url ?? '/').split('?')[0]];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://localhost:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's Chromium with a fresh profile (user data dir), removed on close. */
export async function launchChromium(
  options: { locale?: string } = {},
): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    locale: options.locale ?? 'en-GB',
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The widget's iframe in a page, once its app has rendered the launcher. */
export async function widgetFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-parley-widget]', { state: 'attached' });
  const frame = (await handle.contentFrame())!;
  await frame.waitForSelector('.pw-launcher', { state: 'visible' });
  return frame;
}

/** Opens the host page at `url` and the widget's panel (it stays open across pages: saved state). */
export async function openWidget(page: Page, url: string): Promise<Frame> {
  await page.goto(url);
  const frame = await widgetFrame(page);
  if ((await frame.getAttribute('.pw-launcher', 'aria-expanded')) !== 'true')
    await frame.click('.pw-launcher');
  await frame.waitForSelector('#pw-input', { state: 'visible' });
  return frame;
}

/** Types a message into the widget and sends it with Enter. */
export async function sendMessage(frame: Frame, text: string): Promise<void> {
  await frame.fill('#pw-input', text);
  await frame.press('#pw-input', 'Enter');
}

/**
 * The widget's saved state: in its own storage, or (where the browser blocks third-party storage,
 * as this Chromium does for the cross-origin host page) in the host page's, kept by the loader.
 */
export async function savedWidgetState<T = { visitorToken?: string; conversationId?: string }>(
  frame: Frame,
): Promise<T> {
  const own = await frame.evaluate(() => {
    try {
      return localStorage.getItem('parley:demo');
    } catch {
      return null;
    }
  });
  const relayed =
    own ?? (await frame.page().evaluate(() => localStorage.getItem('parley-widget:parley:demo')));
  return JSON.parse(relayed ?? '{}') as T;
}

export function screenshotPath(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
