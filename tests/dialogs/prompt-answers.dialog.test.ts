/**
 * What the customer types at a prompt, as [says, replies] tables through the real SupportBot: an
 * answer that fits the prompt is its answer (whatever the intent model reads into it), a clear request
 * for another flow switches to it, an upset customer is not answered with the bare question, a
 * message in a language the intents do not cover gets a note in that language, a signed-in customer's
 * "another order" lists her recent orders (never a visitor's), and "how are you?" gets a short answer.
 *
 * The analyzer is the harness's rule analyzer with the live model's readings of a few walked messages
 * (e.g. the email read as `human.agent` at 0.88) and the real language detector.
 */
import {
  AccountTexts,
  EscalationTexts,
  FindOrderTexts,
  GreetingTexts,
  LanguageTexts,
  MainTexts,
  PromptTexts,
  ReturnTexts,
  SmallTalkTexts,
  type TextAnalysis,
} from '../../dialogs';
import { detectLanguage } from '../../nlp';
import { RuleAnalyzer, createBotHarness, summarize, type BotHarness } from '../helpers/bot-harness';

const TOPICS = ['Where is my order?', 'Return an item', 'Shipping costs', 'Talk to a person'];
const RECEIPT = 'application/vnd.microsoft.card.receipt';

/** The live model's readings of messages from the walks: [intent, score]. */
const LIVE_READINGS: Record<string, [string, number]> = {
  'jonas.weber@example.com': ['human.agent', 0.88],
  'maya.okafor@example.com': ['human.agent', 0.88],
  A1050: ['human.agent', 0.86],
  'yes please': ['human.agent', 0.83],
  'ugh, this is going nowhere': ['human.agent', 0.88],
  "my tent order still hasn't shipped": ['order.status', 0.91],
  'how are you today?': ['smalltalk.greeting', 0.9],
  '¿Dónde está mi pedido?': ['privacy.data_request', 0.5],
  'Wo ist meine Bestellung?': ['shipping.international', 0.41],
  'Où est ma commande ?': ['order.status', 0.62],
  'Ciao, dove è il mio ordine?': ['human.agent', 0.81],
};

class WalkedAnalyzer extends RuleAnalyzer {
  override analyze(text: string, context?: { referenceDate?: Date }): TextAnalysis {
    const analysis = super.analyze(text, context);
    const language = detectLanguage(text);
    const reading = LIVE_READINGS[text];
    return {
      ...analysis,
      language: language.language,
      languageConfidence: language.confidence,
      ...(reading
        ? { ranking: [{ intent: reading[0], score: reading[1] }], intent: reading[0], reason: 'ok' }
        : {}),
    };
  }
}

let h: BotHarness;
beforeEach(async () => {
  h = await createBotHarness({ analyzer: new WalkedAnalyzer() });
});
afterEach(async () => {
  await h.close();
});

const stateOf = async (id: string) => (await h.store.conversations.get(id))?.state;

describe('an answer that fits the prompt is never an interruption', () => {
  it('an email at the email prompt runs the return, even when the model reads "human.agent"', async () => {
    const c = await h.conversation();
    await c.run([
      ['I want to return an item', [/What's the order number\?|What's your order number\?/]],
      ['A1061', [FindOrderTexts.askEmail('A1061')]],
      [
        'jonas.weber@example.com',
        [
          {
            text: ReturnTexts.whichItem,
            quickReplies: [
              'Hearthstone Stoneware Bowls (Ash Glaze)',
              'Driftline Pour-Over Set',
              'All of them',
            ],
          },
        ],
      ],
      ['the bowls', [ReturnTexts.condition(false)]],
      ['yes please', [ReturnTexts.confirm('the Hearthstone Stoneware Bowls (Ash Glaze)', 'A1061')]],
    ]);
    expect(await stateOf(c.id)).toBe('bot');
  });

  it('an order number at the order-number prompt is looked up, whatever the model reads', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order?', [FindOrderTexts.askNumber]],
      ['A1050', [FindOrderTexts.askEmail('A1050')]],
    ]);
    expect(await stateOf(c.id)).toBe('bot');
  });

  it('explicit phrases still interrupt at any step; a message that is no answer still can', async () => {
    const person = await h.conversation();
    await person.run([
      ['where is my order A1042', [FindOrderTexts.askEmail('A1042')]],
      ['talk to a person', [EscalationTexts.joining, { event: 'handoff.initiate' }]],
    ]);
    expect(await stateOf(person.id)).toBe('queued');

    const cancel = await h.conversation({ customer: 'maya' });
    await cancel.run([
      ['I want to change my email', [`Hi Maya! ${AccountTexts.askEmail}`]],
      ['maya.new@example.com', [/^Change your account email/]],
      ['cancel', [{ text: MainTexts.cancelled, quickReplies: TOPICS }]],
    ]);

    // Not an email at the email prompt: the model's confident reading still hands over.
    const notAnAnswer = await h.conversation();
    await notAnAnswer.run([
      ['where is my order A1042', [FindOrderTexts.askEmail('A1042')]],
      ['ugh, this is going nowhere', [EscalationTexts.joining, { event: 'handoff.initiate' }]],
    ]);
  });
});

describe('prompts do not trap the customer', () => {
  it('a return request at the order-number prompt switches to returns', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order?', [FindOrderTexts.askNumber]],
      ['I want to return the sweater', [FindOrderTexts.askReturnNumber]],
      ['A1018', [FindOrderTexts.askEmail('A1018')]],
      ['maya.okafor@example.com', [ReturnTexts.condition(false)]],
    ]);
  });

  it('a signed-in customer switching to a return goes straight to the order holding the product she named', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['where is my order?', [/^Hi Maya! I see order A1042 shipped yesterday/]],
      ['I want to return the sweater', [{ text: ReturnTexts.condition(false), quickReplies: ['Yes', 'No'] }]],
    ]);
  });

  it('a return request carrying an order number keeps the number', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['where is my order?', [/is this about that one\?$/]],
      ['I want to return A1018', [ReturnTexts.condition(false)]],
    ]);
  });

  it('at the greeting\'s "is it about that order?", a request about another order is answered', async () => {
    const c = await h.conversation({ customer: 'jonas' });
    await c.run([
      ['hi', [/^Hi Jonas! I see order A1064 is running late — is this about that one\?$/]],
      ["my tent order still hasn't shipped", [{ text: /^Order A1064 is delayed/, cards: [RECEIPT] }]],
    ]);
  });

  it('an upset customer hears sorry and the offer of a person, and the re-ask limit stays at two', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order?', [FindOrderTexts.askNumber]],
      [
        'this is ridiculous!! I just want my parcel',
        [
          {
            text: `${PromptTexts.upset} ${FindOrderTexts.retryNumber}`,
            quickReplies: ['Talk to a person'],
          },
        ],
      ],
      ['I lost it', [FindOrderTexts.retryNumber]],
      ['no idea', [{ text: FindOrderTexts.gaveUpNumber, quickReplies: ['Talk to a person'] }]],
    ]);
  });

  it('yes/no questions are asked again as questions, with Yes/No quick replies', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['hi', [/^Hi Maya! I see order A1042/]],
      [
        'maybe later',
        [{ text: GreetingTexts.aboutOrderAgain('A1042'), quickReplies: ['Yes, that one', 'Something else'] }],
      ],
    ]);
    const returns = await h.conversation({ customer: 'maya' });
    await returns.run([
      ['I want to return something', [/is this about that one\?$/]],
      ['yes', [ReturnTexts.condition(false)]],
      [
        'hmm',
        [
          {
            text: `Sorry, I didn't catch that. ${ReturnTexts.condition(false)}`,
            quickReplies: ['Yes', 'No'],
          },
        ],
      ],
      ['yes', [/^Shall I open a return/]],
      ['hmm', [{ text: ReturnTexts.confirmAgain, quickReplies: ['Yes, open the return', 'No, leave it'] }]],
    ]);
    const account = await h.conversation({ customer: 'maya' });
    await account.run([
      ['I want to change my email', [/What's the new email address\?$/]],
      ['maya.new@example.com', [/^Change your account email/]],
      ['hmm', [{ text: AccountTexts.confirmAgain, quickReplies: ['Yes, change it', 'No, keep it'] }]],
    ]);
    for (const text of [
      GreetingTexts.aboutOrderAgain('A1042'),
      ReturnTexts.confirmAgain,
      AccountTexts.confirmAgain,
    ])
      expect(text).not.toMatch(/yes or no/i);
  });
});

describe('languages the intents do not cover', () => {
  const note = (language: 'es' | 'de' | 'fr') => ({
    text: `${LanguageTexts[language].text}\n\n${LanguageTexts.en.text}`,
    quickReplies: [LanguageTexts[language].continueInEnglish, LanguageTexts[language].talkToAPerson],
  });

  it.each([
    ['¿Dónde está mi pedido?', 'es'],
    ['Wo ist meine Bestellung?', 'de'],
    ['Où est ma commande ?', 'fr'],
  ] as const)(
    '%j gets the note in its language and in English, and no silent handoff',
    async (says, language) => {
      const c = await h.conversation();
      const replies = (await c.say(says)).map(summarize);
      expect(await stateOf(c.id)).toBe('bot');
      expect(replies).toEqual([note(language)]);
    },
  );

  it('a language we have no sentence for gets the English note; a confident human.agent reading does not hand over', async () => {
    const c = await h.conversation();
    await c.run([
      [
        'Ciao, dove è il mio ordine?',
        [{ text: LanguageTexts.en.text, quickReplies: ['Continue in English', 'Talk to a person'] }],
      ],
    ]);
    expect(await stateOf(c.id)).toBe('bot');
  });

  it('the quick replies carry on in English or bring in a person', async () => {
    const c = await h.conversation();
    const [noteReply] = await c.say('¿Dónde está mi pedido?');
    const values = noteReply.suggestedActions!.actions.map((a) => a.value as string);
    await c.run([
      [values[0], [{ text: MainTexts.help, quickReplies: TOPICS }]],
      [values[1], [EscalationTexts.joining, { event: 'handoff.initiate' }]],
    ]);
    const stored = await h.store.messages.listAfter(c.id, 0);
    expect(stored.find((m) => m.sender === 'system')?.attachments[0]).toMatchObject({
      content: { name: 'handoff.initiate', value: { reason: 'customer_request' } },
    });
  });

  it('at a prompt the note keeps the prompt waiting; English and short answers are not taken for a foreign language', async () => {
    const c = await h.conversation();
    await c.run([
      ['where is my order?', [FindOrderTexts.askNumber]],
      ['Wo ist meine Bestellung?', [note('de')]],
      ['A1042', [FindOrderTexts.askEmail('A1042')]],
      ['maya.okafor@example.com', [{ text: /^Order A1042 shipped yesterday/, cards: [RECEIPT] }]],
      ['merci', [MainTexts.fallback]],
    ]);
  });
});

describe('"another order" for a signed-in customer', () => {
  it('after seeing one order, "what about my other order?" lists her other recent orders', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['has A1042 shipped?', [{ text: /^Hi Maya! Order A1042 shipped yesterday/, cards: [RECEIPT] }]],
      [
        'what about my other order?',
        [
          {
            text: FindOrderTexts.pick,
            quickReplies: ['A1043 · Corrie Wool Throw +1', 'A1018 · Saltmarsh Fisherman Sweater'],
          },
        ],
      ],
      ['A1043', [{ text: /^Order A1043 is running late/, cards: [RECEIPT] }]],
    ]);
  });

  it('the list shows only her own orders, and a number not on the account is still refused', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([
      ['where is my order?', [/is this about that one\?$/]],
      ['a different one', [{ text: FindOrderTexts.pick }]],
      ['A1050', [FindOrderTexts.notOnAccount('A1050'), FindOrderTexts.askNumber]],
    ]);
  });

  it('an unverified visitor is asked for the number, with no orders listed', async () => {
    const c = await h.conversation();
    const [asked] = await c.say('what about my other order?');
    expect(asked.text).toBe(FindOrderTexts.askNumber);
    expect(asked.suggestedActions).toBeUndefined();
    // Even after proving one order, nothing from the CRM is listed.
    await c.run([
      ['A1042', [FindOrderTexts.askEmail('A1042')]],
      ['maya.okafor@example.com', [{ text: /^Order A1042 shipped yesterday/ }]],
    ]);
    const [again] = await c.say('what about my other order?');
    expect(again.text).toBe(FindOrderTexts.askNumber);
    expect(again.suggestedActions).toBeUndefined();
  });
});

describe('small talk', () => {
  it('"how are you today?" gets a short friendly answer, not the greeting again', async () => {
    const c = await h.conversation();
    await c.run([
      ['hello', [/^Hi there!/]],
      ['how are you today?', [{ text: SmallTalkTexts.howAreYou, quickReplies: TOPICS }]],
      ["how's it going", [SmallTalkTexts.howAreYou]],
    ]);
  });

  it('a signed-in customer is greeted by name once, without the order question', async () => {
    const c = await h.conversation({ customer: 'maya' });
    await c.run([['how are you today?', [`Hi Maya! ${SmallTalkTexts.howAreYou}`]]]);
  });
});
