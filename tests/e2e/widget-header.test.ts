/**
 * The widget's header through a handoff in Debian's Chromium, against the real service (startParley,
 * the demo shop) with Sam signed in on /agents: it says the assistant replies, then that the customer
 * is waiting for a person, then whom they are chatting with (also after a reload), and the
 * assistant's words again once the chat is handed back.
 */
import { rmSync } from 'node:fs';
import type { Socket } from 'socket.io-client';
import type { Frame } from 'playwright-core';
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

const header = (frame: Frame): Promise<string | null> => frame.textContent('.pw-presence');

async function headerSays(frame: Frame, text: string): Promise<void> {
  await frame.waitForFunction(
    (expected) => document.querySelector('.pw-presence')?.textContent === expected,
    text,
    { timeout: 30_000 },
  );
}

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

test('the header follows the handoff: assistant, waiting, the person by name, assistant again', async () => {
  // Sam is signed in but away: the request waits in the queue until he takes it.
  await agentAsk('agent:status', { presence: 'away' });
  const page = await browser.context.newPage();
  let frame = await openWidget(page, host.url);
  expect(await header(frame)).toBe('We reply in a few seconds');
  const escalated = new Promise<{ id: string; conversationId: string }>((resolve) =>
    agent.once('escalation:new', resolve),
  );

  await sendMessage(frame, 'can I talk to a person please');
  const { id } = await escalated;
  await headerSays(frame, 'Waiting for a person from our team');

  await agentAsk('escalation:claim', { escalationId: id });
  await frame.waitForSelector('text=Sam Ortega joined the chat.', { timeout: 30_000 });
  await headerSays(frame, "You're chatting with Sam Ortega");
  await page.screenshot({ path: screenshotPath('widget-header-agent.png') });

  // After a reload the header comes from the saved conversation and the server's state.
  await page.reload();
  frame = await openWidget(page, host.url);
  await frame.waitForSelector('text=Sam Ortega joined the chat.');
  await headerSays(frame, "You're chatting with Sam Ortega");

  await agentAsk('escalation:handback', { escalationId: id });
  await frame.waitForSelector("text=You're chatting with our assistant again.", { timeout: 30_000 });
  await headerSays(frame, 'We reply in a few seconds');
  await page.close();
});
