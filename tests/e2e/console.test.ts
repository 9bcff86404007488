/**
 * The agent console end to end in Debian's Chromium: an agent signs in, a customer on their own page
 * asks for a person, the escalation card appears (with its summary), the agent opens and claims it
 * with the keyboard, replies (a canned response expanded with Tab, then free text), and the customer's
 * page shows the replies. Markup in messages stays text. Screenshots go to artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../server/paths';
import { customerPage } from '../helpers/customer-page';
import { startHandoffHarness, type HandoffHarness } from '../helpers/handoff-harness';

jest.setTimeout(120_000);

const ARTIFACTS = join(projectRoot(), 'artifacts');
const shot = (name: string) => join(ARTIFACTS, name);
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let harness: HandoffHarness;
let context: BrowserContext;
let profile: string;

beforeAll(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  // The console bundle the app serves under /static (dist/web), built as `npm run build` would.
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--only=console'], {
    cwd: projectRoot(),
    stdio: 'pipe',
  });
  harness = await startHandoffHarness({
    routes: [customerPage()],
    suggestions: {
      suggest: async (text) =>
        /arriv|deliver|parcel|order/i.test(text)
          ? [
              {
                title: 'Where is my order?',
                text: 'Orders ship within 1–2 business days; you can follow yours with the tracking link in the shipping email.',
                link: '/help/faq-where-is-my-order',
              },
            ]
          : [],
    },
  });
  profile = mkdtempSync(join(tmpdir(), 'parley-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1440, height: 900 },
    locale: 'en-GB',
  });
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await harness?.close();
});

async function customerSays(page: Page, text: string): Promise<void> {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

test('an agent signs in, sees the escalation card, claims it, replies; the customer sees the reply', async () => {
  const errors: string[] = [];
  const agent = await context.newPage();
  agent.on('pageerror', (e) => errors.push(e.message));
  // Expected 401s (the session probe before signing in, the wrong password) are logged as resource errors.
  agent.on(
    'console',
    (m) => m.type() === 'error' && !m.text().startsWith('Failed to load resource') && errors.push(m.text()),
  );

  // Sign in.
  await agent.goto(`${harness.url}/console`);
  await agent.waitForSelector('#email');
  await agent.fill('#email', 'sam.ortega@fellwicktarn.example');
  await agent.fill('#password', 'wrong');
  await agent.press('#password', 'Enter');
  await agent.waitForSelector('.form-error:has-text("do not match")');
  await agent.fill('#password', 'parley-demo');
  await agent.press('#password', 'Enter');
  await agent.waitForSelector('.presence-online');
  await agent.waitForSelector('.inbox .empty');

  // The customer asks for a person on their own page.
  const customer = await context.newPage();
  await customer.goto(`${harness.url}/test/customer`);
  await customerSays(
    customer,
    'Hi, my order A1042 has still not arrived and the tracking has not moved for days.',
  );
  await customer.waitForSelector('li.bot');
  await customerSays(customer, 'I want to talk to a person please');
  await customer.waitForSelector('li.bot:has-text("in the queue")');

  // The card appears with its summary; the title counts the queue.
  const card = agent.locator('.inbox .card').first();
  await card.waitFor();
  await expectText(card, 'Asked for a person');
  await expectText(card, 'A1042');
  expect(await agent.title()).toMatch(/^\(1\) Parley/);
  await agent.screenshot({ path: shot('console-1-escalation-card.png') });

  // Keyboard: open the focused card, claim it.
  await agent.keyboard.press('Enter');
  await agent.waitForSelector('.conversation-header button:has-text("Claim")');
  await agent.waitForSelector('.side .problem');
  await expectText(agent.locator('.side'), 'Summary');
  await expectText(agent.locator('.side'), 'Where is my order?'); // knowledge-base suggestion
  await agent.keyboard.press('c');
  await agent.waitForSelector('.conversation-header button:has-text("Resolve")');
  await customer.waitForSelector('li.system:has-text("Sam Ortega from our team has joined the chat.")');

  // A canned response by shortcut, then a free reply.
  await agent.focus('#reply');
  await agent.keyboard.type('/hi');
  await agent.waitForSelector('#canned-menu li.active');
  await agent.keyboard.press('Tab');
  expect(await agent.inputValue('#reply')).toMatch(/^Hi, thanks for waiting/);
  await agent.keyboard.press('Enter');
  await customer.waitForSelector('li.agent:has-text("Hi, thanks for waiting")');
  await agent.fill('#reply', 'I have chased Heronway: A1042 will be delivered tomorrow before noon.');
  await agent.keyboard.press('Enter');
  await customer.waitForSelector('li.agent:has-text("delivered tomorrow before noon")');
  await agent.waitForSelector('.msg-agent:has-text("delivered tomorrow before noon")');

  // A reply typed while the previous one is still on its way survives that one's confirmation (the
  // box used to be emptied when the server confirmed, wiping what the agent had typed meanwhile).
  await agent.evaluate(() => {
    const box = document.querySelector<HTMLTextAreaElement>('#reply')!;
    box.value = 'One more thing: the courier will call ahead.';
    box.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }));
    box.value = 'And the delivery is free this time.'; // typed before the confirmation arrives
  });
  await customer.waitForSelector('li.agent:has-text("the courier will call ahead")');
  await agent.waitForSelector('.msg-agent:has-text("the courier will call ahead")');
  expect(await agent.inputValue('#reply')).toBe('And the delivery is free this time.');
  await agent.keyboard.press('Enter');
  await customer.waitForSelector('li.agent:has-text("the delivery is free this time")');

  // What the customer writes reaches the console as text, never as markup.
  await customerSays(customer, '<img src=x onerror="window.pwned=1"><b>Thanks!</b>');
  await agent.waitForSelector('.msg-customer:has-text("<b>Thanks!</b>")');
  expect(await agent.locator('#transcript img, #transcript b').count()).toBe(0);
  expect(await agent.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

  await agent.screenshot({ path: shot('console-2-conversation.png') });
  await customer.screenshot({ path: shot('console-3-customer-page.png') });

  // Resolve: the conversation leaves the inbox and the customer is asked to rate.
  await agent.keyboard.press('Escape');
  await agent.locator('body').click({ position: { x: 700, y: 60 } });
  await agent.keyboard.press('e');
  await customer.waitForSelector('li.bot:has-text("how would you rate this chat")');
  await agent.waitForSelector('.inbox .empty');
  await agent.screenshot({ path: shot('console-4-resolved.png') });

  expect(errors).toEqual([]);
});

test('an admin takes over a live bot conversation from "All", and hands it back to the bot', async () => {
  const customer = await context.newPage();
  await customer.goto(`${harness.url}/test/customer`);
  await customerSays(customer, 'Do you ship to Norway?');
  await customer.waitForSelector('li.bot');

  const admin = await context.newPage();
  await admin.goto(`${harness.url}/console`);
  // Signed in as Sam from the first test (same browser profile)? Sign out first.
  await admin.waitForSelector('#email, .topbar');
  if (await admin.locator('.topbar').count()) {
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await admin.waitForSelector('.form-error:has-text("You signed out.")');
  }
  await admin.fill('#email', 'admin@fellwicktarn.example');
  await admin.fill('#password', 'parley-demo');
  await admin.press('#password', 'Enter');
  await admin.waitForSelector('.presence-online');
  await admin.keyboard.press('3');
  await admin.waitForSelector('.live .card');
  await admin.locator('.live .card', { hasText: 'Do you ship to Norway?' }).click();
  await admin.waitForSelector('.conversation-header button:has-text("Take over")');
  await admin.keyboard.press('t');
  await admin.waitForSelector('.conversation-header button:has-text("Hand back to bot")');
  await customer.waitForSelector('li.system:has-text("Rosa Achterberg from our team has joined the chat.")');
  await admin.fill('#reply', 'Yes — we ship to Norway in 3–5 business days.');
  await admin.keyboard.press('Enter');
  await customer.waitForSelector('li.agent:has-text("ship to Norway in 3–5")');

  await admin.keyboard.press('Escape');
  await admin.keyboard.press('?');
  await admin.waitForSelector('dialog[open] >> text=Keyboard shortcuts');
  await admin.screenshot({ path: shot('console-5-shortcuts.png') });
  await admin.keyboard.press('Escape');

  await admin.waitForSelector('dialog', { state: 'detached' });
  await admin.keyboard.press('b');
  await customer.waitForSelector('li.system:has-text("handed you back")');
  const botReplies = await customer.locator('li.bot').count();
  await customerSays(customer, 'How much is shipping to the UK?');
  await customer.locator('li.bot').nth(botReplies).waitFor();
  expect((await harness.store.conversations.listByState('agent')).length).toBe(0);
});

async function expectText(locator: ReturnType<Page['locator']>, text: string): Promise<void> {
  await locator.getByText(text, { exact: false }).first().waitFor({ timeout: 10_000 });
}
