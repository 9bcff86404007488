/**
 * The widget through a handoff in Debian's Chromium, against the real service (startParley, the demo
 * shop, auto-assign) with Sam signed in on /agents: the agent's replies carry his name, the typing
 * indicator does not stick after the handoff notices, a hand-back says the assistant is back and the
 * chat goes on; a long paste is not cut without a word.
 */
import { rmSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import { ask } from '../helpers/handoff-harness';
import { serviceClients } from '../helpers/started-service';
import {
  buildWidget,
  launchChromium,
  openWidget,
  screenshotPath,
  sendMessage,
  startHostSite,
  startWidgetServer,
  type WidgetServer,
} from '../helpers/widget-harness';

jest.setTimeout(180_000);

let webDir: string;
let server: WidgetServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
let host: Awaited<ReturnType<typeof startHostSite>>;
let agent: Socket;

/** The agent's request over /agents, answered by its ack (an error reply throws). */
const agentAsk = (event: string, payload: unknown): Promise<unknown> => ask(agent, event, payload);

beforeAll(async () => {
  webDir = buildWidget();
  server = await startWidgetServer(webDir);
  browser = await launchChromium();
  host = await startHostSite({
    '/': `<!doctype html><html lang="en"><head><title>Host</title></head><body>
      <script src="${server.url}/widget.js" data-site="demo" async></script></body></html>`,
  });
  agent = await serviceClients(server.url).agent(); // Sam, online
});

afterAll(async () => {
  agent?.disconnect();
  await browser?.close();
  await host?.close();
  await server?.close();
  if (webDir) rmSync(webDir, { recursive: true, force: true });
});

test('agent name on replies, no stuck typing, and a hand-back that keeps the chat going', async () => {
  const page = await browser.context.newPage();
  const frame = await openWidget(page, host.url);
  const assigned = new Promise<{ id: string; conversationId: string }>((resolve) =>
    agent.on('escalation:new', (card: { id: string; conversationId: string }) => resolve(card)),
  );

  await sendMessage(frame, 'I want to talk to a person please');
  await frame.waitForSelector('text=Sam Ortega joined the chat.', { timeout: 60_000 });
  const { id, conversationId } = await assigned;
  // The handoff answered with notices only: the bot's "typing…" is gone with them.
  await frame.waitForSelector('.pw-typing', { state: 'hidden', timeout: 5_000 });
  // "Connecting…" is above "joined", as it happened.
  const notices = await frame.$$eval('.pw-notice', (els) => els.map((el) => el.textContent ?? ''));
  const connecting = notices.findIndex((t) => /Connecting you with a person/.test(t));
  expect(connecting).toBeGreaterThanOrEqual(0);
  expect(notices.findIndex((t) => /Sam Ortega joined/.test(t))).toBeGreaterThan(connecting);

  await agentAsk('agent:message', {
    conversationId,
    text: "Hi, I'm Sam — how can I help?",
    clientMessageId: 'sam-1',
  });
  await frame.waitForSelector('.pw-agent .pw-name');
  expect(await frame.textContent('.pw-agent .pw-name')).toBe('Sam Ortega');

  await agentAsk('escalation:handback', { escalationId: id });
  await frame.waitForSelector("text=You're chatting with our assistant again.");
  expect(await frame.$$eval('.pw-notice', (els) => els.map((el) => el.textContent))).not.toContain(
    'The conversation has ended.',
  );
  await page.screenshot({ path: screenshotPath('widget-walk-handback.png') });

  // The chat goes on with the bot.
  await sendMessage(frame, 'how much is shipping to the UK?');
  await frame.waitForFunction(
    () => {
      const items = [...document.querySelectorAll('.pw-log > .pw-msg')];
      const i = items.findIndex((li) => li.textContent?.includes('how much is shipping to the UK?'));
      return i >= 0 && items.slice(i + 1).some((li) => li.classList.contains('pw-bot'));
    },
    undefined,
    { timeout: 60_000 },
  );
  await page.close();
});

test('a long paste is kept whole and the customer is told how much is over the limit', async () => {
  const page = await browser.context.newPage();
  const frame = await openWidget(page, host.url);
  await frame.fill('#pw-input', 'x'.repeat(1850));
  await frame.waitForSelector('#pw-count:not([hidden])');
  expect(await frame.textContent('#pw-count')).toBe('1850 / 2000 characters');
  await frame.fill('#pw-input', 'y'.repeat(2100));
  expect(await frame.$eval('#pw-input', (el) => (el as HTMLTextAreaElement).value.length)).toBe(2100);
  expect(await frame.textContent('#pw-error')).toMatch(/100 characters over the 2000-character limit/);
  const before = (await frame.$$('.pw-customer')).length;
  await frame.press('#pw-input', 'Enter');
  expect(await frame.$$('.pw-customer')).toHaveLength(before); // nothing was sent
  await page.close();
});
