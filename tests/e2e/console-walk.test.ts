/**
 * Defects found walking the admin console, in Debian's Chromium against the real admin and training
 * APIs (createParleyServer, a real SQLite file, sign-in with argon2, a real TrainingService with its
 * model registry in the data dir, training in-process on three small intents) and the console
 * bundles built from the current source:
 *
 * - the Training page shows the server's latest job after a fresh sign-in: a running one (then its
 *   report when it finishes), a ready one with its report and "Go live", a failed one with its reason;
 * - the FAQ and intent editors' headings show the saved version after a save;
 * - a phrasing another intent has is refused with a message naming that intent;
 * - the audit log names intents and the people who changed them (ids and emails stay in the tooltip);
 * - the Entities page lists the built-in kinds.
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
import { BUILT_IN_ENTITY_KINDS, IntentRecognizer } from '../../nlp';
import { trainIntents, type TrainingRequest } from '../../nlp/training';
import { SMALL_INTENTS } from '../../nlp/training/__fixtures__/small-intents';
import { adminRoutes } from '../../server/admin';
import { consoleRoutes } from '../../server/agents';
import { SessionManager, authRoutes } from '../../server/auth';
import { LiveLanguageModel } from '../../server/language-model';
import { projectRoot } from '../../server/paths';
import { ModelRegistry, TrainingService, trainingRoutes } from '../../server/training';
import type { Store } from '../../store';
import { launchChromium } from '../helpers/widget-harness';
import { startTestServer, type TestServer } from '../helpers/test-server';

jest.setTimeout(180_000);

const ADMIN = 'ada.admin@example.com';
const PASSWORD = 'correct horse battery';
const silent: ReplyEngine = { respond: async () => [] };

let webDir: string;
let modelsDir: string;
let t: TestServer;
let store: Store;
let training: TrainingService;
let browser: Awaited<ReturnType<typeof launchChromium>>;
const errors: string[] = [];

/** How the next training runs: normally, failing with a reason, or held until released. */
let nextRun: 'train' | 'fail' | { hold: Promise<void> } = 'train';
const train = async (request: TrainingRequest) => {
  const run = nextRun;
  nextRun = 'train';
  if (run === 'fail') throw new Error('The intents could not be read.');
  if (typeof run === 'object') await run.hold;
  return trainIntents(request);
};

beforeAll(async () => {
  webDir = mkdtempSync(join(tmpdir(), 'parley-console-walk-web-'));
  modelsDir = mkdtempSync(join(tmpdir(), 'parley-console-walk-models-'));
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--only=console', `--outdir=${webDir}`], {
    cwd: projectRoot(),
    stdio: 'pipe',
  });
  t = await startTestServer(async (s) => {
    for (const intent of SMALL_INTENTS) await s.intents.create({ ...intent, responses: [] });
    const registry = await new ModelRegistry({ dir: modelsDir }).open();
    const initial = await IntentRecognizer.train(SMALL_INTENTS);
    const version = await registry.add(
      { model: initial.toJSON(), definitions: SMALL_INTENTS, report: null },
      { createdBy: 'system', origin: 'startup', embedderModelId: null },
    );
    await registry.setLive(version.id);
    const live = new LiveLanguageModel(initial, { modelId: version.id });
    training = new TrainingService({ store: s, live, registry, train, folds: 3 });
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
        trainingRoutes({ sessions, store: s, model: { training, registry, live } }),
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
  await training?.stop();
  await browser?.close();
  await t?.close();
  for (const dir of [webDir, modelsDir]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh sign-in (no cookies, a new tab: nothing kept from an earlier tab). */
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

async function openAdmin(page: Page, where: string): Promise<void> {
  await page.goto(`${t.url}/console#/admin/${where}`);
  await page.waitForSelector('#admin-title');
}

/** Clicks Save and waits for the server's answer and the editor's status line. */
async function save(page: Page, method: 'PUT' | 'POST', path: string): Promise<number> {
  const answer = page.waitForResponse((r) => r.request().method() === method && r.url().includes(path));
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  const status = (await answer).status();
  await page.waitForSelector('.editor-form .status-line.status-ok, .editor-form .status-line.status-error');
  return status;
}

/** The editor's status line (or, with no editor, the page's own). */
const statusText = (page: Page) =>
  page.locator('.editor-form .status-line, .admin-page > .status-line').first().textContent();

describe('the Training page follows the server’s latest job', () => {
  test('a ready job: its report and “Go live” after signing in again, in a new tab', async () => {
    const { job } = training.start(ADMIN);
    expect((await training.settled(job.id))?.status).toBe('ready');

    const page = await signedInPage();
    await openAdmin(page, 'training');
    await page.waitForSelector('#validation-report');
    expect(await page.locator('#validation-report h2').textContent()).toBe('Validation report');
    await page.getByRole('button', { name: 'Go live', exact: true }).click();
    await page.waitForFunction(() =>
      document.querySelector('.admin-page > .status-line')?.textContent?.includes('This model is live.'),
    );
    expect(training.get(job.id)?.status).toBe('deployed');
    await page.close();
  });

  test('a failed job shows its reason', async () => {
    nextRun = 'fail';
    const { job } = training.start(ADMIN);
    expect((await training.settled(job.id))?.status).toBe('failed');

    const page = await signedInPage();
    await openAdmin(page, 'training');
    const failure = page.locator('#training-job .notice-error');
    await failure.waitFor();
    expect(await failure.textContent()).toContain('The intents could not be read.');
    expect(await statusText(page)).toBe('Training failed.');
    await page.close();
  });

  test('a running job shows as running, then its report when it finishes', async () => {
    let release = () => undefined as void;
    nextRun = { hold: new Promise<void>((resolve) => (release = resolve)) };
    const { job } = training.start(ADMIN);

    const page = await signedInPage();
    await openAdmin(page, 'training');
    await page.waitForFunction(() =>
      document.querySelector('.admin-page > .status-line')?.textContent?.startsWith('Training the new model'),
    );
    expect(await page.locator('#retrain').isDisabled()).toBe(true);
    release();
    await training.settled(job.id);
    await page.waitForSelector('#validation-report');
    expect(await page.locator('#deploy').isVisible()).toBe(true);
    await page.close();
  });
});

test('the FAQ editor’s heading shows the version just saved, and saving again works', async () => {
  await store.articles.create({
    id: 'faq-returns',
    kind: 'faq',
    title: 'How do I return something?',
    body: 'Use the returns form.',
    published: true,
  });
  const page = await signedInPage();
  await openAdmin(page, 'knowledge/faq:faq-returns');
  await page.waitForSelector('#article-title');
  const head = page.locator('.editor-head');
  expect(await head.locator('.muted').textContent()).toMatch(/^Version 1 · saved /);

  await page.fill('#article-title', 'How do I send something back?');
  expect(await save(page, 'PUT', '/api/admin/articles/')).toBe(200);
  expect(await statusText(page)).toBe('Saved and published.');
  expect(await head.locator('h2').textContent()).toBe('How do I send something back?');
  expect(await head.locator('.muted').textContent()).toMatch(/^Version 2 · saved /);

  await page.fill('#article-body', 'Use the returns form in your account.');
  expect(await save(page, 'PUT', '/api/admin/articles/')).toBe(200);
  expect(await head.locator('.muted').textContent()).toMatch(/^Version 3 · saved /);
  expect((await store.articles.get('faq-returns'))?.version).toBe(3);
  await page.close();
  expect(errors).toEqual([]);
});

test('the intent editor: the heading follows saves, and another intent’s phrasing is refused by name', async () => {
  const intent = (await store.intents.getByName('order_status'))!;
  const page = await signedInPage();
  await openAdmin(page, `intents/${intent.id}`);
  await page.waitForSelector('#intent-name');
  const head = page.locator('.editor-head .muted');
  expect(await head.textContent()).toMatch(/^Version 1 · /);

  await page.fill('#utterances-new', 'where has my parcel got to');
  expect(await save(page, 'PUT', '/api/admin/intents/')).toBe(200);
  expect(await head.textContent()).toMatch(/^Version 2 · /);

  // "Hello!" is greeting's ("hello"): refused, and the message says whose it is.
  await page.fill('#utterances-new', 'Hello!');
  expect(await save(page, 'PUT', '/api/admin/intents/')).toBe(409);
  expect(await statusText(page)).toContain('"Hello!" is already a phrasing of the intent greeting');
  expect(await head.textContent()).toMatch(/^Version 2 · /);
  expect((await store.intents.get(intent.id))?.utterances).not.toContain('Hello!');

  // The audit log names the intent; its id is in the tooltip. (A new tab: this one holds unsaved edits.)
  await page.close();
  const audit = await signedInPage();
  await openAdmin(audit, 'audit');
  const record = audit.locator('.audit-record', { hasText: 'order_status' }).first();
  await record.waitFor();
  expect(await record.textContent()).toBe('intent order_status');
  expect(await record.getAttribute('title')).toBe(`id ${intent.id}`);
  // Who made it: her name; her email and id are in the tooltip.
  const actor = audit.locator('tr', { has: record }).locator('.audit-actor');
  expect(await actor.textContent()).toBe('Ada Admin');
  expect(await actor.getAttribute('title')).toMatch(/^ada\.admin@example\.com · id \S+$/);
  await audit.close();
  expect(errors).toEqual([]);
});

test('the Entities page lists the built-in kinds, read only', async () => {
  const page = await signedInPage();
  await openAdmin(page, 'entities');
  const builtIn = page.locator('table.entity-built-in');
  await builtIn.waitFor();
  const kinds = await builtIn.locator('tbody th').allTextContents();
  expect(kinds).toEqual(expect.arrayContaining(['Order number', 'Email', 'Product']));
  expect(await builtIn.locator('input').count()).toBe(0);
  expect(await page.locator('h2.section-title').allTextContents()).toEqual([
    'Built in',
    'Your lists',
    'Your patterns',
  ]);
  await page.close();
  expect(errors).toEqual([]);
});

test('the built-in kinds are the server’s table, in its order', async () => {
  const page = await signedInPage();
  await openAdmin(page, 'entities');
  const table = page.locator('table.entity-built-in');
  await table.waitFor();
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => cell.textContent)));
  expect(rows).toEqual(BUILT_IN_ENTITY_KINDS.map((kind) => [kind.label, kind.matches, kind.example]));
  await page.close();
  expect(errors).toEqual([]);
});

test('the Entities page says so when the built-in kinds cannot be loaded, and the lists still work', async () => {
  // Signed in (the cookie stays in the browser context), then a new tab where that one call fails.
  await (await signedInPage()).close();
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
