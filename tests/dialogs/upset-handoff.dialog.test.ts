/**
 * An upset message gets one answer, never a question and a handoff notice at once. The bot runs with
 * the handoff as the service composes it and the team online (./handoff-bot).
 *
 * - The bot's one chance (mood counts from the second message by default): it serves the request and
 *   says sorry and offers a person on the same reply, so no trigger (a platinum customer in trouble,
 *   say) hands over on top of its question.
 * - When the mood trigger is due, a person takes over before anything is asked: a message that asks
 *   for something new, and one at a waiting question that does not answer it (it is not asked again).
 * - Sorry is said once per stretch of upset messages, not on every question.
 */
import { FindOrderTexts, UpsetTexts } from '../../dialogs';
import type { PolicyConfig } from '../../handoff';
import { summarize, type BotHarness, type TestConversation } from '../helpers/bot-harness';
import { CONNECTING, asksAndHandsOver, startHandoffBot, type HandoffBot } from './handoff-bot';

const UPSET = 'Where is my order?! This is ridiculous, third time I ask';
const PERSON = 'Talk to a person';

let bot: HandoffBot;
let h: BotHarness;

async function start(policy: Partial<PolicyConfig> = {}): Promise<void> {
  bot = await startHandoffBot(policy);
  h = bot.h;
}

afterEach(async () => {
  await bot.close();
});

async function state(c: TestConversation): Promise<string | undefined> {
  return (await h.store.conversations.get(c.id))?.state;
}

async function say(c: TestConversation, text: string) {
  const replies = (await c.say(text)).map(summarize);
  expect(asksAndHandsOver(replies)).toBe(false);
  return replies;
}

describe('an upset first message the bot can serve', () => {
  it('gets the question with sorry and a person, and no handover; answering it carries on with the bot', async () => {
    await start();
    const c = await h.conversation();
    expect(await say(c, UPSET)).toEqual([
      { text: `${UpsetTexts.offer} ${FindOrderTexts.askNumber}`, quickReplies: [PERSON] },
    ]);
    expect(await state(c)).toBe('bot');
    await c.run([
      ['A1042', [FindOrderTexts.askEmail('A1042')]],
      ['maya.okafor@example.com', [/^Order A1042 shipped yesterday with Heronway\./]],
    ]);
    expect(await state(c)).toBe('bot');
  });

  it('from a platinum customer (handed over when in trouble) gets the offer on the question instead of a handover', async () => {
    await start();
    const c = await h.conversation({ customer: 'ingrid' });
    expect(await say(c, UPSET)).toEqual([
      {
        text: `Hi Ingrid! ${UpsetTexts.offer} I see your return of order A1024 is being checked — is this about that one?`,
        quickReplies: ['Yes, A1024', 'Another order', PERSON],
      },
    ]);
    expect(await state(c)).toBe('bot');
  });

  it('tapping "Talk to a person" then hands over, with no question', async () => {
    await start();
    const c = await h.conversation();
    await say(c, UPSET);
    const replies = await say(c, PERSON);
    expect(replies.slice(0, 2)).toEqual([
      { event: 'handoff.initiate' },
      { text: expect.stringMatching(CONNECTING) },
    ]);
    expect(await state(c)).toBe('agent');
  });

  it('answered without a flow, carries the offer too', async () => {
    await start();
    const c = await h.conversation();
    expect(await say(c, 'How much is shipping? This is ridiculous')).toEqual([
      {
        text: expect.stringMatching(/^I'm sorry about this\. /),
        quickReplies: [PERSON],
      },
    ]);
    expect(await state(c)).toBe('bot');
  });

  it('a calm message is answered as before, without sorry or the offer', async () => {
    await start();
    const c = await h.conversation();
    await c.run([['Where is my order?', [{ text: FindOrderTexts.askNumber }]]]);
    const [reply] = await say(c, 'A1042');
    expect(reply).toEqual({ text: FindOrderTexts.askEmail('A1042') });
  });
});

describe('when the mood trigger is due', () => {
  it('an upset second message asking for something new is handed over at once: sorry and the handover, nothing asked', async () => {
    await start();
    const c = await h.conversation();
    await c.run([['How much is shipping?', [/^Standard shipping/]]]);
    const replies = await say(c, UPSET);
    expect(replies.slice(0, 3)).toEqual([
      { text: UpsetTexts.handingOver },
      { event: 'handoff.initiate' },
      { text: expect.stringMatching(CONNECTING) },
    ]);
    expect(await state(c)).toBe('agent');
    const [escalation] = await h.store.escalations.listByStatus(['queued', 'assigned'], { limit: 10 });
    expect(escalation).toMatchObject({ conversationId: c.id, reason: 'negative_sentiment' });
  });

  it('with the admin\'s "messages before mood counts" at 1, the first upset message is handed over the same way', async () => {
    await start({ sentimentMinTurns: 1 });
    const c = await h.conversation();
    const replies = await say(c, UPSET);
    expect(replies.slice(0, 3)).toEqual([
      { text: UpsetTexts.handingOver },
      { event: 'handoff.initiate' },
      { text: expect.stringMatching(CONNECTING) },
    ]);
    expect(await state(c)).toBe('agent');
  });

  it('an upset message at a waiting question that does not answer it is handed over, not asked again', async () => {
    await start();
    const c = await h.conversation();
    await c.run([['Where is my order A1042?', [FindOrderTexts.askEmail('A1042')]]]);
    const replies = await say(c, 'I already told you, this is ridiculous!!');
    expect(replies.slice(0, 3)).toEqual([
      { text: UpsetTexts.handingOver },
      { event: 'handoff.initiate' },
      { text: expect.stringMatching(CONNECTING) },
    ]);
    expect(await state(c)).toBe('agent');
    const [escalation] = await h.store.escalations.listByStatus(['queued', 'assigned'], { limit: 10 });
    expect(escalation).toMatchObject({ conversationId: c.id, reason: 'negative_sentiment' });
  });

  it('the router counts as the policy does: frustrated twice, with an answered offer between, is handed over at once', async () => {
    // Below every message's score: only the policy's count of frustrated messages can fire.
    await start({ sentimentThreshold: -0.8 });
    const c = await h.conversation();
    expect(await say(c, 'How much is shipping? This is ridiculous')).toEqual([
      { text: expect.stringMatching(/^I'm sorry about this\. /), quickReplies: [PERSON] },
    ]);
    // She carries on with the bot (the offer is answered); her first frustrated message still counts.
    await c.run([['How much is shipping?', [/^Standard shipping/]]]);
    const replies = await say(c, UPSET);
    expect(replies.slice(0, 3)).toEqual([
      { text: UpsetTexts.handingOver },
      { event: 'handoff.initiate' },
      { text: expect.stringMatching(CONNECTING) },
    ]);
    const [escalation] = await h.store.escalations.listByStatus(['queued', 'assigned'], { limit: 10 });
    expect(escalation).toMatchObject({ conversationId: c.id, reason: 'negative_sentiment' });
  });

  it('a customer who was offered a person and answers the question decides: no handover, and no second sorry', async () => {
    await start();
    const c = await h.conversation();
    await say(c, UPSET);
    expect(await say(c, 'A1042, and hurry up, this is ridiculous')).toEqual([
      { text: `${UpsetTexts.offerAgain} ${FindOrderTexts.askEmail('A1042')}`, quickReplies: [PERSON] },
    ]);
    expect(await state(c)).toBe('bot');
  });

  it('offered a person, upset again without answering the question: handed over, not asked again', async () => {
    await start();
    const c = await h.conversation();
    await say(c, UPSET);
    const replies = await say(c, "I don't have it, this is ridiculous");
    expect(replies.slice(0, 3)).toEqual([
      { text: UpsetTexts.handingOver },
      { event: 'handoff.initiate' },
      { text: expect.stringMatching(CONNECTING) },
    ]);
    expect(await state(c)).toBe('agent');
  });
});
