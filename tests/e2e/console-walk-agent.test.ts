/**
 * The agent console's side panel in Debian's Chromium, against the handoff harness (real socket.io,
 * a real SQLite file, the demo team): after an admin resolves a chat it says so (not "No escalation
 * yet"), after a hand back it says the chat went back to the bot, and a knowledge-base suggestion
 * whose text only repeats its FAQ question shows the question once and puts a link to the answer in
 * the reply box. The transcript formats bot text (chat Markdown) as the widget does.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../server/paths';
import { customerPage } from '../helpers/customer-page';
import { startHandoffHarness, type HandoffHarness } from '../helpers/handoff-harness';
import { CHROMIUM_ARGS } from '../helpers/widget-harness';

jest.setTimeout(120_000);

const QUESTION = 'Do you ship abroad?';
let harness: HandoffHarness;
let context: BrowserContext;
let profile: string;
let admin: Page;
const errors: string[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-web.mjs', '--only=console'], {
    cwd: projectRoot(),
    stdio: 'pipe',
  });
  harness = await startHandoffHarness({
    routes: [customerPage()],
    // As the knowledge base answers when a FAQ matched on its question: the passage is the question.
    suggestions: {
      suggest: async (text) =>
        /ship/i.test(text) ? [{ title: QUESTION, text: 'Do you ship abroad', link: '/help/faq-abroad' }] : [],
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
  admin = await context.newPage();
  admin.on('pageerror', (e) => errors.push(e.message));
  await admin.goto(`${harness.url}/console`);
  await admin.waitForSelector('#email');
  await admin.fill('#email', 'admin@fellwicktarn.example');
  await admin.fill('#password', 'parley-demo');
  await admin.press('#password', 'Enter');
  await admin.waitForSelector('.presence-online');
});

afterAll(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
  await harness?.close();
});

/** A customer asks `text` on their own page; the admin opens that chat from "All" and takes it over. */
async function takeOver(text: string): Promise<Page> {
  const customer = await context.newPage();
  await customer.goto(`${harness.url}/test/customer`);
  await customer.fill('#text', text);
  await customer.press('#text', 'Enter');
  await customer.waitForSelector('li.bot');
  await admin.keyboard.press('3');
  await admin.locator('.live .card', { hasText: text }).click();
  // The chat on screen is this one (until it arrives, the keys leave the previous chat alone).
  await admin.locator('#transcript .msg-customer', { hasText: text }).waitFor();
  await admin.waitForSelector('.conversation-header button:has-text("Take over")');
  await admin.keyboard.press('t');
  await admin.waitForSelector('.conversation-header button:has-text("Hand back to bot")');
  return customer;
}

const sidePanelTitle = () => admin.locator('#bot-state h2').textContent();

test('a resolved chat says it was resolved; a suggestion repeating its question links the answer', async () => {
  const customer = await takeOver('Do you ship to Norway at all?');

  const suggestion = admin.locator('.suggestion', { hasText: QUESTION });
  await suggestion.waitFor();
  expect(await suggestion.locator('strong').textContent()).toBe(QUESTION);
  expect(await suggestion.textContent()).toBe(`${QUESTION}Sends a link to the full answer.`);
  await suggestion.click();
  expect(await admin.inputValue('#reply')).toContain(`${QUESTION} ${harness.url}/help/faq-abroad`);
  await admin.fill('#reply', '');

  await admin.keyboard.press('Escape');
  await admin.locator('body').click({ position: { x: 700, y: 60 } });
  await admin.keyboard.press('e');
  await customer.waitForSelector('li.bot:has-text("how would you rate this chat")');
  await admin.waitForSelector('#bot-state');
  expect(await sidePanelTitle()).toBe('Resolved');
  expect(await admin.locator('#bot-state').textContent()).not.toContain('No escalation yet');
  await customer.close();
});

test('the transcript shows a bot answer formatted as the customer saw it, and what the customer typed as typed', async () => {
  const asked = 'Which **payment** methods do you take?';
  const customer = await context.newPage();
  await customer.goto(`${harness.url}/test/customer`);
  await customer.fill('#text', asked);
  await customer.press('#text', 'Enter');
  await customer.waitForSelector('li.bot');
  // A knowledge-base answer as the bot sends it: the chat Markdown subset with a help-centre link.
  const [conversation] = await harness.store.conversations.listRecent('bot', { limit: 1 });
  await harness.store.messages.append({
    conversationId: conversation.id,
    sender: 'bot',
    text: 'We take:\n\n- **cards**\n- bank transfer\n\nSee [payment options](/help/faq-payment) or <b>this</b>.',
  });
  await admin.keyboard.press('3');
  await admin.locator('.live .card', { hasText: 'Which' }).click();
  const answer = admin.locator('.msg-bot .msg-rich', { hasText: 'We take' });
  await answer.waitFor();
  expect(await answer.locator('li').allTextContents()).toEqual(['cards', 'bank transfer']);
  expect(await answer.locator('strong').textContent()).toBe('cards');
  const link = answer.locator('a');
  expect(await link.getAttribute('href')).toBe(`${harness.url}/help/faq-payment`);
  expect(await link.getAttribute('target')).toBe('_blank');
  // Markup that is not in the subset stays text.
  expect(await answer.locator('b').count()).toBe(0);
  expect(await answer.textContent()).toContain('<b>this</b>');
  expect(await admin.locator('.msg-customer .msg-text', { hasText: 'Which' }).textContent()).toBe(asked);
  await customer.close();
});

test('a chat handed back says it went back to the bot', async () => {
  const customer = await takeOver('Can I change my delivery address?');
  await admin.keyboard.press('Escape');
  await admin.locator('body').click({ position: { x: 700, y: 60 } });
  await admin.keyboard.press('b');
  await customer.waitForSelector('li.system:has-text("handed you back")');
  await admin.waitForSelector('#bot-state');
  expect(await sidePanelTitle()).toBe('Handed back to the bot');
  await customer.close();
});

test('a key pressed while another chat is opening leaves the chat on screen alone', async () => {
  const ask = async (text: string) => {
    const page = await context.newPage();
    await page.goto(`${harness.url}/test/customer`);
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    await page.waitForSelector('li.bot');
    return page;
  };
  const first = await ask('Where is my parcel from last week?');
  const second = await ask('Can I pay with a gift card?');
  // The two most recently active chats with the bot: the second customer's, then the first's.
  const ids = (await harness.store.conversations.listRecent('bot', { limit: 2 })).map((c) => c.id).reverse();
  await admin.keyboard.press('3');
  await admin.locator('.live .card', { hasText: 'Where is my parcel' }).click();
  await admin.locator('#transcript .msg-customer', { hasText: 'Where is my parcel' }).waitFor();

  // The agent clicks the next chat and presses "t" before it has arrived.
  await admin.evaluate(() => {
    const card = [...document.querySelectorAll<HTMLElement>('.live .card')].find((c) =>
      c.textContent?.includes('gift card'),
    );
    card?.click();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 't', bubbles: true }));
  });
  await admin.locator('#transcript .msg-customer', { hasText: 'gift card' }).waitFor();
  await admin.waitForSelector('.conversation-header button:has-text("Take over")');
  const states = async () =>
    Promise.all(ids.map(async (id) => (await harness.store.conversations.get(id))?.state));
  expect(await states()).toEqual(['bot', 'bot']);

  // Once it is on screen the key takes over that chat, and only that one.
  await admin.keyboard.press('t');
  await admin.waitForSelector('.conversation-header button:has-text("Hand back to bot")');
  expect(await states()).toEqual(['bot', 'agent']);
  await first.close();
  await second.close();
  expect(errors).toEqual([]);
});
