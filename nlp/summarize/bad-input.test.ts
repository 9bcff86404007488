import { MAX_ARTICLE_SENTENCES, splitArticle, summarizeArticle } from './article';
import {
  MAX_TURN_CHARS,
  MAX_TURNS,
  splitConversation,
  summarizeConversation,
  type ConversationTurn,
} from './conversation';
import { rouge } from './rouge';
import { MAX_INPUT_CHARS, sanitize } from './text';

const EMPTY_ARTICLE = { sentences: [], text: '', truncated: false };
const EMPTY_CONVERSATION = { sentences: [], text: '' };

describe('bad input gives defined results, never exceptions', () => {
  test('empty and whitespace-only text', () => {
    expect(summarizeArticle('')).toEqual(EMPTY_ARTICLE);
    expect(summarizeArticle(' \n\n\t ')).toEqual(EMPTY_ARTICLE);
    expect(summarizeConversation([])).toEqual(EMPTY_CONVERSATION);
    expect(summarizeConversation([{ speaker: 'customer', text: '' }])).toEqual(EMPTY_CONVERSATION);
  });

  test('not a string / not an array / holes (JavaScript callers)', () => {
    expect(summarizeArticle(undefined as unknown as string)).toEqual(EMPTY_ARTICLE);
    expect(summarizeArticle(42 as unknown as string)).toEqual(EMPTY_ARTICLE);
    expect(summarizeArticle('Fine text here.', null as never)).toEqual(summarizeArticle('Fine text here.'));
    expect(summarizeConversation(null as unknown as ConversationTurn[])).toEqual(EMPTY_CONVERSATION);
    const odd = [
      null,
      { speaker: 'robot', text: 7 },
      { text: 'My card was charged twice for one order.' },
    ] as unknown as ConversationTurn[];
    expect(summarizeConversation(odd)).toEqual({
      sentences: [
        {
          speaker: 'customer',
          text: 'My card was charged twice for one order.',
          turnIndex: 2,
          index: 0,
          score: 1,
        },
      ],
      text: 'Customer: My card was charged twice for one order.',
    });
  });

  test('100 KB of text is capped at MAX_INPUT_CHARS (articles) and MAX_TURN_CHARS (turns)', () => {
    const sentence = 'The courier left the parcel at the depot on Friday. ';
    const big = sentence.repeat(Math.ceil(100_000 / sentence.length)); // ≈ 100 KB
    expect(big.length).toBeGreaterThanOrEqual(100_000);
    expect(sanitize(big).length).toBeLessThanOrEqual(MAX_INPUT_CHARS);
    expect(splitArticle(big)).toHaveLength(MAX_ARTICLE_SENTENCES);
    const article = summarizeArticle(big, { maxChars: 120 });
    expect(article.text).toBe(
      'The courier left the parcel at the depot on Friday. The courier left the parcel at the depot on Friday.',
    );

    const turns: ConversationTurn[] = [
      { speaker: 'customer', text: big },
      { speaker: 'agent', text: 'We have asked the depot to redeliver the parcel tomorrow.' },
    ];
    const sentences = splitConversation(turns);
    const firstTurnChars = sentences
      .filter((s) => s.turnIndex === 0)
      .reduce((n, s) => n + s.text.length + 1, 0);
    expect(firstTurnChars).toBeLessThanOrEqual(MAX_TURN_CHARS + 1);
    expect(summarizeConversation(turns, { maxSentences: 2 }).text).toBe(
      'Customer: The courier left the parcel at the depot on Friday.\nAgent: We have asked the depot to redeliver the parcel tomorrow.',
    );
  });

  test('very long conversations keep the first and last MAX_TURNS / 2 turns', () => {
    const turns: ConversationTurn[] = Array.from({ length: 1000 }, (_, i) => ({
      speaker: i % 2 ? 'agent' : 'customer',
      text: `Message number ${i} about the router firmware update.`,
    }));
    const turnIndexes = new Set(splitConversation(turns).map((s) => s.turnIndex));
    expect(turnIndexes.size).toBe(MAX_TURNS);
    expect(turnIndexes.has(0) && turnIndexes.has(999) && !turnIndexes.has(500)).toBe(true);
    expect(summarizeConversation(turns).sentences.length).toBe(3);
  });

  test('control characters, zero-width characters and lone surrogates', () => {
    const nasty =
      'Refund\u0000 was\u0007 never\u001b[31m issued\u200b for order 55.\r\nStill\uD800 waiting\u0085.';
    expect(sanitize(nasty)).toBe('Refund  was  never [31m issued  for order 55.\nStill\uFFFD waiting .');
    expect(summarizeArticle(nasty).text).toBe(
      'Refund was never [31m issued for order 55. Still\uFFFD waiting .',
    );
    const summary = summarizeConversation([{ speaker: 'customer', text: nasty }]);
    expect(summary.text).toBe('Customer: Refund was never [31m issued for order 55. Still\uFFFD waiting .');
  });

  test('emoji only', () => {
    expect(summarizeArticle('😀😀 🎉🎉🎉\n\n👍')).toEqual(EMPTY_ARTICLE);
    expect(
      summarizeConversation([
        { speaker: 'customer', text: '😡😡😡' },
        { speaker: 'agent', text: '🙏' },
      ]),
    ).toEqual(EMPTY_CONVERSATION);
  });

  test('a conversation of greetings, thanks and sign-offs has an empty summary', () => {
    const turns: ConversationTurn[] = [
      { speaker: 'customer', text: 'Hi' },
      { speaker: 'bot', text: 'Hello! How can I help you today?' },
      { speaker: 'customer', text: 'Thanks!' },
      { speaker: 'agent', text: "You're welcome. Have a great day! ^AB" },
      { speaker: 'customer', text: '@Acme thank you so much 😊' },
    ];
    expect(splitConversation(turns).every((s) => s.filler)).toBe(true);
    expect(summarizeConversation(turns)).toEqual(EMPTY_CONVERSATION);
  });

  test('odd budgets', () => {
    const turns: ConversationTurn[] = [{ speaker: 'customer', text: 'My parcel never arrived at all.' }];
    expect(summarizeConversation(turns, { maxSentences: 0 })).toEqual(EMPTY_CONVERSATION);
    expect(summarizeConversation(turns, { maxSentences: -3 })).toEqual(EMPTY_CONVERSATION);
    expect(summarizeConversation(turns, { maxChars: NaN }).text).toBe(
      'Customer: My parcel never arrived at all.',
    );
    expect(summarizeArticle('My parcel never arrived at all.', { maxChars: 0 })).toEqual(EMPTY_ARTICLE);
    expect(summarizeArticle('My parcel never arrived at all.', { maxChars: NaN }).text).toBe(
      'My parcel never arrived at all.',
    );
  });

  test('rouge on junk', () => {
    expect(rouge('', '').rouge1.f1).toBe(0);
    expect(rouge('😀', '🎉').rougeL.f1).toBe(0);
    expect(rouge(null as unknown as string, 'a').rouge2.f1).toBe(0);
  });
});
