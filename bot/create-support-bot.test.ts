/**
 * createSupportBot's live inputs: the "always human" intents are a set the bot reads at each turn, so
 * its owner's edits (an admin flagging an intent) take effect from the next message.
 */
import { TestAdapter } from 'botbuilder';
import type { EscalationRequest, KnowledgeAnswers } from '../dialogs';
import { openSqliteStore, type Store } from '../store';
import type { TextAnalyzer } from './analyzer';
import { createSupportBot, type SupportBotDependencies } from './create-support-bot';
import { TEST_SHOP } from './testing/test-shop';

const NOW = new Date('2026-11-01T12:00:00Z');

const analyzer: TextAnalyzer = {
  analyze: async () => ({
    language: 'en',
    ranking: [{ intent: 'payment.methods', score: 0.9 }],
    intent: 'payment.methods',
    reason: 'ok',
    entities: [],
    sentiment: { score: 0, label: 'neutral', frustration: false },
  }),
};

const knowledge: KnowledgeAnswers = {
  answer: () => ({
    kind: 'answer',
    text: 'Yes, we take PayPal.',
    source: { id: 'faq-payment-methods', kind: 'faq', title: 'Payment methods' },
    confidence: 0.9,
    answerId: 'a1',
  }),
};

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ file: ':memory:', clock: () => NOW });
});
afterEach(() => store.close());

function botWith(alwaysHumanIntents: SupportBotDependencies['alwaysHumanIntents']) {
  const escalations: EscalationRequest[] = [];
  const parley = createSupportBot({
    store,
    analyzer,
    knowledge,
    ...TEST_SHOP,
    clock: () => NOW,
    alwaysHumanIntents,
    escalator: {
      async escalate(context, request) {
        escalations.push(request);
        await context.sendActivity('A person will join.');
      },
    },
    groupCommit: false,
  });
  const adapter = parley.attach(new TestAdapter((context) => parley.bot.run(context)));
  return { adapter, escalations };
}

test('an intent added to the always-human set goes to a person from the next turn', async () => {
  const alwaysHuman = new Set<string>();
  const { adapter, escalations } = botWith(alwaysHuman);
  await adapter.send('do you take paypal').assertReply('Yes, we take PayPal.');
  expect(escalations).toEqual([]);

  alwaysHuman.add('payment.methods'); // the admin flags the intent while the bot runs
  await adapter.send('do you take paypal, really').assertReply('A person will join.');
  expect(escalations).toMatchObject([{ reason: 'always_human:payment.methods', intent: 'payment.methods' }]);
});

test('without always-human intents nothing is escalated for its intent', async () => {
  const { adapter, escalations } = botWith(undefined);
  await adapter.send('do you take paypal').assertReply('Yes, we take PayPal.');
  expect(escalations).toEqual([]);
});

// The set is the contract: a list would be a copy that no edit reaches, so it must not compile
// (checked by the type check, `npm run typecheck`, not at run time).
// @ts-expect-error an array is not a ReadonlySet
const _listIsRefused: Pick<SupportBotDependencies, 'alwaysHumanIntents'> = { alwaysHumanIntents: ['a'] };
