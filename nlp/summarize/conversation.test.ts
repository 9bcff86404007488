import {
  cleanTurnText,
  formatSummary,
  isFiller,
  splitConversation,
  summarizeConversation,
  type ConversationTurn,
} from './conversation';
import { summarizeConversationWithEmbedder } from './index';

const REFUND: ConversationTurn[] = [
  { speaker: 'customer', text: 'Hi there!' },
  {
    speaker: 'customer',
    text: 'My order #A-1042 never arrived and I was still charged $49.99. Can I get a refund?',
  },
  { speaker: 'bot', text: 'Sorry to hear that. Could you confirm the email address on the order?' },
  { speaker: 'customer', text: 'It is jane@example.com. The order was placed on Jan. 3.' },
  {
    speaker: 'agent',
    text: "Thanks, Jane. I've issued a full refund of $49.99 to your card; it will show in 3-5 days. ^AB",
  },
  { speaker: 'customer', text: 'Thanks!' },
  { speaker: 'agent', text: "You're welcome. Have a great day! ^AB" },
];

const TWEETS: ConversationTurn[] = [
  {
    speaker: 'customer',
    text: '@AcmeHelp my package was marked delivered but it never arrived. Order 112-5567.',
  },
  {
    speaker: 'agent',
    text: '@4411 Hi there! Sorry to hear that. Can you DM us the address it was sent to? ^AB',
  },
  { speaker: 'customer', text: '@AcmeHelp Done, sent you a DM.' },
  {
    speaker: 'agent',
    text: "@4411 Thanks! We've sent a replacement by express delivery; it should arrive tomorrow. -MP",
  },
  { speaker: 'customer', text: '@AcmeHelp great, thank you so much!' },
  { speaker: 'agent', text: '@4411 Anytime! Have a great day. ^AB' },
];

describe('summarizeConversation', () => {
  test('exact summary: the problem and what resolved it, pleasantries left out', () => {
    const summary = summarizeConversation(REFUND);
    expect(summary.text).toBe(
      'Customer: My order #A-1042 never arrived and I was still charged $49.99. Can I get a refund?\n' +
        "Agent: I've issued a full refund of $49.99 to your card; it will show in 3-5 days.",
    );
    expect(summary.sentences.map(({ speaker, turnIndex, text }) => ({ speaker, turnIndex, text }))).toEqual([
      {
        speaker: 'customer',
        turnIndex: 1,
        text: 'My order #A-1042 never arrived and I was still charged $49.99.',
      },
      { speaker: 'customer', turnIndex: 1, text: 'Can I get a refund?' },
      {
        speaker: 'agent',
        turnIndex: 4,
        text: "I've issued a full refund of $49.99 to your card; it will show in 3-5 days.",
      },
    ]);
  });

  test('two sentences without labels: one from each side', () => {
    expect(summarizeConversation(REFUND, { maxSentences: 2, labels: false }).text).toBe(
      'My order #A-1042 never arrived and I was still charged $49.99. ' +
        "I've issued a full refund of $49.99 to your card; it will show in 3-5 days.",
    );
  });

  test('tweets: mentions and agent initials removed', () => {
    expect(summarizeConversation(TWEETS).text).toBe(
      'Customer: My package was marked delivered but it never arrived.\n' +
        "Agent: Can you DM us the address it was sent to? We've sent a replacement by express delivery; it should arrive tomorrow.",
    );
    expect(summarizeConversation(TWEETS, { maxSentences: 2 }).text).toBe(
      'Customer: My package was marked delivered but it never arrived.\n' +
        "Agent: We've sent a replacement by express delivery; it should arrive tomorrow.",
    );
  });

  test('maxChars bounds the returned text, labels included', () => {
    for (const maxChars of [0, 20, 80, 150, 400]) {
      for (const labels of [true, false]) {
        const summary = summarizeConversation(TWEETS, { maxChars, labels });
        expect(summary.text.length).toBeLessThanOrEqual(maxChars);
        expect(summary.text).toBe(formatSummary(summary.sentences, labels));
      }
    }
    expect(summarizeConversation(TWEETS, { maxChars: 150 }).sentences.map((s) => s.speaker)).toEqual([
      'customer',
      'agent',
    ]);
  });

  test('deterministic, and ties go to the earlier sentence', () => {
    expect(summarizeConversation(REFUND)).toEqual(summarizeConversation(REFUND));
    const twice: ConversationTurn[] = [
      { speaker: 'customer', text: 'The app crashes on login.' },
      { speaker: 'customer', text: 'The app crashes on login.' },
      { speaker: 'agent', text: 'Please update the app to version 5.2.' },
    ];
    expect(summarizeConversation(twice, { maxSentences: 2 }).sentences.map((s) => s.turnIndex)).toEqual([
      0, 2,
    ]);
  });

  test('vectors (aligned with splitConversation) replace word overlap; a wrong count throws', () => {
    const sentences = splitConversation(REFUND);
    const vectors = sentences.map((s) =>
      s.text.includes('confirm') || s.text.includes('placed') ? [1, 0] : [0, 1],
    );
    const summary = summarizeConversation(REFUND, { vectors });
    expect(summary.sentences.every((s) => !s.text.startsWith('Thanks'))).toBe(true);
    expect(summary.sentences.length).toBe(3);
    expect(() => summarizeConversation(REFUND, { vectors: [[1, 0]] })).toThrow(RangeError);
  });

  test('summarizeConversationWithEmbedder embeds non-filler sentences only', async () => {
    const seen: string[] = [];
    const embedder = {
      embed: async (texts: string[]) => {
        seen.push(...texts);
        return texts.map((t) => new Float32Array([t.includes('refund') ? 1 : 0.2, 1]));
      },
    };
    const summary = await summarizeConversationWithEmbedder(REFUND, embedder);
    expect(seen).toEqual(
      splitConversation(REFUND)
        .filter((s) => !s.filler)
        .map((s) => s.text),
    );
    expect(seen).not.toContain('Thanks!');
    expect(summary.sentences.length).toBe(3);
  });

  test('teleport combination is available and defined', () => {
    const summary = summarizeConversation(REFUND, { combine: 'teleport' });
    expect(summary.sentences.length).toBe(3);
  });
});

describe('splitConversation and fillers', () => {
  test('marks pleasantries', () => {
    expect(splitConversation(REFUND).map((s) => [s.turnIndex, s.speaker, s.text, s.filler])).toEqual([
      [0, 'customer', 'Hi there!', true],
      [1, 'customer', 'My order #A-1042 never arrived and I was still charged $49.99.', false],
      [1, 'customer', 'Can I get a refund?', false],
      [2, 'bot', 'Sorry to hear that.', true],
      [2, 'bot', 'Could you confirm the email address on the order?', false],
      [3, 'customer', 'It is jane@example.com.', true],
      [3, 'customer', 'The order was placed on Jan. 3.', false],
      [4, 'agent', 'Thanks, Jane.', true],
      [4, 'agent', "I've issued a full refund of $49.99 to your card; it will show in 3-5 days.", false],
      [5, 'customer', 'Thanks!', true],
      [6, 'agent', "You're welcome.", true],
      [6, 'agent', 'Have a great day!', true],
    ]);
  });

  test.each([
    ['Hi', true],
    ['Hello!!', true],
    ['Thanks!', true],
    ['Thank you so much for your help', true],
    ["You're welcome", true],
    ['No problem at all :)', true],
    ['Have a great day!', true],
    ['Keep us posted, Dave!', true],
    ['We apologize for the inconvenience.', true],
    ['Ok sure', true],
    ['Steven', true],
    ['👍🙏', true],
    ['Still broken.', false],
    ['Thanks, but my card was charged twice.', false],
    ['Hi, the app crashes on login', false],
  ])('isFiller(%j) = %s', (sentence, expected) => {
    expect(isFiller(sentence, 'customer')).toBe(expected);
  });

  test('cleanTurnText', () => {
    expect(cleanTurnText('@AmazonHelp @115850 my order is late', 'customer')).toBe('My order is late');
    expect(cleanTurnText('@Apple iPhone died', 'customer')).toBe('iPhone died');
    expect(cleanTurnText('@123 We will check. ^GS', 'agent')).toBe('We will check.');
    expect(cleanTurnText('@123 ...advise you further. Steven 2/2', 'agent')).toBe(
      '...advise you further. Steven',
    );
    expect(cleanTurnText('@123 DM me to get started ;) -MP', 'agent')).toBe('DM me to get started ;)');
    expect(cleanTurnText('Fish &amp; chips', 'customer')).toBe('Fish & chips');
    expect(cleanTurnText('Ends with a name -MP', 'customer')).toBe('Ends with a name -MP'); // customers have no signatures
  });
});
