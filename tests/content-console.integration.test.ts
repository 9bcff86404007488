/**
 * The console's knowledge editor in Debian's Chromium, against the real admin API (createParleyServer,
 * a real SQLite file, sign-in with argon2) and the console bundles built from the current source:
 * saving an article keeps what the editor does not show (alternatives an import gave it), and tags
 * come back from a save exactly as they were, commas included.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hash as argon2Hash } from 'argon2';
import express, { Router } from 'express';
import pino from 'pino';
import type { Page } from 'playwright-core';
import type { ReplyEngine } from '../bot';
import { adminRoutes } from '../server/admin';
import { consoleRoutes } from '../server/agents';
import { SessionManager, authRoutes } from '../server/auth';
import { projectRoot } from '../server/paths';
import type { Store } from '../store';
import { launchChromium } from './helpers/widget-harness';
import { startTestServer, type TestServer } from './helpers/test-server';

jest.setTimeout(120_000);

const ADMIN = 'ada.admin@example.com';
const PASSWORD = 'correct horse battery';
const silent: ReplyEngine = { respond: async () => [] };

let webDir: string;
let t: TestServer;
let store: Store;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const errors: string[] = [];

beforeAll(async () => {
  // The console bundles into a temp folder (not dist/web, which other runs may be using).
  webDir = mkdtempSync(join(tmpdir(), 'parley-console-web-'));
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
  store = t.store;
  await store.users.create({
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

async function signedInPage(): Promise<Page> {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${t.url}/console`);
  await page.waitForSelector('#email');
  await page.fill('#email', ADMIN);
  await page.fill('#password', PASSWORD);
  await page.press('#password', 'Enter');
  await page.waitForSelector('.topbar .presence');
  return page;
}

/** Clicks Save and waits for the server's answer (200) and the editor's "Saved". */
async function save(page: Page): Promise<void> {
  const answer = page.waitForResponse(
    (r) => r.request().method() === 'PUT' && r.url().includes('/api/admin/articles/'),
  );
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  expect((await answer).status()).toBe(200);
  await page.waitForSelector('.status-line.status-ok');
}

/** Opens the editor of `kind:id`, changes nothing but the title, and saves. */
async function retitle(page: Page, item: string, title: string): Promise<void> {
  await page.goto(`${t.url}/console#/admin/knowledge/${item}`);
  await page.waitForSelector('#article-title');
  await page.fill('#article-title', title);
  await save(page);
}

const tagRows = (page: Page) =>
  page
    .locator('#article-tags .list-editor-value')
    .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));

test('saving an article keeps its alternatives and its tags, commas and all', async () => {
  await store.articles.create({
    id: 'kb-wool-care',
    kind: 'article',
    title: 'Caring for wool',
    body: 'Wash it cold.',
    // As an import may give an article: the editor does not show them, a save must not drop them.
    alternatives: ['How do I wash wool?'],
    tags: ['care, washing', 'wool'],
  });
  const page = await signedInPage();
  await retitle(page, 'article:kb-wool-care', 'Caring for wool and cashmere');
  expect(await store.articles.get('kb-wool-care')).toMatchObject({
    title: 'Caring for wool and cashmere',
    alternatives: ['How do I wash wool?'],
    tags: ['care, washing', 'wool'],
    version: 2,
  });

  // One row per tag; a new tag with a comma in it is one tag.
  expect(await tagRows(page)).toEqual(['care, washing', 'wool']);
  await page.fill('#article-tags-new', 'gifts, wrapped');
  await page.press('#article-tags-new', 'Enter');
  await save(page);
  const saved = await store.articles.get('kb-wool-care');
  expect(saved?.tags.sort()).toEqual(['care, washing', 'gifts, wrapped', 'wool']);
  expect(saved?.alternatives).toEqual(['How do I wash wool?']);
  await page.close();
  expect(errors).toEqual([]);
});

test('saving a FAQ keeps its tags and still saves the alternatives it edits', async () => {
  await store.articles.create({
    id: 'faq-pay',
    kind: 'faq',
    title: 'How can I pay?',
    body: 'Cards and PayPal.',
    alternatives: ['Which payment methods do you take?'],
    tags: ['payment, cards'],
  });
  const page = await signedInPage();
  await retitle(page, 'faq:faq-pay', 'How can I pay for my order?');
  expect(await store.articles.get('faq-pay')).toMatchObject({
    title: 'How can I pay for my order?',
    alternatives: ['Which payment methods do you take?'],
    tags: ['payment, cards'],
  });
  // Typed but not added with Enter: saved all the same.
  await page.fill('#alternatives-new', 'Do you take PayPal?');
  await save(page);
  expect((await store.articles.get('faq-pay'))?.alternatives.sort()).toEqual([
    'Do you take PayPal?',
    'Which payment methods do you take?',
  ]);
  expect((await store.articles.get('faq-pay'))?.tags).toEqual(['payment, cards']);
  await page.close();
  expect(errors).toEqual([]);
});
