/**
 * The turn recorder in the real pipeline: the demo support bot (nlp.js on the demo intents) behind the
 * /chat namespace on a random port, with the recorder wired the way the composition root does it
 * (`middleware: [recorder]`, `handoff.onHumanOwned: recorder.onHumanOwned()`). A customer's messages
 * become turn records, and analytics reads them back.
 */
import { computeAnalytics, loadAnalyticsData } from '../analytics';
import { TurnRecorder } from '../bot/turn-recorder';
import { MainTexts } from '../dialogs';
import type { ChatMessageView } from '../protocol';
import { DEMO_REFERENCE_DATE } from '../server/seed';
import type { TurnRecord } from '../store';
import { demoSupportBot } from './helpers/demo-bot';
import { request, startTestServer, type ChatClient, type TestServer } from './helpers/test-server';

jest.setTimeout(60_000);

let t: TestServer;
const warnings: object[] = [];
beforeAll(async () => {
  t = await startTestServer(async (store) => {
    const recorder = new TurnRecorder({
      records: store.turnRecords,
      logger: { warn: (o) => warnings.push(o) },
    });
    const bot = await demoSupportBot(store, {
      now: DEMO_REFERENCE_DATE,
      middleware: [recorder],
      handoff: { onHumanOwned: recorder.onHumanOwned() },
    });
    return { bot };
  });
});
afterAll(async () => {
  await t?.close();
});

const all = () => t.store.turnRecords.listBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z');

/** Sends a message and waits until its turn record is written (the end of the bot's turn). */
let conversationId: string | undefined;
async function send(socket: ChatClient, text: string, id: string): Promise<TurnRecord> {
  const replies: ChatMessageView[] = [];
  socket.on('chat:reply', (m) => replies.push(m));
  const ack = await request<{ data: { conversationId: string; seq: number } }>(socket, 'chat:message', {
    clientMessageId: id,
    ...(conversationId ? { conversationId } : {}),
    text,
  });
  conversationId = ack.data.conversationId;
  for (let i = 0; i < 100; i++) {
    const record = (await all()).find(
      (r) => r.conversationId === ack.data.conversationId && r.seq === ack.data.seq,
    );
    if (record) return record;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`no turn record for "${text}" (replies: ${replies.map((r) => r.text).join(' | ')})`);
}

test('fallback, answers, the hand-over and messages to the person are recorded; analytics reads them', async () => {
  const { socket } = await t.client();
  const fallback = await send(socket, 'zzkx qwop vlorb', 'm1');
  expect(fallback).toMatchObject({
    seq: 1,
    intent: 'none',
    fallback: true,
    answeredBy: 'fallback',
    articleId: null,
  });
  const stored = await t.store.messages.listAfter(fallback.conversationId, 0);
  // No word the bot knows: out of scope, said so, and counted as a fallback.
  expect(stored[1]).toMatchObject({ sender: 'bot', text: MainTexts.outOfScope });

  const order = await send(socket, 'where is my order', 'm2');
  expect(order).toMatchObject({ intent: 'order.status', fallback: false, answeredBy: 'dialog' });
  expect(order.score).toBeGreaterThan(0.5);
  expect(order.language).toBe('en');

  const human = await send(socket, 'I want to talk to a human', 'm3');
  expect(human).toMatchObject({ fallback: false, answeredBy: 'dialog' });
  expect((await t.store.conversations.get(human.conversationId))?.state).toBe('queued');

  const waiting = await send(socket, 'hello? is anyone there?', 'm4');
  expect(waiting).toMatchObject({ intent: 'none', fallback: false, answeredBy: 'human', score: 0 });
  expect(warnings).toEqual([]);

  const now = new Date(Date.now() + 60_000);
  const period = {
    from: new Date(Date.now() - 3_600_000).toISOString(),
    to: now.toISOString(),
    bucket: 'day' as const,
  };
  const report = computeAnalytics(await loadAnalyticsData(t.store, period, now), period, { now });
  // Three messages the bot handled (the fourth went to the person), one of them a fallback.
  expect(report.summary).toMatchObject({ conversations: 1, botTurns: 3, fallbacks: 1, fallbackRate: 0.3333 });
  expect(report.summary.topIntents.map((i) => i.intent)).toContain('order.status');
});
