import { TestAdapter } from 'botbuilder';
import { CsatTexts, FaqTexts, MainTexts, type KnowledgeAnswers } from '../dialogs';
import { openSqliteStore, type Store, type TurnRecord } from '../store';
import type { TextAnalysis, TextAnalyzer } from './analyzer';
import { createSupportBot, type ParleyBot } from './create-support-bot';
import { conversationIdFor } from './middleware';
import { TurnRecorder } from './turn-recorder';
import { TEST_SHOP } from './testing/test-shop';

const NOW = new Date('2026-11-01T12:00:00Z');

const analysis = (
  intent: string,
  score: number,
  sentiment = 0,
  reason = intent === 'none' ? 'below_threshold' : 'ok',
): TextAnalysis => ({
  language: 'en',
  ranking: intent === 'none' ? [{ intent: 'shipping.costs', score }] : [{ intent, score }],
  intent,
  reason,
  entities: [],
  sentiment: { score: sentiment, label: sentiment < 0 ? 'negative' : 'neutral', frustration: false },
});

const analyzer: TextAnalyzer = {
  async analyze(text) {
    if (/human/.test(text)) return analysis('human.agent', 0.97);
    if (/thanks/.test(text)) return analysis('smalltalk.thanks', 0.9);
    if (/^bye/.test(text)) return analysis('smalltalk.goodbye', 0.93);
    if (/paypal/.test(text)) return analysis('payment.methods', 0.88, 0.2);
    if (/parcel/.test(text)) return analysis('none', 0.31);
    if (/joke/.test(text)) return analysis('none', 0.04, 0, 'out_of_scope');
    return analysis('none', 0.12, -0.4);
  },
};

const knowledge: KnowledgeAnswers = {
  answer(query) {
    if (/paypal/.test(query))
      return {
        kind: 'answer',
        text: 'Yes, we take PayPal.',
        source: { id: 'faq-payment-methods', kind: 'faq', title: 'Payment methods' },
        confidence: 0.9,
        answerId: 'a1',
      };
    if (/parcel/.test(query))
      return { kind: 'suggestions', topics: [{ id: 'faq-delivery-time', title: 'Delivery times' }] };
    return { kind: 'suggestions', topics: [] };
  },
};

let store: Store;
let warnings: object[];

function botWith(records: ConstructorParameters<typeof TurnRecorder>[0]['records']): {
  parley: ParleyBot;
  adapter: TestAdapter;
  conversationId: string;
} {
  const recorder = new TurnRecorder({ records, logger: { warn: (o) => warnings.push(o) } });
  const parley = createSupportBot({
    store,
    analyzer,
    knowledge,
    ...TEST_SHOP,
    clock: () => NOW,
    middleware: [recorder],
    handoff: { onHumanOwned: recorder.onHumanOwned() },
    groupCommit: false,
  });
  const adapter = parley.attach(new TestAdapter((context) => parley.bot.run(context)));
  return { parley, adapter, conversationId: conversationIdFor('test', adapter.conversation.conversation.id) };
}

const recorded = async (): Promise<Omit<TurnRecord, 'id' | 'createdAt' | 'conversationId'>[]> =>
  (await store.turnRecords.listBetween('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z'))
    .sort((a, b) => a.seq - b.seq) // one fixed clock: every record has the same createdAt
    .map(({ id: _id, createdAt: _c, conversationId: _cid, ...rest }) => rest);

beforeEach(async () => {
  store = await openSqliteStore({ file: ':memory:', clock: () => NOW });
  warnings = [];
});
afterEach(() => store.close());

test('a fallback, an offer of topics, a knowledge answer and a dialog answer are recorded as such', async () => {
  const { adapter } = botWith(store.turnRecords);
  await adapter.send('blorp').assertReply(MainTexts.fallback);
  await adapter
    .send('where is my parcel hiding')
    .assertReply((a) => expect(a.text).toBe(FaqTexts.suggestions));
  await adapter.send('do you take paypal').assertReply('Yes, we take PayPal.');
  await adapter.send('thanks').assertReply(FaqTexts.glad);
  expect(await recorded()).toEqual([
    {
      seq: 1,
      text: 'blorp',
      language: 'en',
      intent: 'none',
      score: 0.12,
      fallback: true,
      answeredBy: 'fallback',
      articleId: null,
      sentiment: -0.4,
    },
    {
      seq: 3,
      text: 'where is my parcel hiding',
      language: 'en',
      intent: 'none',
      score: 0.31,
      fallback: true,
      answeredBy: 'fallback',
      articleId: null,
      sentiment: 0,
    },
    {
      seq: 5,
      text: 'do you take paypal',
      language: 'en',
      intent: 'payment.methods',
      score: 0.88,
      fallback: false,
      answeredBy: 'knowledge',
      articleId: 'faq-payment-methods',
      sentiment: 0.2,
    },
    // "thanks" answered the FAQ's "did that help?" step.
    {
      seq: 7,
      text: 'thanks',
      language: 'en',
      intent: 'smalltalk.thanks',
      score: 0.9,
      fallback: false,
      answeredBy: 'dialog',
      articleId: null,
      sentiment: 0,
    },
  ]);
});

test('an out-of-scope message is recorded as a fallback (not answered)', async () => {
  const { adapter } = botWith(store.turnRecords);
  await adapter.send('tell me a joke').assertReply(MainTexts.outOfScope);
  expect((await recorded()).map((r) => [r.text, r.intent, r.fallback, r.answeredBy])).toEqual([
    ['tell me a joke', 'none', true, 'fallback'],
  ]);
});

test("the turn that hands over is the bot's; messages while a person owns the chat are a human's", async () => {
  const { adapter, conversationId } = botWith(store.turnRecords);
  await adapter.send('I want a human').startTest();
  expect((await store.conversations.get(conversationId))?.state).toBe('queued');
  adapter.activeQueue.splice(0);
  await adapter.receiveActivity('hello? anyone?');
  expect(adapter.activeQueue).toHaveLength(0);
  const records = await recorded();
  expect(records.map((r) => [r.seq, r.intent, r.fallback, r.answeredBy])).toEqual([
    [1, 'human.agent', false, 'dialog'],
    [4, 'none', false, 'human'],
  ]);
  expect(records[1].text).toBe('hello? anyone?');
});

test('the answer to the satisfaction question is not a question: not recorded', async () => {
  const { adapter } = botWith(store.turnRecords);
  await adapter
    .send('bye')
    .assertReply(MainTexts.goodbye())
    .assertReply((a) => expect(a.text).toContain(CsatTexts.ask));
  await adapter
    .send('5')
    .assertReply((a) => expect(a).toMatchObject({ type: 'event', name: 'parley.csat' }))
    .assertReply(CsatTexts.good);
  expect((await recorded()).map((r) => r.text)).toEqual(['bye']);
});

test('a failing store is logged and the customer still gets the answer', async () => {
  const { adapter } = botWith({
    record: () => Promise.reject(new Error('disk full')),
  });
  await adapter.send('do you take paypal').assertReply('Yes, we take PayPal.');
  await adapter.send('blorp').startTest();
  expect(warnings).toHaveLength(2);
  expect(warnings[0]).toMatchObject({ err: { message: 'disk full' } });
});
