/**
 * Messages from a walk of the live service, through the bot with the language model and the knowledge
 * base as `npm start` runs them (./live-model) and the handoff as the service composes it with the
 * demo team online (./handoff-bot):
 *
 * - out of scope: the recognizer's out-of-scope class won (or no word is known): the fallback says so
 *   and offers the bot's main topics, never a help article; an in-scope question no intent is sure of
 *   is still answered from the knowledge base;
 * - a message that may ask for a person, below the confidence for a handover on its own: the bot asks,
 *   instead of the intent's written answer promising a handover nobody starts;
 * - an upset customer at a waiting question: sorry once, then a person, never a loop of re-asks or a
 *   help article about how to reach a person;
 * - a calm "I want a refund" is not treated as upset.
 */
import { FindOrderTexts, MainTexts, UpsetTexts } from '../../dialogs';
import { summarize, type ExpectedReply, type ReplySummary } from '../helpers/bot-harness';
import { CONNECTING, startHandoffBot, type HandoffBot } from './handoff-bot';
import { loadLiveParts, type LiveParts } from './live-model';

jest.setTimeout(180_000);

const TOPICS = ['Where is my order?', 'Return an item', 'Shipping costs', 'Talk to a person'];
const PERSON = 'Talk to a person';
const ASK_PERSON: ExpectedReply = { text: MainTexts.offerPerson, quickReplies: [PERSON, 'No thanks'] };
const HANDED_OVER = [
  { text: UpsetTexts.handingOver },
  { event: 'handoff.initiate' },
  { text: expect.stringMatching(CONNECTING) },
];

let parts: LiveParts;
let bot: HandoffBot;

beforeAll(async () => {
  parts = await loadLiveParts();
});
afterAll(async () => {
  await parts?.close();
});
beforeEach(async () => {
  bot = await startHandoffBot({}, { analyzer: parts.analyzer, knowledge: parts.knowledge });
});
afterEach(async () => {
  parts.setIntentThreshold(undefined);
  await bot.close();
});

async function state(id: string): Promise<string | undefined> {
  return (await bot.h.store.conversations.get(id))?.state;
}

async function escalationReason(id: string): Promise<string | undefined> {
  const escalations = await bot.h.store.escalations.listByStatus(['queued', 'assigned'], { limit: 10 });
  return escalations.find((e) => e.conversationId === id)?.reason;
}

/** Says each message in turn; returns the replies to the last one. */
async function sayAll(
  c: { say(text: string): Promise<unknown[]> },
  ...texts: string[]
): Promise<ReplySummary[]> {
  let replies: ReplySummary[] = [];
  for (const text of texts)
    replies = ((await c.say(text)) as Parameters<typeof summarize>[0][]).map(summarize);
  return replies;
}

describe('out of scope', () => {
  it.each([
    'Can you help me with my tax return?',
    'I need some help with my taxes',
    'return my library books',
    "what's the weather tomorrow",
    'tell me a joke',
    'asdfghjkl qwerty',
  ])('"%s" gets the fallback with the main topics, no help article', async (text) => {
    const c = await bot.h.conversation();
    expect(await sayAll(c, text)).toEqual([{ text: MainTexts.outOfScope, quickReplies: TOPICS }]);
  });

  it('an in-scope question below the threshold is still answered from the knowledge base', async () => {
    // With the admin's intent threshold above every score, "none" only means "not sure".
    parts.setIntentThreshold(0.99);
    const c = await bot.h.conversation();
    expect(await sayAll(c, 'how do I wash my merino jumper?')).toEqual([
      {
        text: expect.stringMatching(/wool programme at 30 °C/),
        quickReplies: ['That helped', 'Not quite'],
        cards: ['application/vnd.microsoft.card.hero'],
      },
    ]);
  });
});

describe('a message that may ask for a person, not sure enough to hand over', () => {
  it('asks; "Talk to a person" then hands over', async () => {
    const c = await bot.h.conversation();
    await c.run([['can someone from your team look at this', [ASK_PERSON]]]);
    expect(await state(c.id)).toBe('bot');
    const replies = await sayAll(c, PERSON);
    expect(replies.slice(0, 2)).toEqual([
      { event: 'handoff.initiate' },
      { text: expect.stringMatching(CONNECTING) },
    ]);
    expect(await state(c.id)).toBe('agent');
  });

  it('asks; "yes please" hands over too', async () => {
    const c = await bot.h.conversation();
    await c.run([['can someone from your team look at this', [ASK_PERSON]]]);
    expect((await sayAll(c, 'yes please'))[0]).toEqual({ event: 'handoff.initiate' });
    expect(await state(c.id)).toBe('agent');
  });

  it('asks; "No thanks" carries on with the bot', async () => {
    const c = await bot.h.conversation();
    await c.run([
      ['can someone from your team look at this', [ASK_PERSON]],
      ['No thanks', [{ text: MainTexts.noPerson, quickReplies: TOPICS }]],
    ]);
    expect(await state(c.id)).toBe('bot');
  });

  it('asks; a "no" that goes on to ask for something else is that request', async () => {
    const c = await bot.h.conversation();
    await c.run([
      ['can someone from your team look at this', [ASK_PERSON]],
      ['no, I want to know where my order is', [{ text: FindOrderTexts.askNumber }]],
    ]);
  });
});

describe('an upset customer at the order-number question', () => {
  it('hears sorry once: a re-ask, then the next question, offer a person without a second sorry', async () => {
    const c = await bot.h.conversation();
    await c.run([
      ['Where is my order?', [{ text: FindOrderTexts.askNumber }]],
      [
        'I have been waiting for two weeks',
        [{ text: `${UpsetTexts.offer} ${FindOrderTexts.retryNumber}`, quickReplies: [PERSON] }],
      ],
      [
        'A1042, I have been waiting for two weeks',
        [{ text: `${UpsetTexts.offerAgain} ${FindOrderTexts.askEmail('A1042')}`, quickReplies: [PERSON] }],
      ],
    ]);
    expect(await state(c.id)).toBe('bot');
  });

  it('offered a person and upset again without an answer: handed over, not asked again', async () => {
    const c = await bot.h.conversation();
    await sayAll(c, 'Where is my order?', 'I have been waiting for two weeks');
    expect((await sayAll(c, 'are you even listening?? awful service')).slice(0, 3)).toEqual(HANDED_OVER);
    expect(await state(c.id)).toBe('agent');
    expect(await escalationReason(c.id)).toBe('negative_sentiment');
  });

  it('with the mood trigger due, the first upset message is handed over (a platinum customer)', async () => {
    const c = await bot.h.conversation({ customer: 'ingrid' });
    await sayAll(c, 'Where is my order?', 'Another order');
    expect((await sayAll(c, 'I do not have it, this is so frustrating')).slice(0, 3)).toEqual(HANDED_OVER);
    expect(await state(c.id)).toBe('agent');
    expect(await escalationReason(c.id)).toBe('negative_sentiment');
  });
});

describe('an upset complaint', () => {
  it('is offered a person, not a help article; upset again, it is handed over', async () => {
    const c = await bot.h.conversation();
    await c.run([
      [
        'are you even listening?? awful service',
        [{ text: UpsetTexts.complaint, quickReplies: [PERSON, 'No thanks'] }],
      ],
    ]);
    expect(await state(c.id)).toBe('bot');
    expect((await sayAll(c, 'seriously this is useless!!')).slice(0, 3)).toEqual(HANDED_OVER);
    expect(await state(c.id)).toBe('agent');
  });
});

describe('a calm request for a refund', () => {
  it('is asked for the order number, with no sorry and no offer of a person', async () => {
    const c = await bot.h.conversation();
    expect(await sayAll(c, 'I want a refund')).toEqual([{ text: FindOrderTexts.askNumber }]);
  });
});
