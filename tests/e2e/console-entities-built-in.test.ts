/**
 * The console's Entities page shows the built-in entity kinds the server lists (nlp/entities' table,
 * GET /api/admin/entities/built-in), in Debian's Chromium against the real admin API on a real SQLite
 * file, with the console bundles built from the current source; when they cannot be loaded it says so
 * and the rest of the page still works.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2Hash } from 'argon2';
import express, { Router } from 'express';
import pino from 'pino';
import type { Page } from 'playwright-core';
import type { ReplyEngine } from '../../bot';
import { BUILT_IN_ENTITY_KINDS } from '../../nlp';
import { adminRoutes } from '../../server/admin';
import { consoleRoutes } from '../../server/agents';
import { SessionManager, authRoutes } from '../../server/auth';
import { projectRoot } from '../../server/paths';
import { launchChromium } from '../helpers/widget-harness';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(120_000);

const ADMIN = 'ada.admin@example.com';
const PASSWORD = 'correct horse battery';
const silent: ReplyEngine = { respond: async () => [] };

let webDir: string;
let t: TestServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const errors: string[] = [];

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'parley-entities-web-'));
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--only=console', `--outdir=${webDir}`], {
    cwd: projectRoot(),
    stdio: 'pipe',
  });
  t = await startTestServer(async (s) => {
    const sessions = new SessionManager({ store: s });
    const bundles = Router();
    bundles.use('/static', express.static(webDir));
    return {
      engine: silent,
      routes: [
        bundles,
        consoleRoutes(),
        authRoutes({ sessions, users: s.users, signInLimit: { windowMs: 60_000, limit: 1000 } }),
        adminRoutes({ store: s, sessions, logger: pino({ level: 'silent' }) }),
      ],
    };
  });
  await t.store.users.create({
    email: ADMIN,
    name: 'Ada Admin',
    role: 'admin',
    passwordHash: await argon2Hash(PASSWORD),
    skills: [],
    capacity: 1,
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

async function entitiesPage(): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${t.url}/console`);
  await page.waitForSelector('#email');
  await page.fill('#email', ADMIN);
  await page.fill('#password', PASSWORD);
  await page.press('#password', 'Enter');
  await page.waitForSelector('.topbar .presence');
  await page.goto(`${t.url}/console#/admin/entities`);
  await page.waitForSelector('#admin-title:text-is("Entities")');
  return page;
}

test('lists every built-in kind the server describes, in its order, read only', async () => {
  const page = await entitiesPage();
  const table = page.locator('table.entity-built-in');
  await table.waitFor();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
  expect(rows).toEqual(BUILT_IN_ENTITY_KINDS.map((kind) => [kind.label, kind.matches, kind.example]));
  expect(await table.locator('input').count()).toBe(0);
  await page.close();
  expect(errors).toEqual([]);
});

test('says so when the built-in kinds cannot be loaded, and the lists still work', async () => {
  // Signed in (the cookie stays in the browser context), then a new tab where that one call fails.
  await (await entitiesPage()).close();
  const retry = await browser.context.newPage();
  retry.on('pageerror', (e) => errors.push(e.message));
  await retry.route('**/api/admin/entities/built-in', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ error: { code: 'internal', message: 'Something went wrong on our side.' } }),
    }),
  );
  await retry.goto(`${t.url}/console#/admin/entities`);
  const alert = retry.locator('.entity-built-in-error[role="alert"]');
  await alert.waitFor();
  expect(await alert.textContent()).toBe(
    'The built-in kinds could not be loaded: Something went wrong on our side. Your lists and patterns below still work; reload the page to try again.',
  );
  expect(await retry.locator('table.entity-built-in').count()).toBe(0);
  await retry.getByRole('button', { name: 'Add a list' }).click();
  await retry.locator('.entity-list-name').waitFor();
  await retry.close();
  expect(errors).toEqual([]);
});
